package io.github.setclip.data.image;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Locale;
import java.util.Random;

/**
 * Random views of an image batch for the self-supervised term, as NDArray operations on a float32
 * batch (B, 3, H, W) with values in [0, 1]. DJL's own flip transforms are silent no-ops on PyTorch,
 * its colour transforms throw there and its {@code RandomResizedCrop} takes one HWC image, hence
 * this class.
 *
 * <p>Per image, in this order, each with its own probability:
 *
 * <ol>
 *   <li>random resized crop: a box of a random share of the area ({@link Builder#optScale}) and a
 *       log-uniform aspect ratio width / height ({@link Builder#optRatio}), at a random position,
 *       resized back to H x W with bilinear interpolation (pixel centres, edges clamped). Up to 10
 *       draws look for a box inside the image, then the largest centred box of an allowed ratio is
 *       used (as torchvision does). The box is continuous, not rounded to pixels. All crops of a
 *       batch run as two batched matrix products, {@code Ry (H x H) . image . Rx^T (W x W)}, where
 *       each row of {@code Ry} and {@code Rx} holds the two bilinear weights of one output pixel;
 *   <li>horizontal flip (mirror of the width axis);
 *   <li>colour jitter: brightness {@code x * f}, then contrast (blend with the image's mean grey
 *       level), then saturation (blend with the per-pixel grey level, ITU-R 601 weights), factors
 *       {@code f} uniform in {@code [1 - s, 1 + s]} per image and per property, clipped to [0, 1]
 *       after each step;
 *   <li>greyscale (off by default: in the emoji data colour carries meaning).
 * </ol>
 *
 * <p>Every random draw comes from the {@link Random} (or seed) passed to {@code apply}, parameters
 * first, in a fixed order, so a view is reproducible. With every probability or strength at 0, or
 * a scale range of [1, 1] and no other op, the output equals the input exactly. The input is not
 * modified; intermediate arrays are freed; the result belongs to the input's manager.
 */
public final class ImageAugmentation {

    private static final int CROP_ATTEMPTS = 10;
    private static final float[] GREY_WEIGHTS = {0.299f, 0.587f, 0.114f};

    private final double cropProbability;
    private final double minScale;
    private final double maxScale;
    private final double minRatio;
    private final double maxRatio;
    private final double flipProbability;
    private final double jitterProbability;
    private final double brightness;
    private final double contrast;
    private final double saturation;
    private final double grayscaleProbability;

    private ImageAugmentation(Builder builder) {
        this.cropProbability = builder.cropProbability;
        this.minScale = builder.minScale;
        this.maxScale = builder.maxScale;
        this.minRatio = builder.minRatio;
        this.maxRatio = builder.maxRatio;
        this.flipProbability = builder.flipProbability;
        this.jitterProbability = builder.jitterProbability;
        this.brightness = builder.brightness;
        this.contrast = builder.contrast;
        this.saturation = builder.saturation;
        this.grayscaleProbability = builder.grayscaleProbability;
    }

    /**
     * A builder with SimCLR-like defaults scaled down for 32 px pictures: crop always, scale [0.6,
     * 1], ratio [3/4, 4/3]; flip 0.5; jitter always, brightness, contrast and saturation 0.3;
     * greyscale never.
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns an augmented copy of the batch, every draw from {@code new Random(seed)}.
     *
     * @param images (B, 3, H, W) float32 values in [0, 1]
     * @param seed the seed of every random draw
     * @return the augmented batch, same shape, values in [0, 1]
     */
    public NDArray apply(NDArray images, long seed) {
        return apply(images, new Random(seed));
    }

