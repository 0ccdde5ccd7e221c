package io.github.setclip.core.pretrained;

import ai.djl.modality.cv.util.NDImageUtils;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.Arrays;

/**
 * A pretrained image encoder from a TorchScript or ONNX file: input pictures (B, 3, H, W) with
 * pixels in [-1, 1] (as the image-text tasks feed every picture tower), output (B, d) where d is
 * read from the model. Pictures are resized to the model's input size and normalised per channel
 * with its mean and standard deviation (over pixels in [0, 1], torchvision's convention) before
 * the model sees them.
 *
 * <pre>{@code
 * Block image = PretrainedImageEncoder.builder()
 *         .setFile(EncoderFile.of(Path.of("resnet18.pt")), EncoderEngine.TORCHSCRIPT)
 *         .optInputSize(224)
 *         .optNormalisation(new float[] {0.485f, 0.456f, 0.406f}, new float[] {0.229f, 0.224f, 0.225f})
 *         .build();
 * }</pre>
 */
public final class PretrainedImageEncoder extends PretrainedEncoder {

    /** ImageNet's channel means, torchvision's default. */
    public static final float[] IMAGENET_MEAN = {0.485f, 0.456f, 0.406f};

    /** ImageNet's channel standard deviations. */
    public static final float[] IMAGENET_STD = {0.229f, 0.224f, 0.225f};

    private final int inputSize;
    private final float[] mean;
    private final float[] std;

    private PretrainedImageEncoder(Builder b) {
        super(b.file, b.engine);
        this.inputSize = b.inputSize;
        this.mean = b.mean.clone();
        this.std = b.std.clone();
        if (engine() == EncoderEngine.ONNX && model().inputNames().size() != 1) {
            close();
            throw new BadEncoderException("encoder file " + b.file.location() + " takes inputs "
                    + model().inputNames() + "; an image encoder takes one input, the pictures (B, 3, H, W)");
        }
    }

    /** A builder; the file and its engine are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** Side of the square pictures the model takes, in pixels. */
    public int inputSize() {
        return inputSize;
    }

    /** Per-channel mean subtracted from pixels in [0, 1]. */
    public float[] mean() {
        return mean.clone();
    }

    /** Per-channel standard deviation pixels are divided by. */
    public float[] std() {
        return std.clone();
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray pictures = inputs.head();
        NDManager manager = pictures.getManager();
        if (pictures.getShape().get(2) != inputSize || pictures.getShape().get(3) != inputSize) {
            NDArray hwc = pictures.transpose(0, 2, 3, 1);
            pictures = NDImageUtils.resize(hwc, inputSize, inputSize).transpose(0, 3, 1, 2);
        }
        // x in [-1, 1]: ((x + 1) / 2 - mean) / std = x * (0.5 / std) + (0.5 - mean) / std
        float[] scale = new float[3];
        float[] shift = new float[3];
        for (int c = 0; c < 3; c++) {
            scale[c] = 0.5f / std[c];
            shift[c] = (0.5f - mean[c]) / std[c];
        }
        NDArray normalised = pictures.mul(manager.create(scale, new Shape(1, 3, 1, 1)))
                .add(manager.create(shift, new Shape(1, 3, 1, 1)));
        NDList out;
        try {
            out = model().forward(ps, new NDList(normalised), training);
        } catch (RuntimeException e) {
            throw new BadEncoderException("encoder file " + file().location() + " fails on pictures of shape "
                    + normalised.getShape() + " (" + BadEncoderException.firstLine(e) + ")", e);
        }
        NDArray features = out.head();
        if (features.getShape().dimension() != 2 || features.getShape().get(0) != normalised.getShape().get(0)) {
            throw new BadEncoderException("encoder file " + file().location() + " outputs "
                    + features.getShape() + " for pictures " + normalised.getShape()
                    + "; an image encoder must output (B, d)");
        }
        return new NDList(features);
    }

    @Override
    int probeWidth(NDManager manager, Shape[] inputShapes) {
        NDArray pictures = manager.zeros(new Shape(1, 3, inputSize, inputSize));
        return Math.toIntExact(forwardInternal(new ParameterStore(manager, false), new NDList(pictures), false,
                null).head().getShape().get(1));
    }

    @Override
    public String toString() {
        return "PretrainedImageEncoder{" + file() + ", " + engine() + ", " + inputSize + " px, mean "
                + Arrays.toString(mean) + ", std " + Arrays.toString(std) + "}";
    }

    /** Configures a {@link PretrainedImageEncoder}. */
    public static final class Builder {

        private EncoderFile file;
        private EncoderEngine engine;
        private int inputSize = 224;
        private float[] mean = IMAGENET_MEAN;
        private float[] std = IMAGENET_STD;

        private Builder() {}

        /** The model file and the engine that runs it; required. */
        public Builder setFile(EncoderFile file, EncoderEngine engine) {
            this.file = file;
            this.engine = engine;
            return this;
        }

        /** Side of the square pictures the model takes, in pixels (default 224). */
        public Builder optInputSize(int pixels) {
            this.inputSize = pixels;
            return this;
        }

        /** Per-channel mean and standard deviation over pixels in [0, 1] (default ImageNet's). */
        public Builder optNormalisation(float[] mean, float[] std) {
            this.mean = mean;
            this.std = std;
            return this;
        }

        /**
         * Loads the model.
         *
         * @return the encoder, to be initialised (which reads its width and checks its output)
         * @throws BadEncoderException if the file is missing or no model of the engine
         */
        public PretrainedImageEncoder build() {
            if (file == null || engine == null) {
                throw new IllegalArgumentException("an image encoder needs a file and its engine");
            }
            if (inputSize < 1 || mean == null || std == null || mean.length != 3 || std.length != 3) {
                throw new IllegalArgumentException("an image encoder needs an input size >= 1 and three"
                        + " channel means and standard deviations");
            }
            for (float s : std) {
                if (!(s > 0)) {
                    throw new IllegalArgumentException("channel standard deviations must be > 0, got "
                            + Arrays.toString(std));
                }
            }
            return new PretrainedImageEncoder(this);
        }
    }
}
