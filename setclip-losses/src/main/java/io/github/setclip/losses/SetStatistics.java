package io.github.setclip.losses;

import ai.djl.ndarray.NDArray;

/** Scalar statistics of one embedding set that the SDD terms divide by; differentiable. */
final class SetStatistics {

    /** Floor on var(X), so that a set of identical points gives a finite density. */
    static final double MIN_VARIANCE = 1e-12;

    private SetStatistics() {}

    /** Bessel-corrected total variance {@code 1/(N-1) sum ||x - mean||^2}, a scalar. */
    static NDArray variance(NDArray x) {
        long n = x.getShape().get(0);
        return Scalars.times(x.sub(x.mean(new int[] {0}, true)).square().sum(), 1.0 / (n - 1));
    }

    /**
     * The authors' spread {@code sum_k (max_i x_ik - min_i x_ik)^2}, a scalar. Its gradient reaches
     * the rows that attain each dimension's maximum and minimum.
     */
    static NDArray spread(NDArray x) {
        return x.max(new int[] {0}).sub(x.min(new int[] {0})).square().sum();
    }
}
