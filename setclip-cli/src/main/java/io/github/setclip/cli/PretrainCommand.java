package io.github.setclip.cli;

import ai.djl.Device;
import io.github.setclip.data.InvalidSettingException;
import io.github.setclip.tasks.DatasetSpec;
import io.github.setclip.tasks.Pretraining;
import io.github.setclip.tasks.RunFolder;
import io.github.setclip.train.Method;
import io.github.setclip.train.NonFiniteLossException;
import io.github.setclip.train.TrainerOptions;
import io.github.setclip.train.TrainingConfig;
import io.github.setclip.train.TrainingSummary;
import io.github.setclip.train.listener.EarlyStopping;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * {@code setclip pretrain}: trains the two-stream model on the embedded emoji dataset and reports
 * validation retrieval. With no arguments it runs the default Set-CLIP pretraining.
 */
@Command(
        name = "pretrain",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Pretrain the two-stream model (default: on the embedded emoji pictures and captions),"
                    + " then print S-to-T and T-to-S Recall@1/5/10 on the validation split.",
            "Writes config.json, metrics.jsonl, a checkpoint per epoch (and every --checkpoint-every"
                    + " steps) and the final model/ to the run folder."
        })
final class PretrainCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(names = "--output", paramLabel = "DIR",
            description = "Run folder (default runs/<timestamp>; with --resume, the run to continue).")
    Path output;

    @Option(names = "--resume", description = "Continue the run in --output from its newest usable checkpoint,"
            + " with the settings in its config.json (only --lr, --grad-clip, --checkpoint-every,"
            + " --micro-batch, --devices and --threads may be given too); a finished run says so.")
    boolean resume;

    @Option(names = "--method", defaultValue = "setclip", paramLabel = "METHOD",
            description = "setclip (default): Set-CLIP on paired + unpaired data (see --recipe); clip: CL"
                    + " on the paired items only; s-clip: CLIP plus S-CLIP's pseudo-labels for unpaired"
                    + " pictures (and its keyword loss where captions carry keywords); soft-pl, hard-pl:"
                    + " S-CLIP's baselines; nn-pairs: CLIP plus mutual-nearest-neighbour pseudo-pairs;"
                    + " two-stage: each encoder trained alone on all its data first, then CLIP.")
    String method;

    @Option(names = "--recipe", paramLabel = "NAME", completionCandidates = RecipeIngredients.class,
            description = "Start from a recipe: paper (Set-CLIP as the paper describes it: proportional"
                    + " batches, CL on the pairs, MMD, SDD and SSL), or ingredients joined by + added to"
                    + " CLIP on additive batches: ${COMPLETION-CANDIDATES} (e.g. neg+ssl); flags given as"
                    + " well override the recipe. Default: the library's defaults (additive batches, the"
                    + " paper's four terms).")
    String recipe;

    @Mixin TrainingOptions training;

    @Mixin BatchOptions batchOptions;

    @Mixin SemiSupervisedOptions semiOptions;

    @Mixin ExecutionOptions execution;

    @Mixin ThreadOptions threadOptions;

    @Mixin TrainingObjectiveOptions objectiveOptions;

    @Option(names = "--patience", defaultValue = "0", paramLabel = "N",
            description = "Stop when validation mean recall has not improved for this many evaluations"
                    + " (one per epoch, or every --eval-every steps), never before --min-steps, and keep the"
                    + " best evaluation's model (0: train every epoch; default ${DEFAULT-VALUE}).")
    int patience;

    @Mixin StoppingOptions stoppingOptions;

    @Mixin DatasetOptions datasetOptions;

    @Mixin TowerOptions towerOptions;

    @Option(names = "--checkpoint-every", defaultValue = "0", paramLabel = "STEPS",
            description = "Also write a checkpoint every STEPS optimiser steps inside epochs, for"
                    + " long epochs (0: at the end of every epoch only; default ${DEFAULT-VALUE}).")
    long checkpointEvery;

    /**
     * Everything the flags decide, resolved and checked; {@link #call} runs exactly this.
     *
     * @param config the training configuration
     * @param dataset the dataset
     * @param stopping the early-stopping rule, or {@code null}
     * @param output the run folder as given, or {@code null} for runs/<timestamp>
     * @param resume whether to continue the run in {@code output}
     * @param checkpointEvery extra checkpoints every this many steps (0: none)
     * @param evalEvery validation every this many steps (0: after every epoch)
     * @param microBatch rows per chunk of embedding (0: whole batches)
     * @param devices where chunks run (empty: the default device)
     * @param threads PyTorch intra-op threads (0: its default)
     */
    record Plan(TrainingConfig config, DatasetSpec dataset, EarlyStopping stopping, Path output,
            boolean resume, long checkpointEvery, long evalEvery, int microBatch, List<Device> devices,
            int threads) {}

    /**
     * The flags a resumed run may be given: it keeps every other setting of its config.json. How
     * it executes may change too (another machine, other devices); chunks see the whole batch's
     * dropout masks, so only a tower with batch normalisation trains differently under another
     * --micro-batch.
     */
    private static final Set<String> RESUMABLE = Set.of("--output", "--resume", "--lr", "--grad-clip",
            "--checkpoint-every", "--micro-batch", "--devices", "--threads");

    /** Resolves the flags; a bad value or combination is a usage error. */
    Plan plan() {
        if (resume && output != null && Files.exists(output.resolve(RunFolder.CONFIG))) {
            return resumedPlan();
        }
        try {
            DatasetSpec dataset = datasetOptions.spec();
            dataset = dataset.withTowers(towerOptions.towers(dataset.tokenizer()));
            dataset.requireTokenizerForTextTower();
            if (patience < 0) {
                throw new InvalidSettingException("patience", "must be >= 0, got " + patience);
            }
            if (checkpointEvery < 0) {
                throw new InvalidSettingException("checkpointEvery", "must be >= 0 steps, got "
                        + checkpointEvery);
            }
            stoppingOptions.requireStopping(patience > 0);
            EarlyStopping stopping = patience == 0 ? null : stoppingOptions.rule(patience);
            TrainingConfig config = training.config(Method.parse(method), recipe, objectiveOptions, batchOptions,
                    semiOptions, dataset.kind());
            dataset.requirePairedFraction(config.pairedFraction());
            semiOptions.requireKeywordsFor(dataset);
            SettingTable.requireUsed(spec.commandLine().getParseResult(), List.of(config));
            if (resume && output == null) {
                throw new InvalidSettingException("resume", "needs --output RUN_DIR, the run to continue");
            }
            return new Plan(config, dataset, stopping, output, resume, checkpointEvery,
                    stoppingOptions.evalEvery(), execution.microBatch(), execution.devices(), threadOptions.threads());
        } catch (IllegalArgumentException e) {
            throw SettingTable.usageError(spec, e);
        }
    }

    /**
     * The plan of a resumed run: its own configuration, dataset, early stopping and checkpoint
     * interval, read from its config.json, with only the learning rate, gradient clip and
     * checkpoint interval open to change (what a run that diverged needs).
     */
    private Plan resumedPlan() {
        ParseResult parsed = spec.commandLine().getParseResult();
        for (OptionSpec option : parsed.matchedOptions()) {
            if (!RESUMABLE.contains(option.longestName())) {
                throw new ParameterException(spec.commandLine(), option.longestName() + " cannot change when"
                        + " resuming: " + output + " keeps the settings in its config.json (with --resume, only"
                        + " --lr, --grad-clip, --checkpoint-every, --micro-batch, --devices and --threads may"
                        + " be given)");
            }
        }
        RunFolder run;
        try {
            run = RunFolder.open(output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (run.dataset() == null) {
            throw new IllegalArgumentException(output + " was trained through the library from an open task,"
                    + " which its config.json cannot reopen; resume it from Java (Pretraining.optResume)");
        }
        try {
            TrainingConfig.Builder config = run.config().toBuilder();
            if (parsed.hasMatchedOption("--lr")) {
                config.optLearningRate(training.learningRate);
            }
            if (parsed.hasMatchedOption("--grad-clip")) {
                config.optGradientClip(training.gradientClip);
            }
            if (checkpointEvery < 0) {
                throw new InvalidSettingException("checkpointEvery", "must be >= 0 steps, got " + checkpointEvery);
            }
            long every = parsed.hasMatchedOption("--checkpoint-every") ? checkpointEvery : run.checkpointEvery();
            return new Plan(config.build(), run.dataset(), run.earlyStopping(), output, true, every,
                    run.evalEvery(), execution.microBatch(), execution.devices(), threadOptions.threads());
        } catch (IllegalArgumentException e) {
            throw SettingTable.usageError(spec, e);
        }
    }

    @Override
    public Integer call() throws IOException {
        Plan plan = plan();
        Path run = plan.output() != null ? plan.output() : Path.of("runs",
                LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT)));
        OfflineEngine.pytorch(plan.threads());
        TrainingSummary summary;
        try {
            summary = Pretraining.builder().setDataset(plan.dataset())
                    .setConfig(plan.config()).setRunDirectory(run).optResume(plan.resume())
                    .optTrainer(TrainerOptions.DEFAULTS.withConsole(System.out).withEarlyStopping(plan.stopping())
                            .withCheckpointEvery(plan.checkpointEvery()).withMicroBatch(plan.microBatch())
                            .withDevices(plan.devices()).withEvalEvery(plan.evalEvery()))
                    .build().run();
        } catch (NonFiniteLossException e) {
            String lower = new BigDecimal(plan.config().learningRate() / 2).round(new MathContext(2))
                    .stripTrailingZeros().toPlainString();
            throw new IllegalStateException(e.getMessage() + " (e.g. setclip pretrain --output " + run
                    + " --resume --lr " + lower + ")", e);
        }
        report(spec.commandLine().getOut(), summary, summary.lastValidation(), run, plan.evalEvery() > 0);
        return 0;
    }

    /** Prints the closing report: validation retrieval both ways and the run's cost. */
    private static void report(java.io.PrintWriter out, TrainingSummary summary,
            Map<String, Double> v, Path run, boolean evaluatedInsideEpochs) {
        if (summary.best() != null) {
            v = summary.best().validation();
            if (!evaluatedInsideEpochs) {
                out.printf(Locale.ROOT, "%nBest epoch %d of %d (model/ holds it).", summary.best().epoch(),
                        summary.epochs());
            } else {
                out.printf(Locale.ROOT, "%nBest evaluation at step %d, in epoch %d of %d (model/ holds it).",
                        summary.best().steps(), summary.best().epoch(), summary.epochs());
            }
        }
        if (!v.containsKey("i2t_R@1") || !v.containsKey("t2i_R@1")) {
            v = Map.of("i2t_R@1", Double.NaN, "i2t_R@5", Double.NaN, "i2t_R@10", Double.NaN,
                    "i2t_median_rank", Double.NaN, "t2i_R@1", Double.NaN, "t2i_R@5", Double.NaN,
                    "t2i_R@10", Double.NaN, "t2i_median_rank", Double.NaN);
        }
        out.printf(Locale.ROOT, "%nValidation retrieval, full gallery (S->T: e.g. image to text, or left"
                + " half to right half):%n");
        out.printf(Locale.ROOT, "  S->T  R@1 %5.1f%%  R@5 %5.1f%%  R@10 %5.1f%%  median rank %.0f%n",
                100 * v.get("i2t_R@1"), 100 * v.get("i2t_R@5"), 100 * v.get("i2t_R@10"),
                v.get("i2t_median_rank"));
        out.printf(Locale.ROOT, "  T->S  R@1 %5.1f%%  R@5 %5.1f%%  R@10 %5.1f%%  median rank %.0f%n",
                100 * v.get("t2i_R@1"), 100 * v.get("t2i_R@5"), 100 * v.get("t2i_R@10"),
                v.get("t2i_median_rank"));
        out.printf(Locale.ROOT, "%d epochs, %d steps, %d samples in %.0f s; peak heap %.0f MB,"
                        + " peak resident %.0f MB; run folder %s%n",
                summary.epochs(), summary.steps(), summary.samples(), summary.seconds(),
                summary.peakHeapBytes() / 1048576.0, summary.peakResidentBytes() / 1048576.0, run);
        out.flush();
    }
}
