package io.github.setclip.losses;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/**
 * The SDD term as the paper's authors' released script computes it (spec section 3b).
 *
 * <p>On all N rows of each modality, with bandwidth h (default 0.5):
 *
 * <pre>
 *   q_X(z)    = c * sum_{x in X} exp( -||z - x||^2 / (4 h^2 var(X)) ),   c = 3 / (16 * 2 pi h^2)
 *   spread(X) = sum_k ( max_i x_ik - min_i x_ik )^2
 *   L         = ( 1/spread(S) + 1/spread(T) )
 *               * sum_{z in S u T} (q_S(z) - q_T(z)) (ln q_S(z) - ln q_T(z))
 * </pre>
 *
 * where {@code var(X)} is the Bessel-corrected total variance. Unlike {@link SemanticDensityLoss}
 * the densities are sums, not means, and the divergence is summed over the 2N points, so the value
 * is roughly {@code N^2 / spread} times the averaged form's. Gradients flow through z, the set
 * members, {@code var(X)} and {@code spread(X)} (whose max and min pass their subgradient to the
 * row attaining them). It is non-negative, symmetric in S and T, invariant to row order and 0 for
 * identical sets.
 */
public final class AuthorsDensityLoss implements SddLoss {


    private final double bandwidth;
    private final BlockPlan blockPlan;

    private AuthorsDensityLoss(Builder builder) {
        this.bandwidth = builder.bandwidth;
        this.blockPlan = builder.blockPlan;
    }

    /** A builder with the authors' bandwidth h = 0.5. */
    public static Builder builder() {
        return new Builder();
    }

    /** {@inheritDoc} */
    @Override
    public SddForm form() {
        return SddForm.AUTHORS;
    }

    /** The bandwidth h. */
    @Override
    public double bandwidth() {
        return bandwidth;
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException if either set has spread 0 (all its rows identical)
     */
    @Override
    public NDArray compute(PairwiseGeometry geometry) {
        NDArray spreadFactor = inverseSpreadSum(geometry.s(), geometry.t());
        if (blockPlan.blocks(2L * geometry.rowsPerModality())) {
            return computeInTiles(geometry).mul(spreadFactor);
        }
        NDArray logQ =
                KernelDensities.logKernelSums(geometry, negInvWidths(geometry))
                        .add(Math.log(normalisingConstant()));
        NDArray logS = logQ.get(":, 0");
        NDArray logT = logQ.get(":, 1");
        return KernelDensities.divergence(logS, logT, SddDivergence.SYMMETRIC_KL)
                .sum()
                .mul(spreadFactor);
    }

    /** The summed divergence from tiles of the distances: O(N d + B^2) memory. */
    private NDArray computeInTiles(PairwiseGeometry geometry) {
        NDArray negInvWidths = negInvWidths(geometry);
        boolean gradient = geometry.needsGradient();
        BlockedDensityComparison.Result result =
                BlockedDensityComparison.compute(
                        geometry.tiles(blockPlan.blockSize()),
                        negInvWidths.stopGradient(),
                        Math.log(normalisingConstant()),
                        SddDivergence.SYMMETRIC_KL,
                        gradient,
                        gradient);
        return SddSurrogate.attach(result, geometry, negInvWidths);
    }

    /** {@code c = 3 / (16 * 2 pi h^2)}. */
    double normalisingConstant() {
        return 3 / (32 * Math.PI * bandwidth * bandwidth);
    }

    /** {@code -1 / (4 h^2 var(X))} for X = S, T, shape (2). */
    NDArray negInvWidths(PairwiseGeometry geometry) {
        NDArray variances =
                SetStatistics.variance(geometry.s())
                        .reshape(1)
                        .concat(SetStatistics.variance(geometry.t()).reshape(1));
        NDArray widths =
                Scalars.times(
                        variances.clip(SetStatistics.MIN_VARIANCE, Float.MAX_VALUE),
                        4 * bandwidth * bandwidth);
        return Scalars.constant(widths, -1).div(widths);
    }

    /**
     * {@code 1/spread(S) + 1/spread(T)}, a scalar, after checking both spreads are positive (one
     * read of two values from the device).
     */
    static NDArray inverseSpreadSum(NDArray s, NDArray t) {
        NDArray spreads =
                SetStatistics.spread(s).reshape(1).concat(SetStatistics.spread(t).reshape(1));
        double[] values = spreads.stopGradient().toType(DataType.FLOAT64, false).toDoubleArray();
        String[] names = {"S", "T"};
        for (int i = 0; i < 2; i++) {
            if (!(values[i] > 0)) {
                throw new IllegalArgumentException(
                        "spread(" + names[i] + ") must be positive for the authors' SDD, got "
                                + values[i] + ": every row of " + names[i]
                                + " is identical in every dimension");
            }
        }
        return Scalars.constant(spreads, 1).div(spreads).sum();
    }

    /** Configures the loss. */
    public static final class Builder extends TiledLossBuilder<Builder> {
        private double bandwidth = SddForm.AUTHORS.defaultBandwidth();

        Builder() {}

        @Override
        Builder self() {
            return this;
        }

        /**
         * Sets the bandwidth h (default 0.5).
         *
         * @param bandwidth h, positive
         * @return this builder
         */
        public Builder optBandwidth(double bandwidth) {
            this.bandwidth = InputChecks.requirePositive("bandwidth", bandwidth);
            return this;
        }

        /** Builds the loss. */
        public AuthorsDensityLoss build() {
            return new AuthorsDensityLoss(this);
        }
    }
}
