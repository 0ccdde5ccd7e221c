package io.github.setclip.train;

import io.github.setclip.data.InvalidSettingException;
import io.github.setclip.losses.CandidateWeighting;
import io.github.setclip.losses.PseudoLabelRule;

/**
 * The semi-supervised methods beside Set-CLIP's distribution terms: pseudo-labels (S-CLIP and its
 * baselines), mutual-nearest-neighbour pseudo-pairs, and two-stage training. Each is off by default.
 *
 * @param pseudoLabels how unpaired rows get soft targets over the batch's pairs (S-CLIP's optimal
 *     transport, or its Soft-PL / Hard-PL baselines), or {@code null} for none
 * @param bothDirections whether unpaired T rows get targets over the paired S rows too (S-CLIP
 *     labels only unpaired S rows, its images)
 * @param pseudoLabelWeight weight of the pseudo-label cross-entropy (S-CLIP: 0.5)
 * @param keywordWeight weight of S-CLIP's keyword partial-label loss, applied with optimal transport
 *     on datasets whose T items carry keywords (the emoji tags; S-CLIP: 0.5)
 * @param nnPairs whether mutual-nearest-neighbour pseudo-pairs join the batches as extra positives
 * @param nnPerBatch K, pseudo-pairs added to each batch once mined
 * @param nnWeight the weight of a pseudo-pair's row in CL (a true pair's is 1)
 * @param nnWarmup steps before the first mining (no pseudo-pair before it)
 * @param nnMargin the margin a mutual nearest neighbour must have over the runner-up, on both sides
 * @param nnRefresh steps between minings
 * @param twoStageFraction share of the step budget spent first on self-supervised training of each
 *     encoder alone (all of its modality's data), before CLIP on the pairs from those weights; 0
 *     for one stage
 * @param keywordVocabulary the keywords an unpaired row is classified among in the keyword loss:
 *     every paired training item's ({@link KeywordVocabulary#GLOBAL}, S-CLIP's fixed list, the
 *     default; {@code null} means it) or the batch's pairs' only ({@link KeywordVocabulary#BATCH},
 *     what S-CLIP runs before issue 22 did: {@link TrainingConfig#fromJson} reads their run folders
 *     so)
 * @param keywordTargets how the keyword loss spreads an unpaired row's target over its candidate
 *     keywords (default, and {@code null}: {@link CandidateWeighting#PREDICTED})
 */
