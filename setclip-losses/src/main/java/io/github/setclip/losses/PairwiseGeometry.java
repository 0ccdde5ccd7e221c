package io.github.setclip.losses;

import ai.djl.ndarray.NDArray;

/**
 * The Gram matrix and squared distances of the joint batch {@code [S; T]}, computed once and
 * shared by {@link MultiKernelMmd} and {@link SemanticDensityLoss}.
 *
 * <p>With {@code X = [S; T]} of shape (2N, d): {@code gram = X X^T} and {@code sqDist_ij =
 * ||x_i||^2 + ||x_j||^2 - 2 gram_ij}, clamped at 0 against rounding. Rows and columns {@code 0..N-1}
 * belong to S, {@code N..2N-1} to T. One matrix product: O(N^2 d) work, O(N^2) memory.
 */
public final class PairwiseGeometry {

    private final NDArray s;
    private final NDArray t;
    private final NDArray gram;
    private final NDArray squaredDistances;

    private PairwiseGeometry(NDArray s, NDArray t, NDArray gram, NDArray squaredDistances) {
        this.s = s;
        this.t = t;
        this.gram = gram;
        this.squaredDistances = squaredDistances;
    }

    /**
     * Builds the geometry of two embedding batches.
     *
     * @param s embeddings of modality S, shape (N, d)
     * @param t embeddings of modality T, shape (N, d), same N, d and data type as {@code s}
     * @return the shared Gram matrix and squared distances
     * @throws IllegalArgumentException if the shapes or data types differ or N &lt; 2
     */
    public static PairwiseGeometry of(NDArray s, NDArray t) {
        InputChecks.requireSameShape("S", s, "T", t);
        InputChecks.requireRows("S", s, 2, "pairwise statistics need N >= 2");
        NDArray joint = s.concat(t, 0);
        NDArray gram = joint.matMul(joint.transpose());
        NDArray norms = joint.square().sum(new int[] {1}, true);
        NDArray sqDist = gram.mul(-2).add(norms).add(norms.transpose()).maximum(0);
        return new PairwiseGeometry(s, t, gram, sqDist);
    }

    /** Number N of rows in each modality. */
    public int rowsPerModality() {
        return Math.toIntExact(s.getShape().get(0));
    }

    /** Embeddings of modality S, shape (N, d). */
    public NDArray s() {
        return s;
    }

    /** Embeddings of modality T, shape (N, d). */
    public NDArray t() {
        return t;
    }

    /** Inner products of the joint batch, shape (2N, 2N). */
    public NDArray gram() {
        return gram;
    }

    /** Squared Euclidean distances of the joint batch, shape (2N, 2N), non-negative. */
    public NDArray squaredDistances() {
        return squaredDistances;
    }
}
