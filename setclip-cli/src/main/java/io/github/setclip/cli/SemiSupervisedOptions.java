package io.github.setclip.cli;

import io.github.setclip.train.InvalidSettingException;
import io.github.setclip.train.SemiSupervisedSettings;
import picocli.CommandLine.Option;

/**
 * The settings of the semi-supervised methods (pseudo-labels, pseudo-pairs, two stages), shared by
 * pretrain and experiment. Unset unless given; a setting given for a method that is off is an
 * error (an accepted flag must do something).
 */
final class SemiSupervisedOptions {

    @Option(names = "--pl-weight", paramLabel = "W",
            description = "Weight of the pseudo-label loss (s-clip, soft-pl, hard-pl; default 0.5).")
    Double pseudoLabelWeight;

    @Option(names = "--kw-weight", paramLabel = "W",
            description = "Weight of S-CLIP's keyword loss, where captions carry keywords (default 0.5).")
    Double keywordWeight;

    @Option(names = "--nn-per-batch", paramLabel = "K",
            description = "nn-pairs: pseudo-pairs added to each batch (default 64).")
    Integer nnPerBatch;

    @Option(names = "--nn-weight", paramLabel = "W",
            description = "nn-pairs: weight of a pseudo-pair's row in CL, a true pair's being 1 (default 1).")
    Double nnWeight;

    @Option(names = "--nn-warmup", paramLabel = "STEPS",
            description = "nn-pairs: steps before the first mining (default 100).")
    Integer nnWarmup;

    @Option(names = "--nn-margin", paramLabel = "DELTA",
            description = "nn-pairs: the margin over the runner-up on both sides (default 0.05).")
    Double nnMargin;

    @Option(names = "--nn-refresh", paramLabel = "STEPS",
            description = "nn-pairs: steps between minings of the bank (default 50).")
    Integer nnRefresh;

    @Option(names = "--two-stage-fraction", paramLabel = "F",
            description = "two-stage: share of the step budget for the self-supervised first stage"
                    + " (default 0.5).")
    Double twoStageFraction;

    /**
     * For an experiment's arms: sets the given options in every arm whose method uses them, and
     * rejects an option no arm uses.
     *
     * @param arms the arms' settings
     * @return the settings with the options applied, in the same order
     */
    java.util.List<SemiSupervisedSettings> overlayWhereUsed(java.util.List<SemiSupervisedSettings> arms) {
        java.util.List<SemiSupervisedSettings> out = new java.util.ArrayList<>();
        boolean[] used = new boolean[3];
        for (SemiSupervisedSettings s : arms) {
            used[0] |= s.hasPseudoLabels();
            used[1] |= s.nnPairs();
            used[2] |= s.twoStage();
            out.add(overlay(s, false));
        }
        require(used[0] || (pseudoLabelWeight == null && keywordWeight == null),
                pseudoLabelWeight != null ? "plWeight" : "kwWeight");
        require(used[1] || (nnPerBatch == null && nnWeight == null && nnWarmup == null && nnMargin == null
                && nnRefresh == null), "nnPerBatch");
        require(used[2] || twoStageFraction == null, "twoStageFraction");
        return out;
    }

    /** Sets every option that was given; rejects one whose method is off. */
    SemiSupervisedSettings overlay(SemiSupervisedSettings s) {
        return overlay(s, true);
    }

    private SemiSupervisedSettings overlay(SemiSupervisedSettings s, boolean strict) {
        if (!strict) {
            return overlay(s.hasPseudoLabels(), s.nnPairs(), s.twoStage(), s);
        }
        return overlay(true, true, true, s);
    }

    private SemiSupervisedSettings overlay(boolean labels, boolean pairs, boolean stages,
            SemiSupervisedSettings s) {
        SemiSupervisedSettings.Builder b = s.toBuilder();
        if (pseudoLabelWeight != null && labels) {
            require(s.hasPseudoLabels(), "plWeight");
            b.optPseudoLabelWeight(pseudoLabelWeight);
        }
        if (keywordWeight != null && labels) {
            require(s.hasPseudoLabels(), "kwWeight");
            b.optKeywordWeight(keywordWeight);
        }
        if (nnPerBatch != null && pairs) {
            require(s.nnPairs(), "nnPerBatch");
            b.optNnPerBatch(nnPerBatch);
        }
        if (nnWeight != null && pairs) {
            require(s.nnPairs(), "nnWeight");
            b.optNnWeight(nnWeight);
        }
        if (nnWarmup != null && pairs) {
            require(s.nnPairs(), "nnWarmup");
            b.optNnWarmup(nnWarmup);
        }
        if (nnMargin != null && pairs) {
            require(s.nnPairs(), "nnMargin");
            b.optNnMargin(nnMargin);
        }
        if (nnRefresh != null && pairs) {
            require(s.nnPairs(), "nnRefresh");
            b.optNnRefresh(nnRefresh);
        }
        if (twoStageFraction != null && stages) {
            require(s.twoStage(), "twoStageFraction");
            b.optTwoStageFraction(twoStageFraction);
        }
        return b.build();
    }

    private static void require(boolean on, String setting) {
        if (!on) {
            throw new InvalidSettingException(setting, "applies to a method that uses it (see --method and"
                    + " --recipe), which this run does not");
        }
    }
}
