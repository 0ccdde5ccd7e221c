package io.github.setclip.train;

import io.github.setclip.losses.LossWeights;
import io.github.setclip.losses.NtXentLoss;
import io.github.setclip.losses.SddDivergence;
import io.github.setclip.losses.SemanticDensityLoss;
import io.github.setclip.losses.SetClipObjective;

/**
 * How the objective is configured: the one place a run's loss settings live. {@link
 * TrainingConfig} carries it, config.json records it, and {@link #newObjective()} builds the
 * objective from it, so the trainer, the run folder and the command line never copy settings by
 * hand.
 *
 * @param weights the term weights
 * @param sddBandwidth SDD bandwidth h
 * @param sslTemperature NT-Xent temperature
 * @param sddRelativeDistance whether SDD divides distances by each set's variance (the paper's
 *     default; false is the absolute-distance ablation)
 * @param sddDivergence how SDD compares densities (symmetric KL, or the MSE ablation)
 * @param learnedKernelWeights whether MMD's kernel weights are learned adversarially (else uniform)
 */
public record ObjectiveSettings(LossWeights weights, double sddBandwidth, double sslTemperature,
        boolean sddRelativeDistance, SddDivergence sddDivergence, boolean learnedKernelWeights) {

    /** The spec's defaults (the authors' released weights, h = 1, tau = 0.05). */
    public static final ObjectiveSettings DEFAULTS = new ObjectiveSettings(LossWeights.DEFAULTS,
            SemanticDensityLoss.DEFAULT_BANDWIDTH, NtXentLoss.DEFAULT_TEMPERATURE, true,
            SddDivergence.SYMMETRIC_KL, true);

    /** Checks the values; each message names the setting. */
    public ObjectiveSettings {
        if (weights == null) {
            throw new InvalidSettingException("weights", "must be given");
        }
        if (!(sddBandwidth > 0) || Double.isInfinite(sddBandwidth)) {
            throw new InvalidSettingException("sddBandwidth", "must be > 0, got " + sddBandwidth);
        }
        if (!(sslTemperature > 0) || Double.isInfinite(sslTemperature)) {
            throw new InvalidSettingException("sslTemperature", "must be > 0, got " + sslTemperature);
        }
        if (sddDivergence == null) {
            throw new InvalidSettingException("sddDivergence", "must be given");
        }
    }

    /** A builder starting from these settings. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** A builder starting from {@link #DEFAULTS}. */
    public static Builder builder() {
        return new Builder(DEFAULTS);
    }

    /** A new, uninitialised objective with these settings (kernel weights learned only when MMD is on). */
    public SetClipObjective newObjective() {
        return objectiveBuilder().build();
    }

    /**
     * A new, uninitialised objective with these settings and another initial logit scale.
     *
     * @param initialLogitScale the initial exp(l), positive
     * @return the objective
     */
    public SetClipObjective newObjective(double initialLogitScale) {
        return objectiveBuilder().optInitialLogitScale(initialLogitScale).build();
    }

    private SetClipObjective.Builder objectiveBuilder() {
        return SetClipObjective.builder()
                .optWeights(weights)
                .optBandwidth(sddBandwidth)
                .optSslTemperature(sslTemperature)
                .optRelativeDistance(sddRelativeDistance)
                .optSddDivergence(sddDivergence)
                .optLearnedKernelWeights(learnedKernelWeights && weights.mmd() > 0);
    }

    /** Configures {@link ObjectiveSettings}. */
    public static final class Builder {
        private LossWeights weights;
        private double sddBandwidth;
        private double sslTemperature;
        private boolean sddRelativeDistance;
        private SddDivergence sddDivergence;
        private boolean learnedKernelWeights;

        Builder(ObjectiveSettings from) {
            this.weights = from.weights;
            this.sddBandwidth = from.sddBandwidth;
            this.sslTemperature = from.sslTemperature;
            this.sddRelativeDistance = from.sddRelativeDistance;
            this.sddDivergence = from.sddDivergence;
            this.learnedKernelWeights = from.learnedKernelWeights;
        }

        /** The term weights. */
        public Builder optWeights(LossWeights weights) {
            this.weights = weights;
            return this;
        }

        /** The SDD bandwidth h. */
        public Builder optSddBandwidth(double bandwidth) {
            this.sddBandwidth = bandwidth;
            return this;
        }

        /** The NT-Xent temperature. */
        public Builder optSslTemperature(double temperature) {
            this.sslTemperature = temperature;
            return this;
        }

        /** Whether SDD uses the relative distance. */
        public Builder optSddRelativeDistance(boolean relative) {
            this.sddRelativeDistance = relative;
            return this;
        }

        /** How SDD compares densities. */
        public Builder optSddDivergence(SddDivergence divergence) {
            this.sddDivergence = divergence;
            return this;
        }

        /** Whether MMD's kernel weights are learned (else fixed at uniform). */
        public Builder optLearnedKernelWeights(boolean learned) {
            this.learnedKernelWeights = learned;
            return this;
        }

        /** Builds the settings; throws {@link InvalidSettingException} naming a bad value. */
        public ObjectiveSettings build() {
            return new ObjectiveSettings(weights, sddBandwidth, sslTemperature, sddRelativeDistance,
                    sddDivergence, learnedKernelWeights);
        }
    }
}