public record SemiSupervisedSettings(PseudoLabelRule pseudoLabels, boolean bothDirections,
        double pseudoLabelWeight, double keywordWeight, boolean nnPairs, int nnPerBatch, double nnWeight,
        int nnWarmup, double nnMargin, int nnRefresh, double twoStageFraction,
        KeywordVocabulary keywordVocabulary, CandidateWeighting keywordTargets) {

    /** None of the methods. */
    public static final SemiSupervisedSettings NONE = new SemiSupervisedSettings(null, false, 0.5, 0.5,
            false, 64, 1.0, 100, 0.05, 50, 0, KeywordVocabulary.GLOBAL, CandidateWeighting.PREDICTED);

    /** The share of the step budget the two-stage method gives its first stage unless told otherwise. */
    public static final double DEFAULT_TWO_STAGE_FRACTION = 0.5;

    /** Checks the values; each message names the setting. */
    public SemiSupervisedSettings {
        keywordVocabulary = keywordVocabulary == null ? KeywordVocabulary.GLOBAL : keywordVocabulary;
        keywordTargets = keywordTargets == null ? CandidateWeighting.PREDICTED : keywordTargets;
        requireWeight("pseudoLabelWeight", pseudoLabelWeight);
        requireWeight("keywordWeight", keywordWeight);
        requireWeight("nnWeight", nnWeight);
        if (nnPerBatch < 1) {
            throw new InvalidSettingException("nnPerBatch", "must be >= 1, got " + nnPerBatch);
        }
        if (nnWarmup < 0) {
            throw new InvalidSettingException("nnWarmup", "must be >= 0 steps, got " + nnWarmup);
        }
        if (!(nnMargin >= 0) || Double.isInfinite(nnMargin)) {
            throw new InvalidSettingException("nnMargin", "must be >= 0, got " + nnMargin);
        }
        if (nnRefresh < 1) {
            throw new InvalidSettingException("nnRefresh", "must be >= 1 step, got " + nnRefresh);
        }
        if (!(twoStageFraction >= 0 && twoStageFraction < 1)) {
            throw new InvalidSettingException("twoStageFraction", "must be in [0, 1), got " + twoStageFraction);
        }
        if (bothDirections && pseudoLabels == null) {
            throw new InvalidSettingException("bothDirections", "needs pseudo-labels");
        }
    }

    private static void requireWeight(String name, double w) {
        if (!(w >= 0) || Double.isInfinite(w)) {
            throw new InvalidSettingException(name, "must be >= 0, got " + w);
        }
    }

    /** Whether any pseudo-label term is on. */
    public boolean hasPseudoLabels() {
        return pseudoLabels != null;
    }

    /** Whether training runs in two stages. */
    public boolean twoStage() {
        return twoStageFraction > 0;
    }

    /** A builder starting from these settings. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Configures {@link SemiSupervisedSettings}. */
    public static final class Builder {
        private PseudoLabelRule pseudoLabels;
        private boolean bothDirections;
        private double pseudoLabelWeight;
        private double keywordWeight;
        private boolean nnPairs;
        private int nnPerBatch;
        private double nnWeight;
        private int nnWarmup;
        private double nnMargin;
        private int nnRefresh;
        private double twoStageFraction;
        private KeywordVocabulary keywordVocabulary;
        private CandidateWeighting keywordTargets;

        Builder(SemiSupervisedSettings s) {
            pseudoLabels = s.pseudoLabels;
            bothDirections = s.bothDirections;
            pseudoLabelWeight = s.pseudoLabelWeight;
            keywordWeight = s.keywordWeight;
            nnPairs = s.nnPairs;
            nnPerBatch = s.nnPerBatch;
            nnWeight = s.nnWeight;
            nnWarmup = s.nnWarmup;
            nnMargin = s.nnMargin;
            nnRefresh = s.nnRefresh;
            twoStageFraction = s.twoStageFraction;
            keywordVocabulary = s.keywordVocabulary;
            keywordTargets = s.keywordTargets;
        }

        /** The pseudo-label rule, or {@code null} for none. */
        public Builder optPseudoLabels(PseudoLabelRule rule) {
            this.pseudoLabels = rule;
            return this;
        }

        /** Whether unpaired T rows get pseudo-labels too. */
        public Builder optBothDirections(boolean both) {
            this.bothDirections = both;
            return this;
        }

        /** Weight of the pseudo-label loss. */
        public Builder optPseudoLabelWeight(double w) {
            this.pseudoLabelWeight = w;
            return this;
        }

        /** Weight of the keyword loss. */
        public Builder optKeywordWeight(double w) {
            this.keywordWeight = w;
            return this;
        }

        /** Whether mutual-nearest-neighbour pseudo-pairs are mined and used. */
        public Builder optNnPairs(boolean on) {
            this.nnPairs = on;
            return this;
        }

        /** Pseudo-pairs per batch. */
        public Builder optNnPerBatch(int k) {
            this.nnPerBatch = k;
            return this;
        }

        /** Weight of a pseudo-pair's CL row. */
        public Builder optNnWeight(double w) {
            this.nnWeight = w;
            return this;
        }

        /** Steps before the first mining. */
        public Builder optNnWarmup(int steps) {
            this.nnWarmup = steps;
            return this;
        }

        /** Margin over the runner-up. */
        public Builder optNnMargin(double margin) {
            this.nnMargin = margin;
            return this;
        }

        /** Steps between minings. */
        public Builder optNnRefresh(int steps) {
            this.nnRefresh = steps;
            return this;
        }

        /** Share of the budget for the self-supervised first stage (0: one stage). */
        public Builder optTwoStageFraction(double fraction) {
            this.twoStageFraction = fraction;
            return this;
        }

        /** The keywords the keyword loss classifies among (default every paired item's). */
        public Builder optKeywordVocabulary(KeywordVocabulary vocabulary) {
            this.keywordVocabulary = vocabulary;
            return this;
        }

        /** How the keyword loss spreads a target over the candidates (default predicted). */
        public Builder optKeywordTargets(CandidateWeighting targets) {
            this.keywordTargets = targets;
            return this;
        }

        /** Builds the settings; throws {@link InvalidSettingException} naming a bad value. */
        public SemiSupervisedSettings build() {
            return new SemiSupervisedSettings(pseudoLabels, bothDirections, pseudoLabelWeight, keywordWeight,
                    nnPairs, nnPerBatch, nnWeight, nnWarmup, nnMargin, nnRefresh, twoStageFraction,
                    keywordVocabulary, keywordTargets);
        }
    }
}
