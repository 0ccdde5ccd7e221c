package io.github.setclip.cli;

import io.github.setclip.core.engine.OfflineEngine;
import io.github.setclip.losses.LossWeights;
import io.github.setclip.train.Trainer;
import io.github.setclip.train.TrainingConfig;
import io.github.setclip.train.DatasetSpec;
import io.github.setclip.train.EarlyStopping;
import io.github.setclip.train.Pretraining;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
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
            "Writes config.json, metrics.jsonl, a checkpoint per epoch and the final model/ to the"
                    + " run folder."
        })
final class PretrainCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(names = "--output", paramLabel = "DIR",
            description = "Run folder (default runs/<timestamp>; with --resume, the run to continue).")
    Path output;

    @Option(names = "--resume", description = "Continue the run in --output from its newest checkpoint.")
    boolean resume;

    @Option(names = "--method", defaultValue = "setclip", paramLabel = "setclip|clip",
            description = "setclip: all terms on paired + unpaired data; clip: CL on the paired"
                    + " concepts only (default ${DEFAULT-VALUE}).")
    String method;

    @Mixin TrainingOptions training;

    @Mixin ObjectiveOptions objectiveOptions;

    @Option(names = "--patience", defaultValue = "0", paramLabel = "EPOCHS",
            description = "Stop when validation mean recall has not improved for this many epochs and"
                    + " keep the best epoch's model (0: train every epoch; default ${DEFAULT-VALUE}).")
    int patience;

    @Mixin DatasetOptions datasetOptions;

    @Override
    public Integer call() throws IOException {
        TrainingConfig config;
        DatasetSpec dataset;
        EarlyStopping stopping;
        try {
            dataset = datasetOptions.spec();
            if (patience < 0) {
                throw new IllegalArgumentException("--patience must be >= 0, got " + patience);
            }
            stopping = patience == 0 ? null : new EarlyStopping(Pretraining.SCORE, patience, 0);
            LossWeights weights = objectiveOptions.weights();
            if ("clip".equals(method)) {
                weights = new LossWeights(weights.cl(), 0, 0, 0);
            }
            config = training.config(method, objectiveOptions, weights, dataset.kind());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        if (resume && output == null) {
            throw new ParameterException(spec.commandLine(), "--resume needs --output RUN_DIR");
        }
        Path run = output != null ? output : Path.of("runs",
                LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT)));
        OfflineEngine.pytorch();
        PrintStream console = System.out;
        Trainer.Summary summary = Pretraining.run(dataset, config, run, resume, stopping, console);
        Map<String, Double> v = summary.lastValidation();
        report(spec.commandLine().getOut(), summary, v, run);
        return 0;
    }

    /** Prints the closing report: validation retrieval both ways and the run's cost. */
    private static void report(java.io.PrintWriter out, Trainer.Summary summary,
            Map<String, Double> v, Path run) {
        if (summary.best() != null) {
            v = summary.best().validation();
            out.printf(Locale.ROOT, "%nBest epoch %d of %d (model/ holds it).", summary.best().epoch(),
                    summary.epochs());
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
