package io.github.setclip.core.pretrained;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.List;
import java.util.Set;

/**
 * A pretrained text encoder from a TorchScript or ONNX file, pooled to one vector per text: input
 * {@code NDList(ids, mask)}, both (B, T) int64 as {@code CaptionTokenizer} writes them, output (B,
 * h) where h is read from the model. The model maps token ids (and the attention mask) to token
 * states (B, T, h); {@link Pooling} makes them one row per text.
 *
 * <p>An ONNX model is fed by input name: {@code input_ids}, and {@code attention_mask} and {@code
 * token_type_ids} (all zeros) when it declares them. A TorchScript model takes {@code (input_ids,
 * attention_mask)} in that order.
 *
 * <p>An ONNX model runs one text at a time, trimmed to its own tokens: a dynamically quantised
 * model (MiniLM's) scales its activations by the whole input, so padding or batching would change
 * every text's embedding. TorchScript models run on the padded batch, which training needs.
 *
 * <pre>{@code
 * Block text = PretrainedTextEncoder.builder()
 *         .setFile(EncoderFile.of(Path.of("minilm.onnx")), EncoderEngine.ONNX)
 *         .optPooling(Pooling.MEAN).build();
 * Block tower = Towers.locked(text, ProjectionHead.build(128, 0.1f), null);
 * }</pre>
 */
public final class PretrainedTextEncoder extends PretrainedEncoder {

    private static final Set<String> ONNX_INPUTS = Set.of("input_ids", "attention_mask", "token_type_ids");

    private final Pooling pooling;

    private PretrainedTextEncoder(Builder b) {
        super(b.file, b.engine);
        this.pooling = b.pooling;
        checkInputs();
    }

    /** A builder; the file and its engine are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** How token states are pooled. */
    public Pooling pooling() {
        return pooling;
    }

    private void checkInputs() {
        List<String> names = model().inputNames();
        if (engine() == EncoderEngine.ONNX
                && (!names.contains("input_ids") || !ONNX_INPUTS.containsAll(names))) {
            close();
            throw new BadEncoderException("encoder file " + file().location() + " takes inputs " + names
                    + "; a text encoder takes input_ids and optionally attention_mask and token_type_ids");
        }
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray ids = inputs.get(0);
        NDArray mask = inputs.size() > 1 ? inputs.get(1) : ids.onesLike();
        if (engine() == EncoderEngine.TORCHSCRIPT) {
            return new NDList(pooling.pool(states(ps, ids, mask, training), mask));
        }
        long[] lengths = mask.sum(new int[] {1}).toLongArray();
        NDList rows = new NDList(lengths.length);
        for (int i = 0; i < lengths.length; i++) {
            long length = Math.max(1, lengths[i]);
            NDIndex row = new NDIndex("{}:{}, 0:{}", i, i + 1, length);
            NDArray rowMask = mask.get(row);
            rows.add(pooling.pool(states(ps, ids.get(row), rowMask, training), rowMask));
        }
        return new NDList(rows.size() == 1 ? rows.head() : ai.djl.ndarray.NDArrays.concat(rows));
    }

    /** Token states (B, T, h) of the model, or a one-line error naming the file. */
    private NDArray states(ParameterStore ps, NDArray ids, NDArray mask, boolean training) {
        NDList in = new NDList();
        if (engine() == EncoderEngine.TORCHSCRIPT) {
            in.add(ids);
            in.add(mask);
        } else {
            for (String name : model().inputNames()) {
                in.add(switch (name) {
                    case "input_ids" -> ids;
                    case "attention_mask" -> mask;
                    default -> ids.zerosLike();
                });
            }
        }
        NDList out;
        try {
            out = model().forward(ps, in, training);
        } catch (RuntimeException e) {
            throw new BadEncoderException("encoder file " + file().location() + " fails on token ids of"
                    + " shape " + ids.getShape() + " (" + BadEncoderException.firstLine(e) + ")", e);
        }
        NDArray states = out.head();
        if (states.getShape().dimension() != 3) {
            throw new BadEncoderException("encoder file " + file().location() + " outputs "
                    + states.getShape() + " for token ids " + ids.getShape() + "; a text encoder must"
                    + " output token states (B, T, h)");
        }
        return states;
    }

    @Override
    int probeWidth(NDManager manager, Shape[] inputShapes) {
        long length = inputShapes.length > 0 && inputShapes[0].dimension() == 2 ? inputShapes[0].get(1) : 8;
        NDArray ids = manager.ones(new Shape(1, Math.min(length, 8)), DataType.INT64);
        NDArray pooled = forwardInternal(new ParameterStore(manager, false), new NDList(ids, ids.onesLike()),
                false, null).head();
        return Math.toIntExact(pooled.getShape().get(1));
    }

    /**
     * Checks that the model can embed every id of a tokenizer: runs it on the largest id.
     *
     * @param vocabularySize the tokenizer's ids are {@code 0..vocabularySize-1}
     * @param tokenizerName the tokenizer, for the message
     * @param manager a manager for the probe
     * @throws BadEncoderException naming both files if the model fails on the largest id
     */
    public void requireVocabulary(int vocabularySize, String tokenizerName, NDManager manager) {
        try (NDManager scope = manager.newSubManager()) {
            NDArray ids = scope.create(new long[] {vocabularySize - 1}, new Shape(1, 1));
            try {
                forwardInternal(new ParameterStore(scope, false), new NDList(ids, ids.onesLike()), false, null);
            } catch (BadEncoderException e) {
                throw new BadEncoderException("tokenizer " + tokenizerName + " does not match encoder file "
                        + file().location() + ": its ids go up to " + (vocabularySize - 1)
                        + ", which the model cannot embed", e);
            }
        }
    }

    @Override
    public String toString() {
        return "PretrainedTextEncoder{" + file() + ", " + engine() + ", " + pooling.label() + " pooling}";
    }

    /** Configures a {@link PretrainedTextEncoder}. */
    public static final class Builder {

        private EncoderFile file;
        private EncoderEngine engine;
        private Pooling pooling = Pooling.MEAN;

        private Builder() {}

        /** The model file and the engine that runs it; required. */
        public Builder setFile(EncoderFile file, EncoderEngine engine) {
            this.file = file;
            this.engine = engine;
            return this;
        }

        /** How token states are pooled (default {@link Pooling#MEAN}). */
        public Builder optPooling(Pooling pooling) {
            this.pooling = pooling;
            return this;
        }

        /**
         * Loads the model.
         *
         * @return the encoder, to be initialised (which reads its width)
         * @throws BadEncoderException if the file is missing, no model of the engine, or its inputs
         *     are not a text encoder's
         */
        public PretrainedTextEncoder build() {
            if (file == null || engine == null || pooling == null) {
                throw new IllegalArgumentException("a text encoder needs a file, its engine and a pooling");
            }
            return new PretrainedTextEncoder(this);
        }
    }
}
