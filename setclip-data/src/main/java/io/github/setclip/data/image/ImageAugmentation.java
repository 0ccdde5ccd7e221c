package io.github.setclip.data.image;

import ai.djl.modality.cv.util.NDImageUtils;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;

/**
 * Random views of an image batch for the self-supervised term: random resized crop, horizontal
 * flip and colour jitter (brightness, contrast, saturation), as NDArray operations on a float
 * batch (B, 3, H, W) with values in [0, 1]. DJL's own flip transforms are silent no-ops on PyTorch
 * and its colour transforms throw there, hence this class. Every draw comes from the seed passed
 * in, so a view is reproducible.
 */
public final class ImageAugmentation {

    private final double minScale;
    private final double flipProbability;
    private final double brightness;
    private final double contrast;
    private final double saturation;

    private ImageAugmentation(Builder builder) {
        this.minScale = builder.minScale;
        this.flipProbability = builder.flipProbability;
        this.brightness = builder.brightness;
        this.contrast = builder.contrast;
        this.saturation = builder.saturation;
    }

    /** A builder with SimCLR-like defaults scaled down for 32 px pictures. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns an augmented copy of the batch.
     *
     * @param images (B, 3, H, W) float values in [0, 1]
     * @param seed the seed of every random draw
     * @return the augmented batch, same shape, values in [0, 1]
     */
    public NDArray apply(NDArray images, long seed) {
        Shape shape = images.getShape();
        if (shape.dimension() != 4 || shape.get(1) != 3) {
            throw new IllegalArgumentException("images must be (B, 3, H, W), got " + shape);
        }
        int batch = Math.toIntExact(shape.get(0));
        Random random = new Random(seed);
        NDArray x = minScale < 1 ? crop(images, random) : images;
        x = flip(x, random, batch);
        return jitter(x, random, batch).clip(0, 1);
    }

    /** Random resized crop: a box of a random share of the area and aspect, resized back. */
    NDArray crop(NDArray images, Random random) {
        int batch = Math.toIntExact(images.getShape().get(0));
        int height = Math.toIntExact(images.getShape().get(2));
        int width = Math.toIntExact(images.getShape().get(3));
        NDList crops = new NDList(batch);
        for (int b = 0; b < batch; b++) {
            double area = minScale + (1 - minScale) * random.nextDouble();
            double aspect = Math.exp(Math.log(3 / 4.0) + random.nextDouble() * Math.log(16 / 9.0));
            int h = clamp((int) Math.round(Math.sqrt(area / aspect) * height), 1, height);
            int w = clamp((int) Math.round(Math.sqrt(area * aspect) * width), 1, width);
            int top = random.nextInt(height - h + 1);
            int left = random.nextInt(width - w + 1);
            NDArray box = images.get(b).get(":, {}:{}, {}:{}", top, top + h, left, left + w)
                    .transpose(1, 2, 0);
            crops.add(NDImageUtils.resize(box, width, height).transpose(2, 0, 1));
        }
        return NDArrays.stack(crops);
    }

    private NDArray flip(NDArray x, Random random, int batch) {
        float[] chosen = new float[batch];
        for (int b = 0; b < batch; b++) {
            chosen[b] = random.nextDouble() < flipProbability ? 1 : 0;
        }
        NDManager manager = x.getManager();
        NDArray mask = manager.create(chosen).reshape(batch, 1, 1, 1);
        return x.flip(3).mul(mask).add(x.mul(mask.neg().add(1)));
    }

    /** Brightness, contrast and saturation factors per image; a strength of 0 skips its step. */
    private NDArray jitter(NDArray x, Random random, int batch) {
        NDArray factorB = factors(x.getManager(), random, batch, brightness);
        NDArray factorC = factors(x.getManager(), random, batch, contrast);
        NDArray factorS = factors(x.getManager(), random, batch, saturation);
        NDArray y = brightness > 0 ? x.mul(factorB) : x;
        if (contrast > 0) {
            // Per-image mean (DJL's PyTorch mean reduces one axis at a time).
            NDArray mean = y.reshape(batch, -1).mean(new int[] {1}, true).reshape(batch, 1, 1, 1);
            y = y.sub(mean).mul(factorC).add(mean);
        }
        if (saturation > 0) {
            NDArray weights = x.getManager().create(new float[] {0.299f, 0.587f, 0.114f})
                    .reshape(1, 3, 1, 1);
            NDArray gray = y.mul(weights).sum(new int[] {1}, true);
            y = y.sub(gray).mul(factorS).add(gray);
        }
        return y;
    }

    private static NDArray factors(NDManager manager, Random random, int batch, double strength) {
        float[] f = new float[batch];
        for (int b = 0; b < batch; b++) {
            f[b] = (float) (1 + strength * (2 * random.nextDouble() - 1));
        }
        return manager.create(f).reshape(batch, 1, 1, 1);
    }

    private static int clamp(int v, int lo, int hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    /** Configures the augmentation; every strength 0 (and min scale 1) gives the identity. */
    public static final class Builder {
        private double minScale = 0.6;
        private double flipProbability = 0.5;
        private double brightness = 0.3;
        private double contrast = 0.3;
        private double saturation = 0.3;

        Builder() {}

        /** Smallest share of the area a crop keeps, in (0, 1] (default 0.6; 1 = no crop). */
        public Builder optMinScale(double minScale) {
            if (!(minScale > 0 && minScale <= 1)) {
                throw new IllegalArgumentException("min scale must be in (0, 1], got " + minScale);
            }
            this.minScale = minScale;
            return this;
        }

        /** Probability of a horizontal flip (default 0.5). */
        public Builder optFlipProbability(double p) {
            if (!(p >= 0 && p <= 1)) {
                throw new IllegalArgumentException("flip probability must be in [0, 1], got " + p);
            }
            this.flipProbability = p;
            return this;
        }

        /** Colour jitter: each factor drawn from [1 - s, 1 + s] (defaults 0.3), s in [0, 1]. */
        public Builder optColorJitter(double brightness, double contrast, double saturation) {
            for (double s : new double[] {brightness, contrast, saturation}) {
                if (!(s >= 0 && s <= 1)) {
                    throw new IllegalArgumentException("jitter strengths must be in [0, 1], got " + s);
                }
            }
            this.brightness = brightness;
            this.contrast = contrast;
            this.saturation = saturation;
            return this;
        }

        /** Builds the augmentation. */
        public ImageAugmentation build() {
            return new ImageAugmentation(this);
        }
    }
}
