package io.github.setclip.losses;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

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
public final class SemanticDensityLoss {

    /** The default bandwidth h. */
    public static final double DEFAULT_BANDWIDTH = 1.0;

    /** Floor on var(X), so that a set of identical points gives a finite density. */
    private static final double MIN_VARIANCE = 1e-12;

    private final double bandwidth;
    private final boolean relativeDistance;
    private final SddDivergence divergence;

    private SemanticDensityLoss(Builder builder) {
        this.bandwidth = builder.bandwidth;
        this.relativeDistance = builder.relativeDistance;
        this.divergence = builder.divergence;
    }

    /** A builder with the spec's defaults: h = 1, relative distance on, symmetric KL. */
    public static Builder builder() {
        return new Builder();
    }

    /** The bandwidth h. */
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

    /**
     * Evaluates SDD between two embedding batches.
     *
     * @param s embeddings of modality S, shape (N, d), N &gt;= 2
     * @param t embeddings of modality T, same shape and data type
     * @return the loss, a scalar
     */
    public NDArray compute(NDArray s, NDArray t) {
        return compute(PairwiseGeometry.of(s, t));
    }

    /**
     * Evaluates SDD on a precomputed geometry (shared with {@link MultiKernelMmd}).
     *
     * @param geometry the squared distances of {@code [S; T]}
     * @return the loss, a scalar
     */
    public NDArray compute(PairwiseGeometry geometry) {
        int n = geometry.rowsPerModality();
        NDArray sqDist = geometry.squaredDistances();
        NDManager manager = sqDist.getManager();

        // Per column: -1 / (h var(X)) for the set X the column belongs to; shape (1, 2N).
        // -1 / (h var(X)) for X = S (first half of every row) and X = T (second half).
        NDArray negInvWidth;
        if (relativeDistance) {
            NDArray variances =
                    variance(geometry.s()).reshape(1).concat(variance(geometry.t()).reshape(1));
            NDArray widths = Scalars.times(variances.clip(MIN_VARIANCE, Float.MAX_VALUE), bandwidth);
            negInvWidth = Scalars.constant(widths, -1).div(widths).reshape(1, 2, 1);
        } else {
            negInvWidth =
                    manager.full(new Shape(1, 2, 1), (float) (-1 / bandwidth), sqDist.getDataType());
        }
        // ln p_X(z) for X in {S, T}: log-sum-exp over each half of every row; shape (2N, 2).
        NDArray exponents = sqDist.reshape(2L * n, 2, n).mul(negInvWidth);
        NDArray logDensity = LogSumExp.alongInPlace(exponents, 2).squeeze(2).sub(Math.log(n));
        NDArray logS = logDensity.get(":, 0");
        NDArray logT = logDensity.get(":, 1");
        NDArray densityGap = logS.exp().sub(logT.exp());
        NDArray divergenceAtPoints =
                divergence == SddDivergence.MSE ? densityGap.square() : densityGap.mul(logS.sub(logT));
        return divergenceAtPoints.mean();
    }

    /** Bessel-corrected total variance {@code 1/(N-1) sum ||x - mean||^2}, a scalar. */
    static NDArray variance(NDArray x) {
        long n = x.getShape().get(0);
        return Scalars.times(x.sub(x.mean(new int[] {0}, true)).square().sum(), 1.0 / (n - 1));
    }

    /** Configures the loss. */
    public static final class Builder {
        private double bandwidth = DEFAULT_BANDWIDTH;
        private boolean relativeDistance = true;
        private SddDivergence divergence = SddDivergence.SYMMETRIC_KL;

        Builder() {}

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
