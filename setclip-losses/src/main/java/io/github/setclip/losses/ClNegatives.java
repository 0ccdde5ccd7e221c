package io.github.setclip.losses;

/** Which rows {@link ContrastiveLoss} scores each positive row against. */
public enum ClNegatives {
    /** The P positive rows only: P x P logits, CLIP on the pairs. The default. */
    PAIRED,
    /**
     * All N rows of the other modality: P x N logits both ways, so the unpaired rows are extra
     * negatives (the authors' released script).
     */
    ALL,
    /**
     * All N rows of S for each positive T row, the P positive rows of T for each positive S row:
     * the unpaired S rows are extra negatives in the T-to-S direction only (P x P logits one way,
     * P x N the other). S-CLIP's released objective, where S is the picture: its unlabelled
     * pictures are negatives of the captions, nothing is added to the picture-to-caption side.
     */
    ONE_SIDED;

    /** How many rows of T each positive S row is scored against, out of P positive and N in all. */
    long tCandidates(long positives, long n) {
        return this == ALL ? n : positives;
    }

    /** How many rows of S each positive T row is scored against. */
    long sCandidates(long positives, long n) {
        return this == PAIRED ? positives : n;
    }
}
