package io.github.setclip.losses;

import ai.djl.ndarray.NDArray;

/**
 * The kernel sums that both SDD forms compare, taken from the shared squared distances.
 *
 * <p>For every point z of {@code [S; T]} and each set X in {S, T}: {@code ln sum_{x in X}
 * exp(-||z - x||^2 / w_X)}, where {@code w_X} is the set's kernel width. Computed as a
 * log-sum-exp over each half of every row of the distance matrix, so that tight sets far apart do
 * not underflow.
 */
final class KernelDensities {

    private KernelDensities() {}

    /**
     * Log kernel sums of every point under S and under T.
     *
     * @param geometry the squared distances of {@code [S; T]}, (2N, 2N)
     * @param negInvWidths {@code -1/w_S, -1/w_T}, shape (2); may carry a gradient
     * @return shape (2N, 2): column 0 under S, column 1 under T
     */
    static NDArray logKernelSums(PairwiseGeometry geometry, NDArray negInvWidths) {
        int n = geometry.rowsPerModality();
        NDArray exponents =
                geometry.squaredDistances()
                        .reshape(2L * n, 2, n)
                        .mul(negInvWidths.reshape(1, 2, 1));
        return LogSumExp.alongInPlace(exponents, 2).squeeze(2);
    }

    /**
     * The divergence between two densities at each point, from their logarithms.
     *
     * @param logS {@code ln p_S(z)} at each point
     * @param logT {@code ln p_T(z)}, same shape
     * @param divergence symmetric KL {@code (p_S - p_T)(ln p_S - ln p_T)} or MSE {@code (p_S -
     *     p_T)^2}
     * @return the divergence at each point, same shape
     */
    static NDArray divergence(NDArray logS, NDArray logT, SddDivergence divergence) {
        NDArray densityGap = logS.exp().sub(logT.exp());
        return divergence == SddDivergence.MSE
                ? densityGap.square()
                : densityGap.mul(logS.sub(logT));
    }
}
