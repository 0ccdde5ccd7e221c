package io.github.setclip.cli;

import io.github.setclip.data.InvalidSettingException;
import io.github.setclip.losses.CandidateWeighting;
import io.github.setclip.losses.PseudoLabelRule;
import io.github.setclip.tasks.DatasetSpec;
import io.github.setclip.train.KeywordVocabulary;
import io.github.setclip.train.SemiSupervisedSettings;
import java.util.List;
import java.util.function.Predicate;
import picocli.CommandLine.Option;

/**
 * The settings of the semi-supervised methods (pseudo-labels, pseudo-pairs, two stages), shared by
 * pretrain and experiment. Unset unless given; a setting given for a method that is off is an
 * error (an accepted flag must do something).
 */
final class SemiSupervisedOptions {

    @Option(names = "--pl-weight", paramLabel = "W",
            description = "Weight of the pseudo-label loss (s-clip, soft-pl, hard-pl; default"
                    + " ${bundle:default.semi.pseudoLabelWeight}).")
    Double pseudoLabelWeight;

    @Option(names = "--kw-weight", paramLabel = "W",
            description = "Weight of S-CLIP's keyword loss (s-clip), where captions carry keywords"
                    + " (default ${bundle:default.semi.keywordWeight}).")
    Double keywordWeight;

    @Option(names = "--kw-vocabulary", paramLabel = "global|batch",
            description = "S-CLIP's keyword loss classifies among every paired item's keywords (global,"
                    + " default: S-CLIP's fixed list) or the batch's pairs' keywords only (batch).")
    KeywordVocabulary keywordVocabulary;

    @Option(names = "--kw-targets", paramLabel = "predicted|uniform",
            description = "S-CLIP's keyword loss spreads the target over the candidate keywords by the"
                    + " model's own probabilities (predicted, default) or evenly (uniform).")
    CandidateWeighting keywordTargets;

    @Option(names = "--nn-per-batch", paramLabel = "K",
            description = "nn-pairs: pseudo-pairs added to each batch (default ${bundle:default.semi.nnPerBatch}).")
    Integer nnPerBatch;

    @Option(names = "--nn-weight", paramLabel = "W",
            description = "nn-pairs: weight of a pseudo-pair's row in CL, a true pair's being 1 (default"
                    + " ${bundle:default.semi.nnWeight}).")
    Double nnWeight;

    @Option(names = "--nn-warmup", paramLabel = "STEPS",
            description = "nn-pairs: steps before the first mining (default ${bundle:default.semi.nnWarmup}).")
    Integer nnWarmup;

    @Option(names = "--nn-margin", paramLabel = "DELTA",
            description = "nn-pairs: the margin over the runner-up on both sides (default"
                    + " ${bundle:default.semi.nnMargin}).")
    Double nnMargin;

    @Option(names = "--nn-refresh", paramLabel = "STEPS",
            description = "nn-pairs: steps between minings of the bank (default ${bundle:default.semi.nnRefresh}).")
    Integer nnRefresh;

    @Option(names = "--two-stage-fraction", paramLabel = "F",
            description = "two-stage: share of the step budget for the self-supervised first stage"
                    + " (default ${bundle:default.recipe.twoStageFraction}).")
    Double twoStageFraction;

    /**
     * For an experiment's arms: sets the given options in every arm whose method uses them, and
     * rejects an option no arm uses.
     *
     * @param arms the arms' settings
     * @return the settings with the options applied, in the same order
     */
    List<SemiSupervisedSettings> overlayWhereUsed(List<SemiSupervisedSettings> arms) {
        requireUsedBy(arms);
        return arms.stream().map(this::apply).toList();
    }

    /** Sets every option that was given; rejects one whose method is off. */
    SemiSupervisedSettings overlay(SemiSupervisedSettings s) {
        return overlayWhereUsed(List.of(s)).get(0);
    }

