package io.github.setclip.losses;

import ai.djl.ndarray.NDArray;

/**
 * The squared distances of the joint batch {@code [S; T]}, computed once from one Gram matrix and
 * shared by {@link MultiKernelMmd} and {@link SemanticDensityLoss}.
 *
 * <p>With {@code X = [S; T]} of shape (2N, d): {@code sqDist_ij = ||x_i||^2 + ||x_j||^2 - 2 <x_i,
 * x_j>}, clamped at 0 against rounding. Rows and columns {@code 0..N-1} belong to S, {@code N..2N-1}
 * to T. One matrix product (of {@code -2X} with {@code X^T}, so the Gram matrix is never scaled
 * separately): O(N^2 d) work, O(N^2) memory.
 */
public final class PairwiseGeometry {

    private final NDArray s;
    private final NDArray t;
    private final NDArray squaredDistances;

    private PairwiseGeometry(NDArray s, NDArray t, NDArray squaredDistances) {
        this.s = s;
        this.t = t;
        this.squaredDistances = squaredDistances;
    }

    /**
     * Builds the geometry of two embedding batches.
     *
     * @param s embeddings of modality S, shape (N, d)
     * @param t embeddings of modality T, shape (N, d), same N, d and data type as {@code s}
     * @return the shared squared distances
     * @throws IllegalArgumentException if the shapes or data types differ or N &lt; 2
     */
    public static PairwiseGeometry of(NDArray s, NDArray t) {
        InputChecks.requireSameShape("S", s, "T", t);
        InputChecks.requireRows("S", s, 2, "pairwise statistics need N >= 2");
        NDArray joint = s.concat(t, 0);
        NDArray norms = joint.square().sum(new int[] {1}, true);
        // Additions in place: their backward needs no saved values. N x N arrays are costly to
        // allocate (fresh pages), so every avoided allocation shows in the step time.
        NDArray sqDist =
                Scalars.times(joint, -2)
                        .matMul(joint.transpose())
                        .addi(norms)
                        .addi(norms.transpose())
                        .clip(0, Float.MAX_VALUE);
        return new PairwiseGeometry(s, t, sqDist);
    }

    /**
     * Builds the geometry of two batches extended by memory rows: {@code S u Q_S} and {@code T u
     * Q_T}. The memory rows are constants (detached here), so gradients reach only the batch rows.
     *
     * @param s embeddings of modality S, shape (N, d)
     * @param t embeddings of modality T, shape (N, d)
     * @param memoryS memory rows of S, shape (Q, d), Q &gt;= 0; {@code null} (with {@code
     *     memoryT}) for none
     * @param memoryT memory rows of T, shape (Q, d), the same Q, or {@code null}
     * @return the squared distances of {@code [S; Q_S; T; Q_T]}, N + Q rows per modality
     * @throws IllegalArgumentException if widths, data types or row counts disagree or N + Q &lt; 2
     */
    public static PairwiseGeometry of(
            NDArray s, NDArray t, NDArray memoryS, NDArray memoryT) {
        InputChecks.requireMemory(s, t, memoryS, memoryT);
        if (memoryS == null || memoryS.getShape().get(0) == 0) {
            return of(s, t);
        }
        return of(s.concat(memoryS.stopGradient(), 0), t.concat(memoryT.stopGradient(), 0));
    }

    /** Number of rows in each modality (N, or N + Q with memory rows). */
    public int rowsPerModality() {
        return Math.toIntExact(s.getShape().get(0));
    }

    /** Embeddings of modality S (with its memory rows, if any), shape (N, d). */
    public NDArray s() {
        return s;
    }

    /** Embeddings of modality T (with its memory rows, if any), shape (N, d). */
    public NDArray t() {
        return t;
    }

    /** Squared Euclidean distances of the joint batch, shape (2N, 2N), non-negative. */
    public NDArray squaredDistances() {
        return squaredDistances;
    }
}
