package io.github.setclip.losses;

import ai.djl.ndarray.NDArray;

/**
 * The squared distances of the joint batch {@code [S; T]}, shared by {@link MultiKernelMmd} and
 * the SDD terms, whole or tile by tile.
 *
 * <p>With {@code X = [S; T]} of shape (2N, d): {@code sqDist_ij = ||x_i||^2 + ||x_j||^2 - 2 <x_i,
 * x_j>}, clamped at 0 against rounding. Rows and columns {@code 0..N-1} belong to S, {@code N..2N-1}
 * to T. The whole matrix ({@link #squaredDistances()}) is one matrix product (of {@code -2X} with
 * {@code X^T}, so the Gram matrix is never scaled separately): O(N^2 d) work, O(N^2) memory; it is
 * built on first use, so a term computed in tiles never pays for it.
 */
public final class PairwiseGeometry {

    private final NDArray s;
    private final NDArray t;
    private final long batchRows;
    private final boolean differentiable;
    private final Cache cache;

    /** What is built on first use, shared by a geometry and its views without gradient. */
    private static final class Cache {
        private NDArray squaredDistances;
        private DistanceTiles tiles;
    }

    private PairwiseGeometry(
            NDArray s, NDArray t, long batchRows, boolean differentiable, Cache cache) {
        this.s = s;
        this.t = t;
        this.batchRows = batchRows;
        this.differentiable = differentiable;
        this.cache = cache;
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
        return of(s, t, null, null);
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
        return of(s, t, memoryS, memoryT, true);
    }

    /**
     * As {@link #of(NDArray, NDArray, NDArray, NDArray)}; {@code differentiable = false} declares
     * that no gradient is wanted through these rows (the caller detached them), so terms computed
     * in tiles skip their gradient work.
     */
    static PairwiseGeometry of(
            NDArray s, NDArray t, NDArray memoryS, NDArray memoryT, boolean differentiable) {
        InputChecks.requireSameShape("S", s, "T", t);
        InputChecks.requireMemory(s, t, memoryS, memoryT);
        long batchRows = s.getShape().get(0);
        if (memoryS != null && memoryS.getShape().get(0) > 0) {
            s = s.concat(memoryS.stopGradient(), 0);
            t = t.concat(memoryT.stopGradient(), 0);
        }
        InputChecks.requireRows("S", s, 2, "pairwise statistics need N >= 2");
        return new PairwiseGeometry(s, t, batchRows, differentiable, new Cache());
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
        if (cache.squaredDistances == null) {
            NDArray joint = s.concat(t, 0);
            NDArray norms = joint.square().sum(new int[] {1}, true);
            // Additions in place: their backward needs no saved values. N x N arrays are costly
            // to allocate (fresh pages), so every avoided allocation shows in the step time.
            cache.squaredDistances =
                    Scalars.times(joint, -2)
                            .matMul(joint.transpose())
                            .addi(norms)
                            .addi(norms.transpose())
                            .clip(0, Float.MAX_VALUE);
        }
        return cache.squaredDistances;
    }

    /**
     * Whether a term computed in tiles must produce a gradient: the rows were not declared
     * detached and autograd is recording.
     */
    boolean needsGradient() {
        return differentiable && Autograd.isRecording(s);
    }

    /**
     * The same geometry, sharing whatever it has built, for a term whose value is wanted without
     * a gradient (its weight is 0): terms computed in tiles then skip their gradient work.
     */
    PairwiseGeometry withoutGradient() {
        return differentiable ? new PairwiseGeometry(s, t, batchRows, false, cache) : this;
    }

    /** The distances tile by tile, with tiles of side {@code blockSize} (built once per size). */
    DistanceTiles tiles(int blockSize) {
        if (cache.tiles == null || cache.tiles.blockSize() != blockSize) {
            cache.tiles = new DistanceTiles(s, t, batchRows, blockSize);
        }
        return cache.tiles;
    }
}