    /**
     * Returns an augmented copy of the batch.
     *
     * @param images (B, 3, H, W) float32 values in [0, 1]
     * @param random the source of every random draw (advanced by this call)
     * @return the augmented batch, same shape, values in [0, 1], owned by the input's manager
     * @throws IllegalArgumentException if the batch is not (B, 3, H, W) float32 with B, H, W >= 1
     */
    public NDArray apply(NDArray images, Random random) {
        Shape shape = images.getShape();
        if (shape.dimension() != 4 || shape.get(1) != 3 || shape.get(0) < 1 || shape.get(2) < 1 || shape.get(3) < 1) {
            throw new IllegalArgumentException("images must be (B, 3, H, W) with B, H, W >= 1, got " + shape);
        }
        if (images.getDataType() != DataType.FLOAT32) {
            throw new IllegalArgumentException("images must be float32, got " + images.getDataType());
        }
        Params params = sample(Math.toIntExact(shape.get(0)), Math.toIntExact(shape.get(2)),
                Math.toIntExact(shape.get(3)), random);
        NDManager owner = images.getManager();
        try (NDManager scope = owner.newSubManager()) {
            NDArray x = images.duplicate();
            x.attach(scope);
            if (params.anyCrop()) {
                x = resizedCrop(x, params.boxes);
            }
            if (params.anyFlip()) {
                x = flip(x, params.flip);
            }
            if (params.anyJitter()) {
                x = jitter(x, params.brightness, params.contrast, params.saturation);
            }
            if (params.anyGrey()) {
                x = grayscale(x, params.grey);
            }
            x.attach(owner);
            return x;
        }
    }

    /** Draws every random parameter of a batch, image by image. */
    Params sample(int batch, int height, int width, Random random) {
        Params p = new Params(batch);
        boolean cropEnabled = cropProbability > 0 && minScale < 1;
        boolean jitterEnabled = jitterProbability > 0 && (brightness > 0 || contrast > 0 || saturation > 0);
        for (int b = 0; b < batch; b++) {
            if (cropEnabled && random.nextDouble() < cropProbability) {
                p.boxes[b] = cropBox(height, width, random);
            }
            p.flip[b] = flipProbability > 0 && random.nextDouble() < flipProbability;
            p.brightness[b] = 1;
            p.contrast[b] = 1;
            p.saturation[b] = 1;
            if (jitterEnabled && random.nextDouble() < jitterProbability) {
                p.brightness[b] = factor(brightness, random);
                p.contrast[b] = factor(contrast, random);
                p.saturation[b] = factor(saturation, random);
            }
            p.grey[b] = grayscaleProbability > 0 && random.nextDouble() < grayscaleProbability;
        }
        return p;
    }

    /** A crop box {top, left, height, width} in pixels (continuous), inside the image. */
    private double[] cropBox(int height, int width, Random random) {
        double area = (double) height * width;
        double logMin = Math.log(minRatio);
        double logMax = Math.log(maxRatio);
        for (int attempt = 0; attempt < CROP_ATTEMPTS; attempt++) {
            double target = area * (minScale + (maxScale - minScale) * random.nextDouble());
            double ratio = Math.exp(logMin + (logMax - logMin) * random.nextDouble());
            double w = Math.sqrt(target * ratio);
            double h = Math.sqrt(target / ratio);
            if (w <= width && h <= height) {
                double top = (height - h) * random.nextDouble();
                double left = (width - w) * random.nextDouble();
                return new double[] {top, left, h, w};
            }
        }
        double inRatio = (double) width / height;
        double w = width;
        double h = height;
        if (inRatio < minRatio) {
            h = width / minRatio;
        } else if (inRatio > maxRatio) {
            w = height * maxRatio;
        }
        return new double[] {(height - h) / 2, (width - w) / 2, h, w};
    }

    private static float factor(double strength, Random random) {
        if (strength == 0) {
            return 1;
        }
        double low = Math.max(0, 1 - strength);
        return (float) (low + (1 + strength - low) * random.nextDouble());
    }

    /**
     * Crops each image to its box and resizes it back to H x W (bilinear); a null box keeps the image.
     *
     * @param x (B, 3, H, W)
     * @param boxes per image {top, left, height, width} in pixels, or null
     */
    static NDArray resizedCrop(NDArray x, double[][] boxes) {
        Shape shape = x.getShape();
        int batch = Math.toIntExact(shape.get(0));
        int height = Math.toIntExact(shape.get(2));
        int width = Math.toIntExact(shape.get(3));
        float[] rows = new float[batch * height * height];
        float[] colsTransposed = new float[batch * width * width];
        for (int b = 0; b < batch; b++) {
            double[] box = boxes[b] == null ? new double[] {0, 0, height, width} : boxes[b];
            interpolation(rows, b * height * height, height, box[0], box[2], false);
            interpolation(colsTransposed, b * width * width, width, box[1], box[3], true);
        }
        NDManager manager = x.getManager();
        NDArray ry = manager.create(rows, new Shape(batch, 1, height, height));
        NDArray rxT = manager.create(colsTransposed, new Shape(batch, 1, width, width));
        return ry.matMul(x).matMul(rxT).clip(0, 1);
    }

