package io.github.setclip.tasks.experiment;

import io.github.setclip.data.InvalidSettingException;
import io.github.setclip.losses.LossWeights;
import io.github.setclip.losses.SddDivergence;
import io.github.setclip.train.Method;
import io.github.setclip.train.ObjectiveSettings;
import io.github.setclip.train.Recipe;
import io.github.setclip.train.TrainingConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;

/**
 * The arms of an experiment, built from a base configuration (Set-CLIP's weights, bandwidth and
 * paired fraction). The default comparison is the paper's: CLIP on the paired items only,
 * Set-CLIP on paired plus unpaired items, and CLIP on all items paired as the upper bound.
 */
public final class ExperimentPlan {

    /** The paper's ablations (Tables 4 and 5). */
    public enum Ablation {
        NO_SSL("Set-CLIP without SSL", "no-ssl"),
        NO_SDD("Set-CLIP without SDD", "no-sdd"),
        NO_MMD("Set-CLIP without MMD", "no-mmd"),
        SDD_ABSOLUTE("Set-CLIP, SDD on absolute distance", "sdd-absolute"),
        SDD_MSE("Set-CLIP, SDD as MSE", "sdd-mse");

        private final String label;
        private final String key;

        Ablation(String label, String key) {
            this.label = label;
            this.key = key;
        }

        /** The flag value, e.g. {@code no-ssl}. */
        public String key() {
            return key;
        }

        /** Parses a flag value. */
        public static Ablation parse(String value) {
            for (Ablation a : values()) {
                if (a.key.equals(value)) {
                    return a;
                }
            }
            throw new InvalidSettingException("ablation", "must be one of no-ssl, no-sdd, no-mmd,"
                    + " sdd-absolute, sdd-mse; got " + value);
        }
    }

    /** Row name of the CLIP baseline on the paired items. */
    public static final String CLIP_PAIRED = "CLIP (paired only)";
    /** Row name of Set-CLIP with the base configuration. */
    public static final String SET_CLIP = "Set-CLIP";
    /** Row name of the upper bound. */
    public static final String CLIP_ALL = "CLIP (all pairs)";

    private ExperimentPlan() {}

    /**
     * The default comparison plus any ablations.
     *
     * @param base the Set-CLIP configuration
     * @param ablations ablations to add
     * @param upperBound whether to train CLIP on all pairs
     * @return the arms
     */
    public static List<Arm> comparison(TrainingConfig base, List<Ablation> ablations, boolean upperBound) {
        List<Arm> arms = new ArrayList<>();
        arms.add(clipPaired(base));
        arms.add(new Arm(SET_CLIP, "setclip", base, false));
        ObjectiveSettings o = base.objective();
        LossWeights w = o.weights();
        for (Ablation a : ablations) {
            ObjectiveSettings.Builder varied = o.toBuilder();
            switch (a) {
                case NO_SSL -> varied.optWeights(new LossWeights(w.cl(), w.mmd(), w.sdd(), 0));
                case NO_SDD -> varied.optWeights(new LossWeights(w.cl(), w.mmd(), 0, w.ssl()));
                case NO_MMD -> varied.optWeights(new LossWeights(w.cl(), 0, w.sdd(), w.ssl()));
                case SDD_ABSOLUTE -> varied.optSddRelativeDistance(false);
                case SDD_MSE -> varied.optSddDivergence(SddDivergence.MSE);
            }
            arms.add(new Arm(a.label, a.key, base.toBuilder().optObjective(varied.build()).build(), false));
        }
        if (upperBound && base.pairedFraction() < 1) {
            arms.add(new Arm(CLIP_ALL, "clip-all", clip(base).optPairedFraction(1.0).build(), false));
        }
        return arms;
    }

