package io.github.setclip.losses;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Multi-kernel maximum mean discrepancy between two embedding batches (term MMD).
 *
 * <p>Biased (V-statistic) squared MMD over all N rows of each modality, diagonals included:
 * {@code MMD^2_k = mean k(s_i, s_j) + mean k(t_i, t_j) - 2 mean k(s_i, t_j)}, with {@code k =
 * sum_u beta_u k_u} and {@code beta = softmax(w)}.
 *
 * <p>The default family has six kernels: Gaussians {@code exp(-||x - y||^2 / (2 sigma^2))} with
 * {@code sigma^2 = g 2^j} for {@code j = -2..2}, where g is the mean squared distance between
 * distinct rows of {@code [S; T]} (a constant: no gradient flows through it), then the polynomial
 * {@code (<x, y> + 1)^2}. Because the Gaussian bandwidths are powers of two apart, one {@code exp}
 * at the widest bandwidth and repeated squaring give all of them.
 *
 * <p>Kernel weights are learned adversarially, the DAN way: the encoders receive the gradient of
 * {@code sum_u stopgrad(beta_u) MMD_u}, the weight logits the <em>negated</em> gradient of {@code
 * sum_u beta_u stopgrad(MMD_u)}, so a minimising optimiser makes the weights maximise the
 * discrepancy. The value is always {@code sum_u beta_u MMD_u}.
 */
public final class MultiKernelMmd {

    /** Floor on the bandwidth g, so that a batch of identical points gives 0, not 0/0. */
    private static final double MIN_BANDWIDTH = 1e-12;

    private final int minExponent;
    private final int maxExponent;
    private final boolean polynomial;
    private final double fixedBandwidth;

    private MultiKernelMmd(Builder builder) {
        this.minExponent = builder.minExponent;
        this.maxExponent = builder.maxExponent;
        this.polynomial = builder.polynomial;
        this.fixedBandwidth = builder.fixedBandwidth;
    }

    /** A builder whose defaults give the six-kernel family of the spec. */
    public static Builder builder() {
        return new Builder();
    }

    /** Number of kernels in the family: the Gaussians, then the polynomial kernel if enabled. */
    public int kernelCount() {
        return maxExponent - minExponent + 1 + (polynomial ? 1 : 0);
    }

    /**
     * Evaluates MMD with learned kernel weights.
     *
     * @param geometry the shared Gram matrix and distances of {@code [S; T]}
     * @param kernelLogits the weight logits w, {@link #kernelCount()} values; {@code null} fixes
     *     the weights at uniform
     * @return the value, the per-kernel MMDs and the weights in use
     */
    public Result compute(PairwiseGeometry geometry, NDArray kernelLogits) {
        NDArray perKernel = perKernel(geometry);
        DataType type = perKernel.getDataType();
        int k = kernelCount();
        if (kernelLogits == null) {
            NDArray uniform = perKernel.onesLike().div(k);
            return new Result(perKernel.mean(), perKernel.stopGradient(), uniform);
        }
        if (kernelLogits.size() != k) {
            throw new IllegalArgumentException(
                    "kernelLogits must hold " + k + " values (one per kernel), got shape "
                            + kernelLogits.getShape());
        }
        NDArray beta = kernelLogits.toType(perKernel.getDataType(), false).reshape(k).softmax(0);
        NDArray fixedBeta = beta.stopGradient();
        NDArray fixedMmd = perKernel.stopGradient();
        NDArray encoderPath = fixedBeta.mul(perKernel).sum();
        // Value 0, gradient -d(beta . mmd)/dw: gradient reversal for the kernel weights.
        NDArray adversarialPath = fixedBeta.mul(fixedMmd).sum().sub(beta.mul(fixedMmd).sum());
        return new Result(encoderPath.add(adversarialPath).toType(type, false), fixedMmd, fixedBeta);
    }

    /** Convenience for {@code compute(PairwiseGeometry.of(s, t), kernelLogits)}. */
    public Result compute(NDArray s, NDArray t, NDArray kernelLogits) {
        return compute(PairwiseGeometry.of(s, t), kernelLogits);
    }

