package io.github.setclip.losses;

import ai.djl.ndarray.NDArray;

/**
 * The semantic density distribution loss (term SDD).
 *
 * <p>At every point z of {@code S u T}, the density under each set X is {@code p_X(z) = 1/|X|
 * sum_{x in X} exp(-||z - x||^2 / (h var(X)))}, where {@code var(X)} is the Bessel-corrected total
 * variance of X (the relative distance; replaced by 1 when that option is off) and h the bandwidth.
 * The loss averages a divergence between {@code p_S(z)} and {@code p_T(z)} over the 2N points: by
 * default the symmetric KL {@code (p_S - p_T)(ln p_S - ln p_T)}, optionally the squared difference.
 *
 * <p>It is non-negative, symmetric in S and T, invariant to row order and 0 when S and T are the
 * same set. {@code ln p} is computed with log-sum-exp from the shared squared distances, so tight
 * sets far apart do not underflow.
 */
public final class SemanticDensityLoss implements SddLoss {

    private final double bandwidth;
    private final boolean relativeDistance;
    private final SddDivergence divergence;
    private final BlockPlan blockPlan;

    private SemanticDensityLoss(Builder builder) {
        this.bandwidth = builder.bandwidth;
        this.relativeDistance = builder.relativeDistance;
        this.divergence = builder.divergence;
        this.blockPlan = builder.blockPlan;
    }

    /** A builder with the spec's defaults: h = 1, relative distance on, symmetric KL. */
    public static Builder builder() {
        return new Builder();
    }

    /** {@inheritDoc} */
    @Override
    public SddForm form() {
        return SddForm.SPEC;
    }

    /** The bandwidth h. */
    @Override
    public double bandwidth() {
        return bandwidth;
    }

    /** Whether distances are divided by each set's variance. */
    public boolean relativeDistance() {
        return relativeDistance;
    }

    /** The divergence between the two densities. */
    public SddDivergence divergence() {
        return divergence;
    }

    /** {@inheritDoc} */
    @Override
    public NDArray compute(PairwiseGeometry geometry) {
        int n = geometry.rowsPerModality();
        if (blockPlan.blocks(2L * n)) {
            return computeInTiles(geometry);
        }
        NDArray logDensity =
                KernelDensities.logKernelSums(geometry, negInvWidths(geometry)).sub(Math.log(n));
        NDArray logS = logDensity.get(":, 0");
        NDArray logT = logDensity.get(":, 1");
        return KernelDensities.divergence(logS, logT, divergence).mean();
    }

    /** The same value and gradient from tiles of the distances: O(N d + B^2) memory. */
    private NDArray computeInTiles(PairwiseGeometry geometry) {
        int n = geometry.rowsPerModality();
        NDArray negInvWidths = negInvWidths(geometry);
        boolean gradient = geometry.needsGradient();
        BlockedDensityComparison.Result result =
                BlockedDensityComparison.compute(
                        geometry.tiles(blockPlan.blockSize()),
                        negInvWidths.stopGradient(),
                        -Math.log(n),
                        divergence,
                        gradient,
                        gradient && relativeDistance);
        NDArray sum = SddSurrogate.attach(result, geometry, negInvWidths);
        return Scalars.times(sum, 1.0 / (2L * n));
    }

    /** {@code -1 / (h var(X))} for X = S, T (var replaced by 1 without relative distance). */
    NDArray negInvWidths(PairwiseGeometry geometry) {
        NDArray like = geometry.s();
        if (!relativeDistance) {
            double value = -1 / bandwidth;
            return like.getManager()
                    .create(new double[] {value, value})
                    .toType(like.getDataType(), false);
        }
        NDArray variances =
                SetStatistics.variance(geometry.s())
                        .reshape(1)
                        .concat(SetStatistics.variance(geometry.t()).reshape(1));
        NDArray widths =
                Scalars.times(
                        variances.clip(SetStatistics.MIN_VARIANCE, Float.MAX_VALUE), bandwidth);
        return Scalars.constant(widths, -1).div(widths);
    }

    /** Configures the loss. */
    public static final class Builder extends TiledLossBuilder<Builder> {
        private double bandwidth = SddForm.SPEC.defaultBandwidth();
        private boolean relativeDistance = true;
        private SddDivergence divergence = SddDivergence.SYMMETRIC_KL;

        Builder() {}

        @Override
        Builder self() {
            return this;
        }

        /**
         * Sets the bandwidth h (default 1.0).
         *
         * @param bandwidth h, positive
         * @return this builder
         */
        public Builder optBandwidth(double bandwidth) {
            this.bandwidth = InputChecks.requirePositive("bandwidth", bandwidth);
            return this;
        }

        /**
         * Divides distances by each set's variance (default true); off replaces var(X) by 1.
         *
         * @param relativeDistance whether to use the relative distance
         * @return this builder
         */
        public Builder optRelativeDistance(boolean relativeDistance) {
            this.relativeDistance = relativeDistance;
            return this;
        }

        /**
         * Sets the divergence (default symmetric KL).
         *
         * @param divergence the divergence
         * @return this builder
         */
        public Builder optDivergence(SddDivergence divergence) {
            if (divergence == null) {
                throw new IllegalArgumentException("divergence must not be null");
            }
            this.divergence = divergence;
            return this;
        }

        /** Builds the loss. */
        public SemanticDensityLoss build() {
            return new SemanticDensityLoss(this);
        }
    }
}
