package io.github.setclip.cli;

import io.github.setclip.losses.LossWeights;
import io.github.setclip.losses.PseudoLabelRule;
import io.github.setclip.tasks.DatasetSpec;
import io.github.setclip.tasks.experiment.Arm;
import io.github.setclip.train.ObjectiveSettings;
import io.github.setclip.train.SemiSupervisedSettings;
import io.github.setclip.train.TrainingConfig;
import java.util.Arrays;
import java.util.Set;

/**
 * What a command's plan makes it do, comparable by {@code equals}: the plan with every value that
 * cannot matter given the others written one way, so that a flag which only changes such a value
 * compares equal, as the flag deserves. Each rule cites where the library ignores the value.
 */
final class PlanEffect {

    private PlanEffect() {}

    /**
     * Resolves the parsed command's flags and returns what they make it do.
     *
     * @param command a parsed subcommand object
     * @return a value that equals another command's exactly when both do the same
     * @throws picocli.CommandLine.ParameterException when the command rejects its flags
     */
    static Object of(Object command) {
        if (command instanceof PretrainCommand c) {
            PretrainCommand.Plan p = c.plan();
            return new PretrainCommand.Plan(training(p.config()), dataset(p.dataset()), p.stopping(),
                    p.output(), p.resume(), p.checkpointEvery(), p.evalEvery(), p.microBatch(), p.devices(),
                    p.threads());
        }
        if (command instanceof ExperimentCommand c) {
            ExperimentCommand.Plan p = c.plan();
            // Experiment reads only the seed from the base (the first run's); each arm carries its own
            // configuration. The rest of the base is only copied into experiment.json.
            return Arrays.asList(dataset(p.dataset()), p.base().seed(),
                    p.arms().stream().map(a -> new Arm(a.name(), a.key(), training(a.config()),
                            a.untrained())).toList(),
                    p.split(), p.seeds(), p.stopping(), p.maxSteps(), p.templates(), p.output(),
                    p.microBatch(), p.devices(), p.threads(), p.evalEvery());
        }
        if (command instanceof EvalCommand c) {
            return c.plan();
        }
        if (command instanceof EmbedCommand c) {
            return c.plan();
        }
        if (command instanceof ResultsCommand c) {
            return c.plan();
        }
        if (command instanceof TokenizerCommand c) {
            return c.plan();
        }
        if (command instanceof ExportEmojiCommand c) {
            return c.plan();
        }
        if (command instanceof LossCommand c) {
            return c.plan(); // what loss computes is checked by running it, in EveryFlagTest
        }
        throw new AssertionError("PlanEffect does not know command " + command.getClass().getSimpleName()
                + ": add it");
    }

    /**
     * The configuration as it trains: {@link TrainingConfig#canonical()} (the SDD bandwidth in use;
     * CLIP's batch settings, which its fully paired batches ignore), and besides:
     * settings of a term whose weight is 0 (its value is computed without gradient:
     * SetClipObjective.compute), the queue when neither MMD nor SDD is on, the balancing period
     * when terms are not balanced, CL's negatives under CLIP (its batches hold pairs only), and
     * the settings of semi-supervised methods that are off (the keyword weight counts only with
     * optimal-transport pseudo-labels: PseudoLabelTerms).
     */
    static TrainingConfig training(TrainingConfig config) {
        ObjectiveSettings o = config.objective();
        ObjectiveSettings d = ObjectiveSettings.DEFAULTS;
        LossWeights w = o.weights();
        ObjectiveSettings.Builder b = o.toBuilder();
        if (w.sdd() == 0) {
            b.optSddForm(d.sddForm()).optSddBandwidth(null).optSddRelativeDistance(d.sddRelativeDistance())
                    .optSddDivergence(d.sddDivergence());
        }
        if (w.ssl() == 0) {
            b.optSslTemperature(d.sslTemperature());
        }
        if (w.mmd() == 0 && w.sdd() == 0) {
            b.optQueueSize(0);
        }
        if (w.mmd() == 0 && w.sdd() == 0 && w.ssl() == 0) {
            b.optBalanceTerms(false);
        }
        if (!o.balanceTerms() || (w.mmd() == 0 && w.sdd() == 0 && w.ssl() == 0)) {
            b.optBalanceEvery(d.balanceEvery());
        }
        if (config.isClip()) {
            b.optClNegatives(d.clNegatives());
        }
        SemiSupervisedSettings s = config.semi();
        SemiSupervisedSettings none = SemiSupervisedSettings.NONE;
        SemiSupervisedSettings.Builder semi = s.toBuilder();
        if (!s.hasPseudoLabels()) {
            semi.optPseudoLabelWeight(none.pseudoLabelWeight());
        }
        if (s.pseudoLabels() != PseudoLabelRule.OPTIMAL_TRANSPORT) {
            semi.optKeywordWeight(none.keywordWeight());
        }
        if (!s.nnPairs()) {
            semi.optNnPerBatch(none.nnPerBatch()).optNnWeight(none.nnWeight()).optNnWarmup(none.nnWarmup())
                    .optNnMargin(none.nnMargin()).optNnRefresh(none.nnRefresh());
        }
        return config.toBuilder().optObjective(b.build()).optSemi(semi.build()).build().canonical();
    }

    /** The spec with only the fields its kind reads (DatasetSpec.open, RunLayout). */
    static DatasetSpec dataset(DatasetSpec d) {
        Set<String> read = switch (d.kind()) {
            case "emoji" -> Set.of("tokenizer", "limit");
            case "fashion-mnist-halves" -> Set.of("dataDir", "download", "limit", "fashionView");
            case "captions" -> Set.of("captions", "imageRoot", "imageSize", "skipBad", "tokenizer", "limit",
                    "unpaired");
            case "features" -> Set.of("sFeatures", "tFeatures", "pairs", "sGroups", "tGroups", "skipBad",
                    "limit");
            default -> throw new AssertionError("PlanEffect does not know dataset " + d.kind());
        };
        return new DatasetSpec(d.kind(), read.contains("dataDir") ? d.dataDir() : null,
                read.contains("download") && d.download(), read.contains("captions") ? d.captions() : null,
                read.contains("imageRoot") ? d.imageRoot() : null, read.contains("imageSize") ? d.imageSize() : 64,
                read.contains("sFeatures") ? d.sFeatures() : null, read.contains("tFeatures") ? d.tFeatures() : null,
                read.contains("pairs") ? d.pairs() : null, read.contains("skipBad") && d.skipBad(),
                read.contains("tokenizer") ? d.tokenizer() : null, d.limit(),
                read.contains("sGroups") ? d.sGroups() : null, read.contains("tGroups") ? d.tGroups() : null,
                d.towers(), read.contains("unpaired") ? d.unpairedImages() : null,
                read.contains("unpaired") ? d.unpairedTexts() : null,
                read.contains("fashionView") ? d.fashionView() : null);
    }
}
