package io.github.setclip.losses;

/**
 * Whether a term works on its whole pairwise matrix at once or on tiles of it.
 *
 * <p>The unblocked path builds every (2N)^2 array of a term at once: O(N^2) memory, fastest for
 * small batches. The blocked path visits B x B tiles of the same matrix, accumulating per-row
 * quantities and a closed-form gradient tile by tile: O(N d + B^2) memory, same values and
 * gradients. See {@code docs/losses.md}, "Blocked computation".
 */
public enum Blocking {
    /**
     * Blocked when the term's matrix has more than 2048 rows (the joint {@code [S; T]} of N &gt;
     * 1024 rows per modality for MMD, SDD and SSL; more than 2048 candidates for CL), unblocked
     * up to that. The default.
     */
    AUTO,
    /** Always blocked, whatever the size. */
    ALWAYS,
    /** Never blocked: the whole matrix at once. */
    NEVER
}
