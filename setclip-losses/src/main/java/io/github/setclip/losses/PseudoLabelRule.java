package io.github.setclip.losses;

/**
 * How {@link CaptionPseudoLabelLoss} turns the similarities {@code c_uj = <x_u, x_j>} between an
 * unpaired row and the P paired rows of its own modality into a target over the paired rows'
 * partners. {@code 1/epsilon} is the capped logit scale unless a fixed temperature is set.
 */
public enum PseudoLabelRule {
    /**
     * S-CLIP's caption-level pseudo-label: the Sinkhorn plan between the U unpaired and the P
     * paired rows for the cost {@code 1 - c} at regularisation epsilon, uniform marginals, each row
     * renormalised to sum to 1. The default.
     */
    OPTIMAL_TRANSPORT,
    /** S-CLIP's Soft-PL baseline: {@code softmax_j(c_uj / epsilon)}. */
    SOFT_NEAREST,
    /** S-CLIP's Hard-PL baseline: one-hot at {@code argmax_j c_uj} (the first on ties). */
    HARD_NEAREST
}
