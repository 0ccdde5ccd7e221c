package io.github.setclip.tasks.imagetext;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import io.github.setclip.core.LockedTower;
import io.github.setclip.core.ProjectionHead;
import io.github.setclip.core.Towers;
import io.github.setclip.core.TwoStreamModel;
import io.github.setclip.core.encoders.ConvImageEncoder;
import io.github.setclip.core.encoders.TransformerTextEncoder;
import io.github.setclip.core.pretrained.EncoderEngine;
import io.github.setclip.core.pretrained.EncoderFile;
import io.github.setclip.core.pretrained.Pooling;
import io.github.setclip.core.pretrained.PretrainedImageEncoder;
import io.github.setclip.core.pretrained.PretrainedTextEncoder;
import io.github.setclip.data.text.CaptionTokenizer;
import io.github.setclip.losses.SetClipObjective;
import java.nio.file.Path;
import java.util.List;

/**
 * The image-text model every caption task uses (the embedded emoji set and a user's captions):
 * by default a small ResNet over RGB pictures and a 2-layer Transformer over captions, each with a
 * projection head into a {@value #EMBEDDING_DIM}-d shared space; either tower can instead be a
 * pretrained encoder from a file ({@link ImageTextTowers}), fine-tuned or locked. The picture tower pools globally, so one
 * trained model scores pictures of any size; being one architecture, a model trained on one
 * caption dataset can be evaluated on another.
 */
public final class ImageTextModel {

    /** Width of the shared embedding space. */
    public static final int EMBEDDING_DIM = 128;

    /** Longest tokenised caption; longer ones are truncated. */
    public static final int MAX_LENGTH = 32;

    private static final int TEXT_CHUNK = 256;

    private ImageTextModel() {}

    /**
     * Builds and initialises the model with both builtin towers.
     *
     * @param vocabularySize the tokenizer's vocabulary size
     * @param imageSize side of the square pictures, in pixels
     * @param objective the objective block
     * @param manager owns the parameters
     * @return the initialised model
     */
    public static TwoStreamModel build(int vocabularySize, int imageSize, SetClipObjective objective,
            NDManager manager) {
        return build(ImageTextTowers.BUILTIN, vocabularySize, null, imageSize, objective, manager);
    }

    /**
     * Builds and initialises the model with the given towers: builtin ones as above, pretrained
     * ones loaded from their files (checked against the SHA-256 the towers record), locked ones
     * frozen behind a cache.
     *
     * @param towers where each tower comes from
     * @param vocabularySize the tokenizer's vocabulary size
     * @param tokenizer the tokenizer file, named when it does not match a pretrained text encoder;
     *     may be {@code null} for a builtin text tower
     * @param imageSize side of the square pictures, in pixels
     * @param objective the objective block
     * @param manager owns the parameters
     * @return the initialised model
     * @throws io.github.setclip.core.pretrained.BadEncoderException naming a file that is missing,
     *     changed, no model, or not of its tower's kind
     */
    public static TwoStreamModel build(ImageTextTowers towers, int vocabularySize, Path tokenizer,
            int imageSize, SetClipObjective objective, NDManager manager) {
        TextTowerSpec text = towers.text();
        TwoStreamModel model = new TwoStreamModel(
                tower(imageEncoder(towers.image()), towers.image().locked(), towers.image().sha256()),
                1,
                tower(textEncoder(text, vocabularySize), text.locked(), text.sha256()),
                objective);
        model.initialize(manager, DataType.FLOAT32,
                new Shape[] {new Shape(2, 3, imageSize, imageSize)},
                new Shape[] {new Shape(2, text.maxLength()), new Shape(2, text.maxLength())});
        Block encoder = model.tTower() instanceof LockedTower l ? l.encoder()
                : ((SequentialBlock) model.tTower()).getChildren().get(0).getValue();
        if (encoder instanceof PretrainedTextEncoder pretrained) {
            pretrained.requireVocabulary(vocabularySize, tokenizer == null ? "(none)" : tokenizer.toString(),
                    manager);
        }
        return model;
    }

    private static Block tower(Block encoder, boolean locked, String sha256) {
        Block head = ProjectionHead.build(EMBEDDING_DIM, 0.1f);
        if (!locked) {
            return Towers.of(encoder, head);
        }
        String key = sha256;
        if (encoder instanceof PretrainedImageEncoder image) {
            key = image.file().sha256();
        } else if (encoder instanceof PretrainedTextEncoder text) {
            key = text.file().sha256();
        }
        return Towers.locked(encoder, head, key);
    }

    private static Block imageEncoder(ImageTowerSpec spec) {
        if ("builtin".equals(spec.kind())) {
            return ConvImageEncoder.build(32, 64, 128);
        }
        return PretrainedImageEncoder.builder()
                .setFile(EncoderFile.of(spec.file(), spec.sha256()), engine(spec.kind()))
                .optInputSize(spec.inputSize())
                .optNormalisation(spec.meanArray(), spec.stdArray())
                .build();
    }

    private static Block textEncoder(TextTowerSpec spec, int vocabularySize) {
        return switch (spec.kind()) {
            case "builtin" -> TransformerTextEncoder.builder()
                    .setVocabularySize(vocabularySize)
                    .optMaxLength(spec.maxLength())
                    .optWidth(128, 4)
                    .optLayers(2)
                    .optFeedForward(256)
                    .optDropout(0.1f)
                    .build();
            case "minilm" -> PretrainedTextEncoder.builder()
                    .setFile(MiniLm.model().expect(spec.sha256()), EncoderEngine.ONNX)
                    .optPooling(Pooling.of(spec.pooling())).build();
            default -> PretrainedTextEncoder.builder()
                    .setFile(EncoderFile.of(spec.file(), spec.sha256()), engine(spec.kind()))
                    .optPooling(Pooling.of(spec.pooling())).build();
        };
    }

    private static EncoderEngine engine(String kind) {
        return "onnx".equals(kind) ? EncoderEngine.ONNX : EncoderEngine.TORCHSCRIPT;
    }

    /**
     * The picture tower's input range: pixels in [0, 1] mapped to [-1, 1].
     *
     * @param pictures (B, 3, H, W) in [0, 1]
     * @return the same pictures in [-1, 1]
     */
    public static NDArray pictureInput(NDArray pictures) {
        return pictures.sub(0.5).mul(2);
    }

    /**
     * Embeds texts with the model's T tower in inference mode, a chunk at a time.
     *
     * @param model the model
     * @param manager owns the result
     * @param tokenizer the run's tokenizer
     * @param texts the texts
     * @return (texts, d) unit rows
     */
    public static NDArray embedTexts(TwoStreamModel model, NDManager manager,
            CaptionTokenizer tokenizer, List<String> texts) {
        ParameterStore ps = new ParameterStore(manager, false);
        NDList out = new NDList();
        for (int start = 0; start < texts.size(); start += TEXT_CHUNK) {
            List<String> chunk = texts.subList(start, Math.min(texts.size(), start + TEXT_CHUNK));
            out.add(model.embedT(ps, tokenizer.encode(manager, chunk).toNDList(), false));
        }
        return NDArrays.concat(out);
    }
}