    /**
     * Writes the n x n bilinear resampling matrix that maps the source span [start, start + length)
     * onto n output pixels (pixel-centre convention, clamped at the edges), row-major or transposed.
     */
    private static void interpolation(float[] out, int offset, int n, double start, double length, boolean transposed) {
        for (int i = 0; i < n; i++) {
            double source = start + (i + 0.5) * length / n - 0.5;
            source = Math.max(0, Math.min(n - 1, source));
            int i0 = (int) Math.floor(source);
            int i1 = Math.min(i0 + 1, n - 1);
            float t = (float) (source - i0);
            out[offset + (transposed ? i0 * n + i : i * n + i0)] += 1 - t;
            out[offset + (transposed ? i1 * n + i : i * n + i1)] += t;
        }
    }

    /** Mirrors the width axis of the images whose flag is set. */
    static NDArray flip(NDArray x, boolean[] which) {
        NDArray mask = x.getManager().create(which).reshape(which.length, 1, 1, 1).broadcast(x.getShape());
        return NDArrays.where(mask, x.flip(3), x);
    }

    /** Brightness, contrast, saturation with per-image factors (B values each); 1 leaves a property as is. */
    static NDArray jitter(NDArray x, float[] brightness, float[] contrast, float[] saturation) {
        int batch = brightness.length;
        NDManager manager = x.getManager();
        NDArray y = x;
        if (!allOnes(brightness)) {
            y = y.mul(perImage(manager, brightness)).clip(0, 1);
        }
        if (!allOnes(contrast)) {
            NDArray mean = grey(y).reshape(batch, -1).mean(new int[] {1}).reshape(batch, 1, 1, 1);
            y = blend(y, mean, perImage(manager, contrast));
        }
        if (!allOnes(saturation)) {
            y = blend(y, grey(y), perImage(manager, saturation));
        }
        return y;
    }

    /** Replaces the images whose flag is set by their grey level in all three channels. */
    static NDArray grayscale(NDArray x, boolean[] which) {
        NDArray mask = x.getManager().create(which).reshape(which.length, 1, 1, 1).broadcast(x.getShape());
        return NDArrays.where(mask, grey(x).broadcast(x.getShape()), x);
    }

    /** {@code clip(f * x + (1 - f) * other)}: exactly x when f = 1. */
    private static NDArray blend(NDArray x, NDArray other, NDArray factor) {
        return x.mul(factor).add(other.mul(factor.neg().add(1))).clip(0, 1);
    }

    /** (B, 1, H, W) luma with ITU-R 601 weights. */
    private static NDArray grey(NDArray x) {
        NDArray weights = x.getManager().create(GREY_WEIGHTS).reshape(1, 3, 1, 1);
        return x.mul(weights).sum(new int[] {1}, true);
    }

    private static NDArray perImage(NDManager manager, float[] values) {
        return manager.create(values).reshape(values.length, 1, 1, 1);
    }

    private static boolean allOnes(float[] values) {
        for (float v : values) {
            if (v != 1) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT,
                "ImageAugmentation{crop p=%s scale=[%s, %s] ratio=[%s, %s], flip p=%s, jitter p=%s"
                        + " brightness=%s contrast=%s saturation=%s, grayscale p=%s}",
                cropProbability, minScale, maxScale, minRatio, maxRatio, flipProbability, jitterProbability,
                brightness, contrast, saturation, grayscaleProbability);
    }

    /** The random parameters of one batch. */
    static final class Params {
        final double[][] boxes;
        final boolean[] flip;
        final float[] brightness;
        final float[] contrast;
        final float[] saturation;
        final boolean[] grey;

