package io.github.setclip.losses;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * S-CLIP's keyword candidate sets: each unpaired row inherits the keywords of the one paired item
 * it is assigned to.
 *
 * <p>For scores {@code w} of shape (U, P) (the caption-level targets, whose row maximum is the
 * paired item a row is transported to under optimal transport, or nearest to under Hard-PL and
 * Soft-PL; or any similarity matrix) and the paired items' keyword mask {@code M} of shape (P, K)
 * ({@code M_jk = 1} when keyword k describes paired item j):
 *
 * <pre>  candidates_u = M_{j(u)},   j(u) = argmax_j w_uj  (the first on ties)</pre>
 *
 * <p>One {@code argmax} and one row gather on the device, no loop over rows.
 */
public final class KeywordCandidates {

    private KeywordCandidates() {}

    /**
     * The candidate keywords of every unpaired row.
     *
     * @param scores assignment scores, shape (U, P), float32 or float64
     * @param pairedKeywords the paired items' keyword mask, shape (P, K), 0/1 of any numeric or
     *     boolean type
     * @return the candidate mask, shape (U, K), of the type of {@code pairedKeywords}; all zero
     *     when P = 0
     */
    public static NDArray ofNearestPaired(NDArray scores, NDArray pairedKeywords) {
        InputChecks.requireEmbeddings("scores", scores);
        if (pairedKeywords == null || pairedKeywords.getShape().dimension() != 2) {
            throw new IllegalArgumentException(
                    "pairedKeywords must be a 2-D (P, K) mask, got "
                            + (pairedKeywords == null ? "null" : pairedKeywords.getShape()));
        }
        long u = scores.getShape().get(0);
        long p = scores.getShape().get(1);
        long k = pairedKeywords.getShape().get(1);
        if (pairedKeywords.getShape().get(0) != p) {
            throw new IllegalArgumentException(
                    "pairedKeywords must have one row per paired item (P = " + p
                            + " columns of scores), got " + pairedKeywords.getShape().get(0));
        }
        if (u == 0 || p == 0) {
            return pairedKeywords.getManager().zeros(new Shape(u, k), pairedKeywords.getDataType());
        }
        return pairedKeywords.get(scores.stopGradient().argMax(1));
    }
}
