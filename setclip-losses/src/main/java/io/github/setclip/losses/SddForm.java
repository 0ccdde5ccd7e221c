package io.github.setclip.losses;

/** Which definition of the SDD term the objective uses, and the bandwidth each defaults to. */
public enum SddForm {
    /**
     * The averaged form of the specification, {@link SemanticDensityLoss}: mean densities, mean
     * divergence over the 2N points, default bandwidth 1.0. The default.
     */
    SPEC(1.0),
    /**
     * The authors' released form, {@link AuthorsDensityLoss}: summed densities, summed divergence,
     * divided by each set's spread, default bandwidth 0.5 (at which the exponent is {@code -||z -
     * x||^2 / var(X)}).
     */
    AUTHORS(0.5);

    private final double defaultBandwidth;

    SddForm(double defaultBandwidth) {
        this.defaultBandwidth = defaultBandwidth;
    }

    /** The bandwidth h this form uses when none is given: the one place it is written. */
    public double defaultBandwidth() {
        return defaultBandwidth;
    }
}
