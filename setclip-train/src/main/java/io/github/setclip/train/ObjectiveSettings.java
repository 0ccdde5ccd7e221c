package io.github.setclip.train;

import io.github.setclip.data.InvalidSettingException;
import io.github.setclip.losses.ClNegatives;
import io.github.setclip.losses.LossWeights;
import io.github.setclip.losses.NtXentLoss;
import io.github.setclip.losses.SddDivergence;
import io.github.setclip.losses.SddForm;
import io.github.setclip.losses.SetClipObjective;

/**
 * How the objective is configured: the one place a run's loss settings live. {@link
 * TrainingConfig} carries it, config.json records it, and {@link #newObjective()} builds the
 * objective from it, so the trainer, the run folder and the command line never copy settings by
 * hand. The last three settings are carried out by the trainer around the objective.
 *
 * @param weights the term weights; with {@code balanceTerms} the MMD, SDD and SSL weights are
 *     target ratios of each term's gradient norm at the embeddings to CL's
 * @param clNegatives which rows each positive competes against in CL
 * @param sddForm the spec's averaged SDD or the authors' released form
 * @param sddBandwidth SDD bandwidth h, or {@code null} for the form's default ({@link
 *     SddForm#defaultBandwidth()})
 * @param sslTemperature NT-Xent temperature
 * @param sddRelativeDistance whether SDD divides distances by each set's variance (the paper's
 *     default; false is the absolute-distance ablation)
 * @param sddDivergence how SDD compares densities (symmetric KL, or the MSE ablation)
 * @param learnedKernelWeights whether MMD's kernel weights are learned adversarially (else uniform)
 * @param queueSize Q: MMD and SDD compare the batch plus the last Q detached embeddings of each
 *     modality (0: the batch alone)
 * @param balanceTerms whether the MMD, SDD and SSL weights are target gradient ratios to CL's
 *     (each term then gets a detached scale re-estimated every {@code balanceEvery} steps)
 * @param balanceEvery how often the balancing scales are re-estimated, in steps
 */
public record ObjectiveSettings(LossWeights weights, ClNegatives clNegatives, SddForm sddForm,
        Double sddBandwidth, double sslTemperature, boolean sddRelativeDistance,
        SddDivergence sddDivergence, boolean learnedKernelWeights, int queueSize,
        boolean balanceTerms, int balanceEvery) {

    /** The spec's defaults (the authors' released weights, CL on the pairs, the spec's SDD). */
    public static final ObjectiveSettings DEFAULTS = new ObjectiveSettings(LossWeights.DEFAULTS,
            ClNegatives.PAIRED, SddForm.SPEC, null, NtXentLoss.DEFAULT_TEMPERATURE, true,
            SddDivergence.SYMMETRIC_KL, true, 0, false, 10);

    /** Checks the values; each message names the setting. */
    public ObjectiveSettings {
        if (weights == null) {
            throw new InvalidSettingException("weights", "must be given");
        }
        if (clNegatives == null) {
            throw new InvalidSettingException("clNegatives", "must be given");
        }
        if (sddForm == null) {
            throw new InvalidSettingException("sddForm", "must be given");
        }
        if (sddBandwidth != null && (!(sddBandwidth > 0) || Double.isInfinite(sddBandwidth))) {
            throw new InvalidSettingException("sddBandwidth", "must be > 0, got " + sddBandwidth);
        }
        if (!(sslTemperature > 0) || Double.isInfinite(sslTemperature)) {
            throw new InvalidSettingException("sslTemperature", "must be > 0, got " + sslTemperature);
        }
        if (sddDivergence == null) {
            throw new InvalidSettingException("sddDivergence", "must be given");
        }
        if (sddForm == SddForm.AUTHORS && (!sddRelativeDistance || sddDivergence != SddDivergence.SYMMETRIC_KL)) {
            throw new InvalidSettingException("sddForm", "authors has its own distance and divergence;"
                    + " it cannot be combined with the absolute-distance or MSE ablations");
        }
        if (queueSize < 0) {
            throw new InvalidSettingException("queueSize", "must be >= 0 rows, got " + queueSize);
        }
        if (balanceEvery < 1) {
            throw new InvalidSettingException("balanceEvery", "must be >= 1 step, got " + balanceEvery);
        }
        if (balanceTerms && weights.cl() == 0) {
            throw new InvalidSettingException("balanceTerms", "needs CL (weight w_cl > 0) to balance against");
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

    /** The bandwidth h in use: the explicit one, else the form's default. */
    public double effectiveBandwidth() {
        return sddBandwidth != null ? sddBandwidth : sddForm.defaultBandwidth();
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
        SetClipObjective.Builder b = SetClipObjective.builder()
                .optWeights(weights)
                .optClNegatives(clNegatives)
                .optSddForm(sddForm)
                .optSslTemperature(sslTemperature)
                .optRelativeDistance(sddRelativeDistance)
                .optSddDivergence(sddDivergence)
                .optLearnedKernelWeights(learnedKernelWeights && weights.mmd() > 0);
        if (sddBandwidth != null) {
            b.optBandwidth(sddBandwidth);
        }
        return b;
    }

    /** Configures {@link ObjectiveSettings}. */
    public static final class Builder {
        private LossWeights weights;
        private ClNegatives clNegatives;
        private SddForm sddForm;
        private Double sddBandwidth;
        private double sslTemperature;
        private boolean sddRelativeDistance;
        private SddDivergence sddDivergence;
        private boolean learnedKernelWeights;
        private int queueSize;
        private boolean balanceTerms;
        private int balanceEvery;

        Builder(ObjectiveSettings from) {
            this.weights = from.weights;
            this.clNegatives = from.clNegatives;
            this.sddForm = from.sddForm;
            this.sddBandwidth = from.sddBandwidth;
            this.sslTemperature = from.sslTemperature;
            this.sddRelativeDistance = from.sddRelativeDistance;
            this.sddDivergence = from.sddDivergence;
            this.learnedKernelWeights = from.learnedKernelWeights;
            this.queueSize = from.queueSize;
            this.balanceTerms = from.balanceTerms;
            this.balanceEvery = from.balanceEvery;
        }

        /** The term weights (target gradient ratios for MMD, SDD and SSL under balancing). */
        public Builder optWeights(LossWeights weights) {
            this.weights = weights;
            return this;
        }

        /** Which rows each positive competes against in CL. */
        public Builder optClNegatives(ClNegatives negatives) {
            this.clNegatives = negatives;
            return this;
        }

        /** The SDD form. */
        public Builder optSddForm(SddForm form) {
            this.sddForm = form;
            return this;
        }

        /** The SDD bandwidth h ({@code null}: the form's default). */
        public Builder optSddBandwidth(Double bandwidth) {
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

        /** The queue of detached embeddings MMD and SDD also compare, in rows (0: none). */
        public Builder optQueueSize(int rows) {
            this.queueSize = rows;
            return this;
        }

        /** Balance MMD, SDD and SSL against CL by gradient ratio. */
        public Builder optBalanceTerms(boolean balance) {
            this.balanceTerms = balance;
            return this;
        }

        /** How often the balancing scales are re-estimated, in steps. */
        public Builder optBalanceEvery(int steps) {
            this.balanceEvery = steps;
            return this;
        }

        /** Builds the settings; throws {@link InvalidSettingException} naming a bad value. */
        public ObjectiveSettings build() {
            return new ObjectiveSettings(weights, clNegatives, sddForm, sddBandwidth, sslTemperature,
                    sddRelativeDistance, sddDivergence, learnedKernelWeights, queueSize, balanceTerms,
                    balanceEvery);
        }
    }
}
