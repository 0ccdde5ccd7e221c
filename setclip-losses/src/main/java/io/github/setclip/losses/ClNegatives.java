package io.github.setclip.losses;

/** Which rows {@link ContrastiveLoss} scores each positive row against. */
public enum ClNegatives {
    /** The P positive rows only: P x P logits, CLIP on the pairs. The default. */
    PAIRED,
    /**
     * All N rows of the other modality: P x N logits both ways, so the unpaired rows are extra
     * negatives (the authors' released script).
     */
    ALL
}