    /** The squared MMD under each kernel, shape (K), differentiable in the embeddings. */
    NDArray perKernel(PairwiseGeometry geometry) {
        NDArray sqDist = geometry.squaredDistances();
        long twoN = sqDist.getShape().get(0);
        double pairs = (double) twoN * (twoN - 1);
        NDArray bandwidth =
                fixedBandwidth > 0
                        ? sqDist.getManager().create(fixedBandwidth)
                        : sqDist.sum().div(pairs).stopGradient().maximum(MIN_BANDWIDTH);

        NDList blockSums = new NDList(kernelCount());
        double widest = 2 * Math.pow(2, maxExponent);
        NDArray gaussian = sqDist.div(bandwidth.mul(-widest)).exp();
        NDList gaussians = new NDList();
        gaussians.add(gaussian);
        for (int j = maxExponent - 1; j >= minExponent; j--) {
            gaussian = gaussian.square();
            gaussians.add(0, gaussian); // keep ascending order of j
        }
        for (NDArray kernel : gaussians) {
            blockSums.add(blockSums(kernel));
        }
        if (polynomial) {
            blockSums.add(blockSums(geometry.gram().add(1).square()));
        }
        // (K, 2, 2) block sums; MMD = (SS + TT - ST - TS) / N^2.
        NDArray blocks = NDArrays.stack(blockSums);
        long n = twoN / 2;
        NDArray sign =
                blocks.getManager()
                        .create(new float[] {1, -1, -1, 1}, new Shape(1, 2, 2))
                        .toType(blocks.getDataType(), false);
        return blocks.mul(sign).sum(new int[] {1, 2}).div((double) n * n).toType(sqDist.getDataType(), false);
    }

    /** Sums of the four N x N blocks (SS, ST, TS, TT) of a (2N, 2N) kernel matrix: shape (2, 2). */
    private static NDArray blockSums(NDArray kernel) {
        long n = kernel.getShape().get(0) / 2;
        return kernel.reshape(2, n, 2, n).sum(new int[] {1, 3});
    }

    /**
     * The outcome of one evaluation.
     *
     * @param value the squared MMD under the current weights, a scalar carrying the encoder and
     *     (reversed) weight gradients
     * @param perKernel the squared MMD under each kernel, shape (K), detached
     * @param weights the kernel weights beta in use, shape (K), detached
     */
    public record Result(NDArray value, NDArray perKernel, NDArray weights) {}

    /** Configures the kernel family. */
    public static final class Builder {
        private int minExponent = -2;
        private int maxExponent = 2;
        private boolean polynomial = true;
        private double fixedBandwidth = -1;

        Builder() {}

        /**
         * Fixes the bandwidth g instead of taking the batch's mean squared distance (default:
         * adaptive). Useful to compare runs or to check gradients with g held constant.
         *
         * @param g the bandwidth, positive
         * @return this builder
         */
        public Builder optFixedBandwidth(double g) {
            this.fixedBandwidth = InputChecks.requirePositive("MMD bandwidth g", g);
            return this;
        }

        /**
         * Sets the Gaussian bandwidths {@code sigma^2 = g 2^j} for {@code j = min..max}.
         *
         * @param min the smallest exponent (default -2)
         * @param max the largest exponent (default 2), {@code >= min}, {@code max - min <= 10}
         * @return this builder
         */
        public Builder optGaussianExponents(int min, int max) {
            if (max < min || max - min > 10) {
                throw new IllegalArgumentException(
                        "Gaussian exponents must satisfy min <= max <= min + 10, got min=" + min
                                + ", max=" + max);
            }
            this.minExponent = min;
            this.maxExponent = max;
            return this;
        }

        /**
         * Includes the polynomial kernel {@code (<x, y> + 1)^2} (default true).
         *
         * @param polynomial whether to include it
         * @return this builder
         */
        public Builder optPolynomialKernel(boolean polynomial) {
            this.polynomial = polynomial;
            return this;
        }

        /** Builds the loss. */
        public MultiKernelMmd build() {
            return new MultiKernelMmd(this);
        }
    }
}
