package io.github.setclip.losses;

/** Which definition of the SDD term the objective uses. */
public enum SddForm {
    /**
     * The averaged form of the specification, {@link SemanticDensityLoss}: mean densities, mean
     * divergence over the 2N points, default bandwidth 1.0. The default.
     */
    SPEC,
    /**
     * The authors' released form, {@link AuthorsDensityLoss}: summed densities, summed divergence,
     * divided by each set's spread, default bandwidth 0.5.
     */
    AUTHORS
}
