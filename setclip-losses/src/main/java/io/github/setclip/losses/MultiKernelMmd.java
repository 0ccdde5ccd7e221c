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
    private final BlockPlan blockPlan;

    private MultiKernelMmd(Builder builder) {
        this.minExponent = builder.minExponent;
        this.maxExponent = builder.maxExponent;
        this.polynomial = builder.polynomial;
        this.fixedBandwidth = builder.fixedBandwidth;
        this.blockPlan = builder.blockPlan;
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
     * @param geometry the shared squared distances of {@code [S; T]}
     * @param kernelLogits the weight logits w, {@link #kernelCount()} values; {@code null} fixes
     *     the weights at uniform
     * @return the value, the per-kernel MMDs and the weights in use
     */
    public Result compute(PairwiseGeometry geometry, NDArray kernelLogits) {
        NDArray like = geometry.s();
        DataType type = like.getDataType();
        int k = kernelCount();
        NDArray beta;
        if (kernelLogits == null) {
            beta = like.getManager().ones(new Shape(k), type).div(k);
        } else if (kernelLogits.size() != k) {
            throw new IllegalArgumentException(
                    "kernelLogits must hold " + k + " values (one per kernel), got shape "
                            + kernelLogits.getShape());
        } else {
            Scalars.requireType("kernelLogits", kernelLogits, type);
            beta = kernelLogits.reshape(k).softmax(0);
        }
        NDArray fixedBeta = beta.stopGradient();
        int gaussians = maxExponent - minExponent + 1;

        NDArray perKernel;
        NDArray encoderPath;
        if (blockPlan.blocks(2L * geometry.rowsPerModality())) {
            DistanceTiles tiles = geometry.tiles(blockPlan.blockSize());
            BlockedGaussianMmd.Result gaussian =
                    BlockedGaussianMmd.compute(
                            tiles,
                            fixedBandwidth > 0
                                    ? Scalars.constant(like, fixedBandwidth)
                                    : tiles.meanSquaredDistance().maximum(MIN_BANDWIDTH),
                            fixedBeta.get("0:{}", gaussians),
                            minExponent,
                            maxExponent,
                            geometry.needsGradient());
            perKernel = gaussian.perKernel();
            // Encoder path of the Gaussians: value 0, gradient sum_u beta_u dMMD_u/dX.
            NDArray rows = gaussian.rowGradient();
            int n = geometry.rowsPerModality();
            encoderPath =
                    LinearSurrogate.attach(
                            like.getManager().zeros(new Shape(), type),
                            new NDArray[] {
                                rows == null ? null : rows.get("0:{}", n),
                                rows == null ? null : rows.get("{}:", n)
                            },
                            new NDArray[] {geometry.s(), geometry.t()});
        } else {
            NDArray sqDist = geometry.squaredDistances();
            GaussianTerms gaussian = gaussianTerms(sqDist, fixedBeta);
            // Encoder path of the Gaussians: value 0, gradient sum_u beta_u dMMD_u/dD through D.
            NDArray surrogate = gaussian.distanceGradient.reshape(-1).dot(sqDist.reshape(-1));
            encoderPath = surrogate.sub(surrogate.stopGradient());
            perKernel = gaussian.perKernel;
        }
        if (polynomial) {
            NDArray poly = polynomialMmd(geometry.s(), geometry.t());
            encoderPath = encoderPath.add(poly.sub(poly.stopGradient()).mul(fixedBeta.get(gaussians)));
            perKernel = perKernel.concat(poly.stopGradient().reshape(1));
        }
        // Weight path: value 0, gradient -d(beta . mmd)/dw (gradient reversal).
        NDArray value = fixedBeta.mul(perKernel).sum();
        NDArray adversarialPath = value.sub(beta.mul(perKernel).sum());
        NDArray total = value.add(encoderPath).add(adversarialPath);
        return new Result(total, perKernel, fixedBeta);
    }

    /** Convenience for {@code compute(PairwiseGeometry.of(s, t), kernelLogits)}. */
    public Result compute(NDArray s, NDArray t, NDArray kernelLogits) {
        return compute(PairwiseGeometry.of(s, t), kernelLogits);
    }

    /**
     * The Gaussian kernels' MMDs and the gradient of {@code sum_u beta_u MMD_u} with respect to the
     * squared distances, both detached.
     *
     * <p>The gradient is formed here rather than by autograd, which would keep every kernel matrix
     * alive for the backward pass and traverse its squaring chain again. With {@code c_ij = +-1/N^2}
     * (+ within a modality, - across): {@code dMMD/dD_ij = c_ij sum_u beta_u (-1 / (2 sigma_u^2))
     * K_u,ij}. Every N x N step but the first exp and the squarings runs in place.
     */
    private GaussianTerms gaussianTerms(NDArray sqDistWithGraph, NDArray beta) {
        NDArray sqDist = sqDistWithGraph.stopGradient();
        long twoN = sqDist.getShape().get(0);
        long n = twoN / 2;
        NDArray bandwidth =
                fixedBandwidth > 0
                        ? Scalars.constant(sqDist, fixedBandwidth)
                        : sqDist.sum().div((double) twoN * (twoN - 1)).maximum(MIN_BANDWIDTH);

        int gaussians = maxExponent - minExponent + 1;
        NDArray[] kernels = new NDArray[gaussians];
        NDArray[] blockSums = new NDArray[gaussians];
        // Widest first: K = exp(-D / (2 g 2^max)); each squaring halves sigma^2.
        NDArray scaled = sqDist.div(bandwidth.mul(-2 * Math.pow(2, maxExponent)));
        kernels[gaussians - 1] = scaled.exp();
        scaled.close();
        for (int u = gaussians - 1; u >= 0; u--) {
            if (u < gaussians - 1) {
                kernels[u] = kernels[u + 1].square();
            }
            blockSums[u] = kernels[u].reshape(2, n, 2, n).sum(new int[] {1, 3});
        }
        // sum_u beta_u (-1 / (2 g 2^(min + u))) K_u, accumulated in place into K_0.
        NDArray weighted = null;
        for (int u = 0; u < gaussians; u++) {
            NDArray coefficient = beta.get(u).div(bandwidth.mul(-2 * Math.pow(2, minExponent + u)));
            NDArray term = kernels[u].muli(coefficient);
            if (weighted == null) {
                weighted = term;
            } else {
                weighted.addi(term);
                term.close();
            }
        }
        NDArray signs = blockSigns(sqDist, 1.0 / ((double) n * n));
        weighted.reshape(2, n, 2, n).muli(signs.reshape(2, 1, 2, 1));
        NDArray perKernel =
                NDArrays.stack(new NDList(blockSums)).mul(signs.reshape(1, 2, 2)).sum(new int[] {1, 2});
        return new GaussianTerms(perKernel, weighted);
    }

    /**
     * Squared MMD under {@code (<x, y> + 1)^2} in closed form, O(N d^2) instead of O(N^2 d). From
     * {@code sum_ij (<a_i, b_j> + 1)^2 = <A^T A, B^T B>_F + 2 <sum a, sum b> + N^2}:
     * {@code MMD^2 = (||S^T S - T^T T||_F^2 + 2 ||sum s - sum t||^2) / N^2}.
     */
    private static NDArray polynomialMmd(NDArray s, NDArray t) {
        long n = s.getShape().get(0);
        NDArray secondMoments = s.transpose().matMul(s).sub(t.transpose().matMul(t));
        NDArray firstMoments = s.sum(new int[] {0}).sub(t.sum(new int[] {0}));
        double norm = (double) n * n;
        return Scalars.times(secondMoments.square().sum(), 1 / norm)
                .add(Scalars.times(firstMoments.square().sum(), 2 / norm));
    }

    /** The block pattern {@code [[+scale, -scale], [-scale, +scale]]}, flat. */
    private static NDArray blockSigns(NDArray like, double scale) {
        double[] signs = {scale, -scale, -scale, scale};
        return like.getManager().create(signs).toType(like.getDataType(), false);
    }

    /** Detached per-kernel values and the distance gradient of the Gaussian kernels. */
    private record GaussianTerms(NDArray perKernel, NDArray distanceGradient) {}

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
    public static final class Builder extends TiledLossBuilder<Builder> {
        private int minExponent = -2;
        private int maxExponent = 2;
        private boolean polynomial = true;
        private double fixedBandwidth = -1;

        Builder() {}

        @Override
        Builder self() {
            return this;
        }

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
