package io.github.setclip.train;

import ai.djl.util.JsonUtils;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import io.github.setclip.data.InvalidSettingException;
import io.github.setclip.losses.LossWeights;
import io.github.setclip.losses.SddDivergence;
import io.github.setclip.losses.SetClipObjective;

/**
 * Everything that decides a training run, saved as {@code config.json} in the run folder so a run
 * can be traced, resumed and repeated. Build one with {@link #builder()}; vary one with {@link
 * #toBuilder()}.
 *
 * @param method {@link Method#SETCLIP} (every term, paired and unpaired rows) or {@link
 *     Method#CLIP} (CL alone on the paired items only, the CLIP baseline); the other methods are
 *     recipes that resolve to one of these
 * @param epochs number of passes over the training pools
 * @param batchSize rows per modality per batch: N of a proportional batch and of CLIP's, the
 *     default M and U of an additive one (see {@link BatchSettings})
 * @param pairedFraction share of training items used as matched pairs, in [0, 1]
 * @param learningRate peak AdamW learning rate
 * @param weightDecay AdamW decoupled weight decay on weight matrices
 * @param warmUpSteps linear warm-up steps before the cosine decay
 * @param gradientClip global L2 norm the gradients are clipped to (0: no clipping)
 * @param seed seed of the pairing, batches, augmentations, dropout and initial weights
 * @param batch how batches are composed
 * @param objective the objective's settings
 * @param semi the semi-supervised methods beside the objective (pseudo-labels, pseudo-pairs, two
 *     stages), all off by default
 */
