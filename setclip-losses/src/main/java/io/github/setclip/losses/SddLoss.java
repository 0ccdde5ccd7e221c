package io.github.setclip.losses;

import ai.djl.ndarray.NDArray;

/**
 * The SDD term in one of its two forms: {@link SemanticDensityLoss} (the specification's averaged
 * form) or {@link AuthorsDensityLoss} (the authors' released form).
 */
public interface SddLoss {

    /** Which form this is. */
    SddForm form();

    /** The bandwidth h. */
    double bandwidth();

    /**
     * Evaluates SDD between two embedding batches.
     *
     * @param s embeddings of modality S, shape (N, d), N &gt;= 2
     * @param t embeddings of modality T, same shape and data type
     * @return the loss, a scalar
     */
    default NDArray compute(NDArray s, NDArray t) {
        return compute(PairwiseGeometry.of(s, t));
    }

    /**
     * Evaluates SDD on a precomputed geometry (shared with {@link MultiKernelMmd}).
     *
     * @param geometry the squared distances of {@code [S; T]}
     * @return the loss, a scalar
     */
    NDArray compute(PairwiseGeometry geometry);
}