        Params(int batch) {
            boxes = new double[batch][];
            flip = new boolean[batch];
            brightness = new float[batch];
            contrast = new float[batch];
            saturation = new float[batch];
            grey = new boolean[batch];
        }

        boolean anyCrop() {
            for (double[] box : boxes) {
                if (box != null) {
                    return true;
                }
            }
            return false;
        }

        boolean anyFlip() {
            return any(flip);
        }

        boolean anyGrey() {
            return any(grey);
        }

        boolean anyJitter() {
            return !allOnes(brightness) || !allOnes(contrast) || !allOnes(saturation);
        }

        private static boolean any(boolean[] flags) {
            for (boolean f : flags) {
                if (f) {
                    return true;
                }
            }
            return false;
        }
    }

    /** Configures an {@link ImageAugmentation}; see {@link ImageAugmentation#builder()} for the defaults. */
    public static final class Builder {
        private double cropProbability = 1;
        private double minScale = 0.6;
        private double maxScale = 1;
        private double minRatio = 3 / 4.0;
        private double maxRatio = 4 / 3.0;
        private double flipProbability = 0.5;
        private double jitterProbability = 1;
        private double brightness = 0.3;
        private double contrast = 0.3;
        private double saturation = 0.3;
        private double grayscaleProbability;

        Builder() {}

        /** Probability that an image is cropped (default 1). */
        public Builder optCropProbability(double p) {
            this.cropProbability = probability("cropProbability", p);
            return this;
        }

        /** Share of the image area a crop keeps, {@code 0 < min <= max <= 1} (default [0.6, 1]; [1, 1] = no crop). */
        public Builder optScale(double min, double max) {
            if (!(min > 0 && min <= max && max <= 1)) {
                throw new IllegalArgumentException("scale must satisfy 0 < min <= max <= 1, got [" + min + ", " + max + "]");
            }
            this.minScale = min;
            this.maxScale = max;
            return this;
        }

        /** Shorthand for {@code optScale(minScale, 1)}. */
        public Builder optMinScale(double minScale) {
            if (!(minScale > 0 && minScale <= 1)) {
                throw new IllegalArgumentException("minScale must be in (0, 1], got " + minScale);
            }
            return optScale(minScale, 1);
        }

        /** Aspect ratio (width / height) range of a crop, {@code 0 < min <= max} (default [3/4, 4/3]). */
        public Builder optRatio(double min, double max) {
            if (!(min > 0 && min <= max && Double.isFinite(max))) {
                throw new IllegalArgumentException("ratio must satisfy 0 < min <= max, got [" + min + ", " + max + "]");
            }
            this.minRatio = min;
            this.maxRatio = max;
            return this;
        }

        /** Probability of a horizontal flip (default 0.5). */
        public Builder optFlipProbability(double p) {
            this.flipProbability = probability("flipProbability", p);
            return this;
        }

        /** Probability that an image gets colour jitter (default 1). */
        public Builder optJitterProbability(double p) {
            this.jitterProbability = probability("jitterProbability", p);
            return this;
        }

        /** Jitter strengths s in [0, 1]: each factor is drawn from [1 - s, 1 + s] (defaults 0.3; 0 = off). */
        public Builder optColorJitter(double brightness, double contrast, double saturation) {
            this.brightness = strength("brightness", brightness);
            this.contrast = strength("contrast", contrast);
            this.saturation = strength("saturation", saturation);
            return this;
        }

        /** Probability that an image is turned grey (default 0). */
        public Builder optGrayscaleProbability(double p) {
            this.grayscaleProbability = probability("grayscaleProbability", p);
            return this;
        }

        /** Builds the augmentation. */
        public ImageAugmentation build() {
            return new ImageAugmentation(this);
        }

        private static double probability(String name, double p) {
            if (!(p >= 0 && p <= 1)) {
                throw new IllegalArgumentException(name + " must be in [0, 1], got " + p);
            }
            return p;
        }

        private static double strength(String name, double s) {
            if (!(s >= 0 && s <= 1)) {
                throw new IllegalArgumentException(name + " must be in [0, 1], got " + s);
            }
            return s;
        }
    }
}
