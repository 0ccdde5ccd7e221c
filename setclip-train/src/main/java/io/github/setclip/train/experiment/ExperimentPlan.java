package io.github.setclip.train.experiment;

import io.github.setclip.losses.LossWeights;
import io.github.setclip.losses.SddDivergence;
import io.github.setclip.train.TrainingConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

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
            throw new IllegalArgumentException("--ablation must be one of no-ssl, no-sdd, no-mmd,"
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
        arms.add(setClip(SET_CLIP, "setclip", base, base.weights(), base.sddBandwidth(),
                base.sddRelativeDistance(), base.sddDivergence() == SddDivergence.MSE));
        for (Ablation a : ablations) {
            LossWeights w = base.weights();
            arms.add(switch (a) {
                case NO_SSL -> setClip(a.label, a.key, base, new LossWeights(w.cl(), w.mmd(), w.sdd(), 0),
                        base.sddBandwidth(), base.sddRelativeDistance(), false);
                case NO_SDD -> setClip(a.label, a.key, base, new LossWeights(w.cl(), w.mmd(), 0, w.ssl()),
                        base.sddBandwidth(), base.sddRelativeDistance(), false);
                case NO_MMD -> setClip(a.label, a.key, base, new LossWeights(w.cl(), 0, w.sdd(), w.ssl()),
                        base.sddBandwidth(), base.sddRelativeDistance(), false);
                case SDD_ABSOLUTE -> setClip(a.label, a.key, base, w, base.sddBandwidth(), false, false);
                case SDD_MSE -> setClip(a.label, a.key, base, w, base.sddBandwidth(),
                        base.sddRelativeDistance(), true);
            });
        }
        if (upperBound && base.pairedFraction() < 1) {
            arms.add(new Arm(CLIP_ALL, "clip-all", "clip", 1.0, LossWeights.CLIP,
                    base.sddBandwidth(), true, false, false));
        }
        return arms;
    }

    /**
     * Attribution: which term the gain comes from. CLIP, CLIP+SSL, CLIP+MMD, CLIP+SDD,
     * CLIP+MMD+SDD and the full objective, each term at its base weight.
     *
     * @param base the Set-CLIP configuration
     * @return the arms
     */
    public static List<Arm> attribution(TrainingConfig base) {
        LossWeights w = base.weights();
        double h = base.sddBandwidth();
        boolean rel = base.sddRelativeDistance();
        List<Arm> arms = new ArrayList<>();
        arms.add(clipPaired(base));
        arms.add(setClip("CLIP + SSL", "cl-ssl", base, new LossWeights(w.cl(), 0, 0, w.ssl()), h, rel, false));
        arms.add(setClip("CLIP + MMD", "cl-mmd", base, new LossWeights(w.cl(), w.mmd(), 0, 0), h, rel, false));
        arms.add(setClip("CLIP + SDD", "cl-sdd", base, new LossWeights(w.cl(), 0, w.sdd(), 0), h, rel, false));
        arms.add(setClip("CLIP + MMD + SDD", "cl-mmd-sdd", base,
                new LossWeights(w.cl(), w.mmd(), w.sdd(), 0), h, rel, false));
        arms.add(setClip(SET_CLIP, "setclip", base, w, h, rel, base.sddDivergence() == SddDivergence.MSE));
        return arms;
    }

    /**
     * A sweep of one Set-CLIP setting over values, scored on the validation split.
     *
     * @param base the Set-CLIP configuration
     * @param setting {@code bandwidth}, {@code w-sdd}, {@code w-mmd} or {@code w-ssl}
     * @param values the values to try
     * @return one arm per value
     */
    public static List<Arm> sweep(TrainingConfig base, String setting, List<Double> values) {
        List<Arm> arms = new ArrayList<>();
        for (double v : values) {
            LossWeights w = base.weights();
            double h = base.sddBandwidth();
            switch (setting) {
                case "bandwidth" -> h = v;
                case "w-sdd" -> w = new LossWeights(w.cl(), w.mmd(), v, w.ssl());
                case "w-mmd" -> w = new LossWeights(w.cl(), v, w.sdd(), w.ssl());
                case "w-ssl" -> w = new LossWeights(w.cl(), w.mmd(), w.sdd(), v);
                default -> throw new IllegalArgumentException(
                        "--sweep must be bandwidth, w-sdd, w-mmd or w-ssl; got " + setting);
            }
            String value = String.format(Locale.ROOT, "%s", v);
            arms.add(setClip("Set-CLIP, " + setting + " = " + value, setting + "-" + value, base, w, h,
                    base.sddRelativeDistance(), base.sddDivergence() == SddDivergence.MSE));
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
        return List.of(
                new Arm("CLIP (no pairs: untrained)", "clip-untrained", "setclip", 0, LossWeights.CLIP,
                        base.sddBandwidth(), true, false, true),
                setClip(SET_CLIP + " (no pairs)", "setclip-zero", base.with("setclip", 0, base.seed(),
                        base.weights()), base.weights(), base.sddBandwidth(), base.sddRelativeDistance(),
                        base.sddDivergence() == SddDivergence.MSE));
    }

    private static Arm clipPaired(TrainingConfig base) {
        return new Arm(CLIP_PAIRED, "clip", "clip", base.pairedFraction(), LossWeights.CLIP,
                base.sddBandwidth(), true, false, false);
    }

    private static Arm setClip(String name, String key, TrainingConfig base, LossWeights w, double h,
            boolean relative, boolean mse) {
        return new Arm(name, key, "setclip", base.pairedFraction(), w, h, relative, mse, false);
    }
}
