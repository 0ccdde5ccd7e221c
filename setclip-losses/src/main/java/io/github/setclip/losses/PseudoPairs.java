package io.github.setclip.losses;

import ai.djl.ndarray.NDArray;

/**
 * Pseudo-pairs mined by {@link MutualNearestNeighbours}, most confident first.
 *
 * @param sIndices row i of each pair in the S embeddings, int64, shape (n)
 * @param tIndices row j of each pair in the T embeddings, int64, shape (n)
 * @param scores each pair's confidence, the smaller of its two margins, shape (n), in the
 *     embeddings' data type, non-increasing; {@code +infinity} when neither set offers a runner-up
 */
public record PseudoPairs(NDArray sIndices, NDArray tIndices, NDArray scores) {

    /** The number n of pairs. */
    public int size() {
        return Math.toIntExact(scores.getShape().get(0));
    }

    /**
     * The first {@code k} pairs (all of them when fewer were mined): the most confident.
     *
     * @param k how many to keep, &gt;= 0
     * @return the leading pairs, views of these arrays
     */
    public PseudoPairs mostConfident(int k) {
        if (k < 0) {
            throw new IllegalArgumentException("k must be >= 0, got " + k);
        }
        int n = Math.min(k, size());
        return new PseudoPairs(
                sIndices.get("0:{}", n), tIndices.get("0:{}", n), scores.get("0:{}", n));
    }
}