public record TrainingConfig(
        Method method,
        int epochs,
        int batchSize,
        double pairedFraction,
        double learningRate,
        double weightDecay,
        int warmUpSteps,
        double gradientClip,
        long seed,
        BatchSettings batch,
        ObjectiveSettings objective,
        SemiSupervisedSettings semi) {

    /**
     * The defaults: Set-CLIP on additive batches (128 pairs plus 128 unpaired rows), 25 epochs,
     * 1/3 paired, AdamW at 1e-3 peak with weight decay 0.05, 30 warm-up steps, clip 1.0, seed 1.
     * They are written once, in {@link Builder}; the command line's help quotes them from here.
     */
    public static final TrainingConfig DEFAULTS = new Builder().build();

    /** Validates the ranges; each message names the setting and the value. */
    public TrainingConfig {
        if (method != Method.SETCLIP && method != Method.CLIP) {
            throw new InvalidSettingException("method", "must be setclip or clip, got " + method
                    + " (a recipe: Method.recipe() resolves it)");
        }
        if (epochs < 1) {
            throw new InvalidSettingException("epochs", "must be >= 1, got " + epochs);
        }
        if (batchSize < 2) {
            throw new InvalidSettingException("batchSize", "must be >= 2, got " + batchSize);
        }
        if (!(pairedFraction >= 0 && pairedFraction <= 1)) {
            throw new InvalidSettingException("pairedFraction", "must be in [0, 1], got " + pairedFraction);
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new InvalidSettingException("learningRate", "must be > 0, got " + learningRate);
        }
        if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
            throw new InvalidSettingException("weightDecay", "must be >= 0, got " + weightDecay);
        }
        if (!(gradientClip >= 0) || Double.isInfinite(gradientClip)) {
            throw new InvalidSettingException("gradientClip", "must be >= 0 (0: no clipping), got "
                    + gradientClip);
        }
        if (warmUpSteps < 0) {
            throw new InvalidSettingException("warmUpSteps", "must be >= 0, got " + warmUpSteps);
        }
        if (objective == null) {
            throw new InvalidSettingException("objective", "must be given");
        }
        if (batch == null) {
            throw new InvalidSettingException("batch", "must be given");
        }
        if (semi == null) {
            throw new InvalidSettingException("semi", "must be given");
        }
        if (method == Method.CLIP && pairedFraction == 0) {
            throw new InvalidSettingException("pairedFraction",
                    "must be > 0 for method clip, which trains on pairs only");
        }
    }

    /** A builder starting from {@link #DEFAULTS}. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this configuration. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** The term weights (shorthand for {@code objective().weights()}). */
    public LossWeights weights() {
        return objective.weights();
    }

    /**
     * A new objective block with this configuration's settings (CLIP never learns MMD kernel
     * weights: it has no MMD term).
     */
    public SetClipObjective newObjective() {
        return isClip() ? objective.toBuilder().optLearnedKernelWeights(false).build().newObjective()
                : objective.newObjective();
    }

    /**
     * This configuration with every setting that has no effect given the others written in one
     * way (the SDD bandwidth as the value in use; CLIP's batch settings, which its fully paired
     * batches ignore, as proportional), so that two configurations that train alike compare equal.
     */
    public TrainingConfig canonical() {
        ObjectiveSettings o = objective.toBuilder().optSddBandwidth(objective.effectiveBandwidth()).build();
        return toBuilder().optObjective(o).optBatch(isClip() ? BatchSettings.PROPORTIONAL : batch).build();
    }

    /** Whether this is the CLIP baseline (pairs only, CL only). */
    public boolean isClip() {
        return method == Method.CLIP;
    }

    /**
     * Reads the {@code training} object of a config.json, as written by this version or by the
     * first one (which kept the objective's settings at the top level and knew only proportional
     * batches); settings added since default to what those runs did.
     *
     * @param json the object
     * @return the configuration
     * @throws JsonParseException if a field is missing or of the wrong type
     */
    public static TrainingConfig fromJson(JsonElement json) {
        if (json == null || !json.isJsonObject()) {
            throw new JsonParseException("no training configuration object");
        }
        JsonObject o = json.getAsJsonObject();
        if (!o.has("objective")) {
            JsonObject objective = new JsonObject();
            objective.add("weights", o.get("weights"));
            objective.add("sddBandwidth", o.get("sddBandwidth"));
            objective.add("sslTemperature", o.get("sslTemperature"));
            objective.add("sddRelativeDistance", o.has("sddRelativeDistance")
                    ? o.get("sddRelativeDistance") : new com.google.gson.JsonPrimitive(true));
            objective.add("sddDivergence", o.has("sddDivergence") ? o.get("sddDivergence")
                    : new com.google.gson.JsonPrimitive(SddDivergence.SYMMETRIC_KL.name()));
            objective.addProperty("learnedKernelWeights", true);
            o = o.deepCopy();
            o.add("objective", objective);
        }
        JsonObject objective = o.getAsJsonObject("objective").deepCopy();
        defaults(objective, JsonUtils.GSON.toJsonTree(ObjectiveSettings.DEFAULTS).getAsJsonObject());
        o = o.deepCopy();
        o.add("objective", objective);
        if (!o.has("semi")) {
            o.add("semi", JsonUtils.GSON.toJsonTree(SemiSupervisedSettings.NONE));
        }
        JsonObject semi = o.getAsJsonObject("semi");
        if (!semi.has("keywordVocabulary")) {
            // Written before issue 22: S-CLIP then classified keywords among the batch's only.
            boolean sClip = semi.has("pseudoLabels") && "OPTIMAL_TRANSPORT".equals(semi.get("pseudoLabels").getAsString());
            semi.addProperty("keywordVocabulary", (sClip ? KeywordVocabulary.BATCH : KeywordVocabulary.GLOBAL).name());
        }
        if (!o.has("batch")) {
            o.add("batch", JsonUtils.GSON.toJsonTree(BatchSettings.PROPORTIONAL));
        }
        TrainingConfig config = JsonUtils.GSON.fromJson(o, TrainingConfig.class);
        if (config == null) {
            throw new JsonParseException("empty training configuration");
        }
        return config;
    }

    private static void defaults(JsonObject into, JsonObject from) {
        for (String key : from.keySet()) {
            if (!into.has(key)) {
                into.add(key, from.get(key));
            }
        }
    }

    /** Configures a {@link TrainingConfig}; its initial values are the defaults, written here only. */
    public static final class Builder {
        private Method method = Method.SETCLIP;
        private int epochs = 25;
        private int batchSize = 128;
        private double pairedFraction = 1 / 3.0;
        private double learningRate = 1e-3;
        private double weightDecay = 0.05;
        private int warmUpSteps = 30;
        private double gradientClip = 1.0;
        private long seed = 1;
        private BatchSettings batch = BatchSettings.ADDITIVE;
        private ObjectiveSettings objective = ObjectiveSettings.DEFAULTS;
        private SemiSupervisedSettings semi = SemiSupervisedSettings.NONE;

        Builder() {}

        Builder(TrainingConfig c) {
            method = c.method;
            epochs = c.epochs;
            batchSize = c.batchSize;
            pairedFraction = c.pairedFraction;
            learningRate = c.learningRate;
            weightDecay = c.weightDecay;
            warmUpSteps = c.warmUpSteps;
            gradientClip = c.gradientClip;
            seed = c.seed;
            batch = c.batch;
            objective = c.objective;
            semi = c.semi;
        }

        /** {@link Method#SETCLIP} or {@link Method#CLIP}. */
        public Builder optMethod(Method method) {
            this.method = method;
            return this;
        }

        /** Number of passes over the training pools. */
        public Builder optEpochs(int epochs) {
            this.epochs = epochs;
            return this;
        }

        /** Rows per modality per batch, N. */
        public Builder optBatchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /** Share of training items used as matched pairs. */
        public Builder optPairedFraction(double pairedFraction) {
            this.pairedFraction = pairedFraction;
            return this;
        }

        /** Peak AdamW learning rate. */
        public Builder optLearningRate(double learningRate) {
            this.learningRate = learningRate;
            return this;
        }

        /** AdamW weight decay. */
        public Builder optWeightDecay(double weightDecay) {
            this.weightDecay = weightDecay;
            return this;
        }

        /** Linear warm-up steps. */
        public Builder optWarmUpSteps(int warmUpSteps) {
            this.warmUpSteps = warmUpSteps;
            return this;
        }

        /** Global gradient-norm clip (0: none). */
        public Builder optGradientClip(double gradientClip) {
            this.gradientClip = gradientClip;
            return this;
        }

        /** Seed of every random choice. */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /** How batches are composed (default: additive). */
        public Builder optBatch(BatchSettings batch) {
            this.batch = batch;
            return this;
        }

        /** The objective's settings. */
        public Builder optObjective(ObjectiveSettings objective) {
            this.objective = objective;
            return this;
        }

        /** The semi-supervised methods (default: none). */
        public Builder optSemi(SemiSupervisedSettings semi) {
            this.semi = semi;
            return this;
        }

        /** Shorthand: the objective's settings with other weights. */
        public Builder optWeights(LossWeights weights) {
            this.objective = objective.toBuilder().optWeights(weights).build();
            return this;
        }

        /** Builds the configuration; throws {@link InvalidSettingException} naming a bad value. */
        public TrainingConfig build() {
            return new TrainingConfig(method, epochs, batchSize, pairedFraction, learningRate,
                    weightDecay, warmUpSteps, gradientClip, seed, batch, objective, semi);
        }
    }
}
