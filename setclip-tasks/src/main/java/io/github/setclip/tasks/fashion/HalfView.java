package io.github.setclip.tasks.fashion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.setclip.data.InvalidSettingException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The second view of a Fashion-MNIST half that the self-supervised term contrasts with the first:
 * a set of operations, written joined by {@code +} ({@code shift+erase+jitter}), applied to a
 * batch (B, 1, H, W) of pixel values in [0, 1] as batched NDArray operations, in this order:
 *
 * <ol>
 *   <li>{@link Op#CROP} and {@link Op#SHIFT}, one resampling: the output pixel row {@code i} reads
 *       source row {@code y0 + (i + 0.5) h / H - 0.5} (columns alike) with bilinear weights
 *       {@code max(0, 1 - |src - j|)}, zero outside the half. CROP takes a box of a uniform share
 *       in [{@value #MIN_CROP_AREA}, 1] of the area, aspect (relative to the half's) log-uniform in
 *       [3/4, 4/3], at a uniform position inside; SHIFT moves the box by whole pixels, uniform in
 *       [-{@value #MAX_SHIFT}, {@value #MAX_SHIFT}] on each axis (so pixels move the other way and
 *       the edge fills with 0);
 *   <li>{@link Op#ERASE}: with probability {@value #ERASE_PROBABILITY}, a rectangle of a uniform
 *       share in [{@value #MIN_ERASE_AREA}, {@value #MAX_ERASE_AREA}] of the area, aspect
 *       log-uniform in [0.3, 3.3], at a uniform position inside, set to 0 (random erasing);
 *   <li>{@link Op#JITTER}: each image times a gain uniform in [0.7, 1.3], plus Gaussian pixel noise
 *       of standard deviation 0.1, clipped to [0, 1]. Alone it is the task's second view since the
 *       first Fashion-MNIST runs, and draws exactly what those runs drew.
 * </ol>
 *
 * <p>Every draw comes from one {@link Random}: the jitter's first (gains, then noise), then the
 * boxes and shifts, then the erasures, so a view is reproducible from its seed.
 *
 * @param ops the operations (at least one)
 */
public record HalfView(Set<Op> ops) {

    /** The task's second view unless a run names another: {@code jitter}. */
    public static final HalfView DEFAULT = new HalfView(Set.of(Op.JITTER));

    static final int MAX_SHIFT = 2;
    static final double MIN_CROP_AREA = 0.6;
    static final double ERASE_PROBABILITY = 0.5;
    static final double MIN_ERASE_AREA = 0.02;
    static final double MAX_ERASE_AREA = 0.25;

    /** One operation of a view, in the order they are applied. */
    public enum Op {
        /** Random resized crop. */
        CROP,
        /** Random whole-pixel translation. */
        SHIFT,
        /** Random erasing of a rectangle. */
        ERASE,
        /** Gain and pixel noise. */
        JITTER;

        /** The name as views write it: {@code shift}. */
        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Checks and copies the set. */
    public HalfView {
        if (ops == null || ops.isEmpty()) {
            throw new InvalidSettingException("fashionView", "needs at least one of " + names());
        }
        ops = Set.copyOf(ops);
    }

    /**
     * Reads a view as {@link #toString} writes it, ops in any order.
     *
     * @param text e.g. {@code shift+erase+jitter}
     * @return the view
     * @throws InvalidSettingException naming the part that is no operation
     */
    public static HalfView parse(String text) {
        EnumSet<Op> ops = EnumSet.noneOf(Op.class);
        for (String part : (text == null ? "" : text.trim()).split("\\+", -1)) {
            Op op = Arrays.stream(Op.values()).filter(o -> o.toString().equals(part.trim())).findFirst()
                    .orElseThrow(() -> new InvalidSettingException("fashionView", "must be operations joined by +"
                            + " from " + names() + "; got '" + text + "'"));
            ops.add(op);
        }
        return new HalfView(ops);
    }

    private static String names() {
        return Arrays.stream(Op.values()).map(Op::toString).collect(Collectors.joining(", "));
    }

    /** The ops joined by {@code +} in the order they are applied, e.g. {@code crop+shift+jitter}. */
    @Override
    public String toString() {
        return EnumSet.copyOf(ops).stream().map(Op::toString).collect(Collectors.joining("+"));
    }

    /**
     * The view of a batch of halves.
     *
     * @param x (B, 1, H, W) float32 pixel values in [0, 1]; not modified
     * @param seed the seed of every draw
     * @return the view, (B, 1, H, W), on {@code x}'s manager
     */
    public NDArray apply(NDArray x, long seed) {
        NDManager manager = x.getManager();
        long[] dims = x.getShape().getShape();
        int batch = Math.toIntExact(dims[0]);
        int height = Math.toIntExact(dims[2]);
        int width = Math.toIntExact(dims[3]);
        Random random = new Random(seed);
        float[] gain = null;
        float[] noise = null;
        if (ops.contains(Op.JITTER)) {
            gain = new float[batch];
            noise = new float[batch * height * width];
            for (int i = 0; i < batch; i++) {
                gain[i] = 0.7f + 0.6f * random.nextFloat();
            }
            for (int i = 0; i < noise.length; i++) {
                noise[i] = (float) (0.1 * random.nextGaussian());
            }
        }
        NDArray out = x;
        if (ops.contains(Op.CROP) || ops.contains(Op.SHIFT)) {
            float[][] boxes = boxes(batch, height, width, random);
            out = resample(out, boxes[0], boxes[1], boxes[2], boxes[3]);
        }
        if (ops.contains(Op.ERASE)) {
            out = erase(out, random);
        }
        if (gain != null) {
            NDArray g = manager.create(gain, new Shape(batch, 1, 1, 1));
            out = out.mul(g).add(manager.create(noise, x.getShape())).clip(0f, 1f);
        }
        return out == x ? x.duplicate() : out;
    }

    /** Per image: top, left, height and width of the box the output reads, in source pixels. */
    private float[][] boxes(int batch, int height, int width, Random random) {
        float[] top = new float[batch];
        float[] left = new float[batch];
        float[] h = new float[batch];
        float[] w = new float[batch];
        for (int b = 0; b < batch; b++) {
            h[b] = height;
            w[b] = width;
            if (ops.contains(Op.CROP)) {
                double area = MIN_CROP_AREA + (1 - MIN_CROP_AREA) * random.nextDouble();
                double ratio = Math.exp(Math.log(3 / 4.0) + (Math.log(4 / 3.0) - Math.log(3 / 4.0)) * random.nextDouble());
                h[b] = (float) Math.min(height, height * Math.sqrt(area / ratio));
                w[b] = (float) Math.min(width, width * Math.sqrt(area * ratio));
                top[b] = (float) ((height - h[b]) * random.nextDouble());
                left[b] = (float) ((width - w[b]) * random.nextDouble());
            }
            if (ops.contains(Op.SHIFT)) {
                top[b] += random.nextInt(2 * MAX_SHIFT + 1) - MAX_SHIFT;
                left[b] += random.nextInt(2 * MAX_SHIFT + 1) - MAX_SHIFT;
            }
        }
        return new float[][] {top, left, h, w};
    }

    /** Bilinear resampling of each image's box to the full size, zero outside: Ry . x . Rx^T. */
    private static NDArray resample(NDArray x, float[] top, float[] left, float[] h, float[] w) {
        long[] dims = x.getShape().getShape();
        NDArray images = x.reshape(dims[0], dims[2], dims[3]);
        NDArray rows = weights(x.getManager(), top, h, Math.toIntExact(dims[2]));
        NDArray cols = weights(x.getManager(), left, w, Math.toIntExact(dims[3]));
        return rows.matMul(images).matMul(cols.transpose(0, 2, 1)).reshape(x.getShape());
    }

    /** (B, N, N): row i of image b holds the bilinear weights of source pixels for output pixel i. */
    private static NDArray weights(NDManager manager, float[] start, float[] extent, int n) {
        int batch = start.length;
        NDArray s = manager.create(start, new Shape(batch, 1, 1));
        NDArray step = manager.create(extent, new Shape(batch, 1, 1)).div(n);
        NDArray out = manager.arange(n).toType(DataType.FLOAT32, false).reshape(1, n, 1).add(0.5f);
        NDArray source = s.add(out.mul(step)).sub(0.5f);
        NDArray pixels = manager.arange(n).toType(DataType.FLOAT32, false).reshape(1, 1, n);
        return source.sub(pixels).abs().neg().add(1f).maximum(0f);
    }

    /** Zeroes one rectangle in a share of the images. */
    private static NDArray erase(NDArray x, Random random) {
        long[] dims = x.getShape().getShape();
        int batch = Math.toIntExact(dims[0]);
        int height = Math.toIntExact(dims[2]);
        int width = Math.toIntExact(dims[3]);
        float[] top = new float[batch];
        float[] bottom = new float[batch];
        float[] left = new float[batch];
        float[] right = new float[batch];
        for (int b = 0; b < batch; b++) {
            if (random.nextDouble() >= ERASE_PROBABILITY) {
                continue;
            }
            double area = height * width * (MIN_ERASE_AREA + (MAX_ERASE_AREA - MIN_ERASE_AREA) * random.nextDouble());
            double ratio = Math.exp(Math.log(0.3) + (Math.log(3.3) - Math.log(0.3)) * random.nextDouble());
            int eh = (int) Math.min(height, Math.max(1, Math.round(Math.sqrt(area * ratio))));
            int ew = (int) Math.min(width, Math.max(1, Math.round(Math.sqrt(area / ratio))));
            top[b] = random.nextInt(height - eh + 1);
            left[b] = random.nextInt(width - ew + 1);
            bottom[b] = top[b] + eh;
            right[b] = left[b] + ew;
        }
        NDManager manager = x.getManager();
        NDArray rows = inside(manager, top, bottom, height).reshape(batch, 1, height, 1);
        NDArray cols = inside(manager, left, right, width).reshape(batch, 1, 1, width);
        return x.mul(rows.mul(cols).neg().add(1f));
    }

    /** (B, N): 1 where start <= index < end, else 0. */
    private static NDArray inside(NDManager manager, float[] start, float[] end, int n) {
        NDArray index = manager.arange(n).toType(DataType.FLOAT32, false).reshape(1, n);
        NDArray from = manager.create(start, new Shape(start.length, 1));
        NDArray to = manager.create(end, new Shape(end.length, 1));
        return index.gte(from).logicalAnd(index.lt(to)).toType(DataType.FLOAT32, false);
    }
}
