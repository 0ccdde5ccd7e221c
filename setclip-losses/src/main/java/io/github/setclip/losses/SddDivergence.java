package io.github.setclip.losses;

/** How {@link SemanticDensityLoss} compares the two density values at each point. */
public enum SddDivergence {
    /** Symmetric KL (Jeffreys): {@code (p_S - p_T)(ln p_S - ln p_T)}. The default. */
    SYMMETRIC_KL,
    /** Squared difference {@code (p_S - p_T)^2} (the paper's Table 5 ablation). */
    MSE
}