    /**
     * One arm per recipe (see {@link Recipe}), each applied to the base configuration and titled
     * for the table ({@code clip} "CLIP (paired only)", {@code paper} "Set-CLIP (paper)", {@code pl}
     * "S-CLIP (pseudo-labels)", an ingredient list "CLIP + " and its name, ...). The first is the
     * baseline the table compares with.
     *
     * @param base the configuration every value a recipe does not name comes from
     * @param names the recipe names, in table order
     * @return the arms
     */
    public static List<Arm> recipes(TrainingConfig base, List<String> names) {
        List<Arm> arms = new ArrayList<>();
        java.util.Set<String> keys = new java.util.HashSet<>();
        for (String name : names) {
            Recipe recipe = Recipe.parse(name);
            if (!keys.add(recipe.key())) {
                throw new InvalidSettingException("recipes", "name " + recipe.name() + " twice");
            }
            String title = switch (recipe.name()) {
                case "clip" -> CLIP_PAIRED;
                case "clip-all" -> CLIP_ALL;
                case "paper" -> SET_CLIP + " (paper)";
                case "pl" -> "S-CLIP (pseudo-labels)";
                case "pl2" -> "S-CLIP, both directions";
                case "softpl" -> "Soft-PL";
                case "hardpl" -> "Hard-PL";
                case "nn" -> "CLIP + NN pseudo-pairs";
                case "twostage" -> "Two-stage (SSL, then CLIP)";
                default -> "CLIP + " + recipe.name();
            };
            arms.add(new Arm(title, recipe.key(), recipe.apply(base), false));
        }
        return arms;
    }

    /**
     * Attribution: which term the gain comes from. CLIP, CLIP+SSL, CLIP+MMD, CLIP+SDD,
     * CLIP+MMD+SDD and the full objective, each term at its base weight, all on Set-CLIP's mixed
     * batches except the CLIP baseline.
     *
     * @param base the Set-CLIP configuration
     * @return the arms
     */
    public static List<Arm> attribution(TrainingConfig base) {
        LossWeights w = base.weights();
        List<Arm> arms = new ArrayList<>();
        arms.add(clipPaired(base));
        arms.add(weighted("CLIP + SSL", "cl-ssl", base, new LossWeights(w.cl(), 0, 0, w.ssl())));
        arms.add(weighted("CLIP + MMD", "cl-mmd", base, new LossWeights(w.cl(), w.mmd(), 0, 0)));
        arms.add(weighted("CLIP + SDD", "cl-sdd", base, new LossWeights(w.cl(), 0, w.sdd(), 0)));
        arms.add(weighted("CLIP + MMD + SDD", "cl-mmd-sdd", base,
                new LossWeights(w.cl(), w.mmd(), w.sdd(), 0)));
        arms.add(new Arm(SET_CLIP, "setclip", base, false));
        return arms;
    }

    /**
     * A sweep of one Set-CLIP setting over values, scored on the validation split.
     *
     * @param base the Set-CLIP configuration
     * @param setting the setting's name, for the arms' names and keys (e.g. {@code bandwidth})
     * @param values the values to try
     * @param vary the base with the setting at a value
     * @return one arm per value
     */
    public static List<Arm> sweep(TrainingConfig base, String setting, List<Double> values,
            BiFunction<TrainingConfig, Double, TrainingConfig> vary) {
        List<Arm> arms = new ArrayList<>();
        for (double v : values) {
            String value = String.format(Locale.ROOT, "%s", v);
            arms.add(new Arm("Set-CLIP, " + setting + " = " + value, setting + "-" + value, vary.apply(base, v),
                    false));
        }
        return arms;
    }

    /**
     * The zero-pair setting: Set-CLIP with no pairs at all, against CLIP, which then has nothing
     * to learn from and is scored untrained.
     *
     * @param base the Set-CLIP configuration
     * @return the arms
     */
    public static List<Arm> zeroPair(TrainingConfig base) {
        TrainingConfig noPairs = base.toBuilder().optPairedFraction(0).build();
        return List.of(
                new Arm("CLIP (no pairs: untrained)", "clip-untrained",
                        noPairs.toBuilder().optWeights(LossWeights.CLIP).build(), true),
                new Arm(SET_CLIP + " (no pairs)", "setclip-zero", noPairs, false));
    }

    private static Arm clipPaired(TrainingConfig base) {
        return new Arm(CLIP_PAIRED, "clip", clip(base).build(), false);
    }

    /** CLIP with the base schedule: CL alone, kernel weights not learned. */
    private static TrainingConfig.Builder clip(TrainingConfig base) {
        return base.toBuilder().optMethod(Method.CLIP).optWeights(LossWeights.CLIP);
    }

    private static Arm weighted(String name, String key, TrainingConfig base, LossWeights weights) {
        return new Arm(name, key, base.toBuilder().optWeights(weights).build(), false);
    }
}
