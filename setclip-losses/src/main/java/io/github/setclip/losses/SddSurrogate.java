package io.github.setclip.losses;

import ai.djl.ndarray.NDArray;

/** Attaches a blocked SDD core's closed-form gradients to its detached divergence sum. */
final class SddSurrogate {

    private SddSurrogate() {}

    /**
     * @param result the detached sum and gradients
     * @param geometry the rows the gradients refer to, S' then T'
     * @param negInvWidths the differentiable {@code -1/w_S, -1/w_T} the core used detached
     * @return the sum, carrying the gradient to the rows and, through the widths, the variances
     */
    static NDArray attach(
            BlockedDensityComparison.Result result,
            PairwiseGeometry geometry,
            NDArray negInvWidths) {
        if (result.rowGradient() == null && result.widthGradient() == null) {
            return result.divergenceSum();
        }
        int n = geometry.rowsPerModality();
        NDArray rows = result.rowGradient();
        return LinearSurrogate.attach(
                result.divergenceSum(),
                new NDArray[] {
                    rows == null ? null : rows.get("0:{}", n),
                    rows == null ? null : rows.get("{}:", n),
                    result.widthGradient()
                },
                new NDArray[] {geometry.s(), geometry.t(), negInvWidths});
    }
}