    /**
     * Rejects {@code --kw-weight} on a dataset whose captions carry no keywords: there the keyword
     * loss cannot run, and an accepted flag must do something.
     */
    void requireKeywordsFor(DatasetSpec dataset) {
        if (!dataset.carriesKeywords() && (keywordVocabulary != null || keywordTargets != null)) {
            throw new InvalidSettingException(keywordVocabulary != null ? "keywordVocabulary" : "keywordTargets",
                    "applies where captions carry keywords (the emoji dataset's tags); " + dataset.kind()
                            + " has none, so S-CLIP runs its caption-level pseudo-labels alone there");
        }
        if (keywordWeight != null && !dataset.carriesKeywords()) {
            throw new InvalidSettingException("keywordWeight", "applies where captions carry keywords (the"
                    + " emoji dataset's tags); " + dataset.kind() + " has none, so S-CLIP runs its"
                    + " caption-level pseudo-labels alone there");
        }
    }

    private void requireUsedBy(List<SemiSupervisedSettings> runs) {
        String labels = "pseudo-labels (--method s-clip, soft-pl, hard-pl; recipes pl, pl2, softpl, hardpl)";
        String pairs = "pseudo-pairs (--method nn-pairs; recipe nn)";
        require(pseudoLabelWeight, "pseudoLabelWeight", runs, SemiSupervisedSettings::hasPseudoLabels, labels);
        require(keywordWeight, "keywordWeight", runs, s -> s.pseudoLabels() == PseudoLabelRule.OPTIMAL_TRANSPORT,
                "S-CLIP's optimal-transport pseudo-labels (--method s-clip; recipes pl, pl2)");
        require(keywordVocabulary, "keywordVocabulary", runs,
                s -> s.pseudoLabels() == PseudoLabelRule.OPTIMAL_TRANSPORT,
                "S-CLIP's optimal-transport pseudo-labels (--method s-clip; recipes pl, pl2)");
        require(keywordTargets, "keywordTargets", runs,
                s -> s.pseudoLabels() == PseudoLabelRule.OPTIMAL_TRANSPORT,
                "S-CLIP's optimal-transport pseudo-labels (--method s-clip; recipes pl, pl2)");
        require(nnPerBatch, "nnPerBatch", runs, SemiSupervisedSettings::nnPairs, pairs);
        require(nnWeight, "nnWeight", runs, SemiSupervisedSettings::nnPairs, pairs);
        require(nnWarmup, "nnWarmup", runs, SemiSupervisedSettings::nnPairs, pairs);
        require(nnMargin, "nnMargin", runs, SemiSupervisedSettings::nnPairs, pairs);
        require(nnRefresh, "nnRefresh", runs, SemiSupervisedSettings::nnPairs, pairs);
        require(twoStageFraction, "twoStageFraction", runs, SemiSupervisedSettings::twoStage,
                "two-stage training (--method two-stage; recipe twostage)");
    }

    private static void require(Object given, String setting, List<SemiSupervisedSettings> runs,
            Predicate<SemiSupervisedSettings> uses, String method) {
        if (given != null && runs.stream().noneMatch(uses)) {
            throw new InvalidSettingException(setting, "applies to " + method + ", which no run here uses");
        }
    }

    /** The settings with every given option that their methods use. */
    private SemiSupervisedSettings apply(SemiSupervisedSettings s) {
        SemiSupervisedSettings.Builder b = s.toBuilder();
        if (pseudoLabelWeight != null && s.hasPseudoLabels()) {
            b.optPseudoLabelWeight(pseudoLabelWeight);
        }
        if (keywordWeight != null && s.pseudoLabels() == PseudoLabelRule.OPTIMAL_TRANSPORT) {
            b.optKeywordWeight(keywordWeight);
        }
        if (s.pseudoLabels() == PseudoLabelRule.OPTIMAL_TRANSPORT) {
            if (keywordVocabulary != null) {
                b.optKeywordVocabulary(keywordVocabulary);
            }
            if (keywordTargets != null) {
                b.optKeywordTargets(keywordTargets);
            }
        }
        if (s.nnPairs()) {
            if (nnPerBatch != null) {
                b.optNnPerBatch(nnPerBatch);
            }
            if (nnWeight != null) {
                b.optNnWeight(nnWeight);
            }
            if (nnWarmup != null) {
                b.optNnWarmup(nnWarmup);
            }
            if (nnMargin != null) {
                b.optNnMargin(nnMargin);
            }
            if (nnRefresh != null) {
                b.optNnRefresh(nnRefresh);
            }
        }
        if (twoStageFraction != null && s.twoStage()) {
            b.optTwoStageFraction(twoStageFraction);
        }
        return b.build();
    }
}
