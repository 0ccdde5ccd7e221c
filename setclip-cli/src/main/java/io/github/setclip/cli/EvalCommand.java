package io.github.setclip.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.util.JsonUtils;
import io.github.setclip.core.TwoStreamModel;
import io.github.setclip.eval.Pca;
import io.github.setclip.eval.Plots;
import io.github.setclip.eval.PromptTemplates;
import io.github.setclip.tasks.Evaluation;
import io.github.setclip.tasks.RunFolder;
import io.github.setclip.train.AlignmentTask;
import io.github.setclip.train.EmbeddedSplit;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
 * {@code setclip eval}: every metric of a trained run on its test split (or on a user's own
 * captions file), written as JSON and Markdown, with PCA and training-curve pictures.
 */
@Command(
        name = "eval",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Evaluate a trained run: retrieval both ways (R@1/5/10, median and mean rank), zero-shot"
                    + " classification from prompt templates (top-1/top-5, per class), a linear probe,"
                    + " the geometry of the shared space (modality gap, alignment, uniformity, pair"
                    + " cosines), a PCA picture of both modalities and the training curves.",
            "Writes eval.json, eval.md, per_class.json and PNGs to --output (default RUN_DIR/eval)."
        })
final class EvalCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "RUN_DIR", description = "A run folder of setclip pretrain.")
    Path model;

    @Mixin ScoringOptions scoring;

    @Mixin ThreadOptions threadOptions;

    @Option(names = "--templates", paramLabel = "FILE",
            description = "Zero-shot prompt templates, one per line with {} for the class name.")
    Path templates;

    @Option(names = "--no-probe", description = "Skip the linear probe (which embeds the training split).")
    boolean noProbe;

    @Option(names = "--output", paramLabel = "DIR", description = "Where to write (default RUN_DIR/eval).")
    Path output;

    /**
     * Everything the flags decide, resolved and checked; {@link #call} runs exactly this.
     *
     * @param model the run folder
     * @param target what it is scored on
     * @param templates zero-shot prompt templates
     * @param probe whether the linear probe runs
     * @param output where the reports go
     * @param threads PyTorch intra-op threads (0: its default)
     */
    record Plan(Path model, ScoringTarget target, List<String> templates, boolean probe, Path output,
            int threads) {}

    /** Resolves the flags; a bad value or combination is a usage error. */
    Plan plan() {
        ScoringTarget target = scoring.target(spec);
        if (noProbe && target.captions() != null) {
            throw new ParameterException(spec.commandLine(),
                    "--no-probe: the linear probe never runs on --captions (it needs a training split)");
        }
        PromptTemplates prompts;
        try {
            prompts = templates == null ? PromptTemplates.DEFAULT : PromptTemplates.read(templates);
        } catch (IllegalArgumentException | IOException e) {
            throw new ParameterException(spec.commandLine(), "--templates: " + e.getMessage(), e);
        }
        return new Plan(model, target, prompts.templates(), !noProbe && target.captions() == null,
                output != null ? output : model.resolve("eval"), threads());
    }

    /** The thread count; a bad one is a usage error. */
    private int threads() {
        try {
            return threadOptions.threads();
        } catch (IllegalArgumentException e) {
            throw SettingTable.usageError(spec, e);
        }
    }

    @Override
    public Integer call() throws IOException {
        Plan plan = plan();
        RunFolder run = RunFolder.open(plan.model());
        Path out = plan.output();
        OfflineEngine.pytorch(plan.threads());
        PrintWriter console = spec.commandLine().getOut();
        ScoringTarget target = plan.target();
        try (AlignmentTask task = target.open(run); NDManager manager = NDManager.newBaseManager()) {
            TwoStreamModel trained = run.loadModel(task, manager);
            Files.createDirectories(out); // once data and model are read: a failed start leaves no folder
            Evaluation.Result result = new Evaluation(task, PromptTemplates.of(plan.templates()))
                    .optLinearProbe(plan.probe()).evaluate(trained, manager, target.split());
            String title = String.format(Locale.ROOT, "Evaluation of %s on the %s split of %s",
                    plan.model(), target.split().name().toLowerCase(Locale.ROOT),
                    target.captions() != null ? target.captions() : task.name());
            result.report().writeJson(out.resolve("eval.json"));
            result.report().writeMarkdown(out.resolve("eval.md"), title);
            Files.writeString(out.resolve("per_class.json"),
                    JsonUtils.GSON_PRETTY.toJson(result.perClass()) + "\n");
            pictures(result.embedded(), task, out);
            Path metrics = plan.model().resolve("metrics.jsonl");
            if (Files.exists(metrics)) {
                Plots.trainingCurves(metrics, out.resolve("training_curves.png"));
            }
            console.println(result.report().toMarkdown(title));
            console.printf("Written to %s%n", out);
            console.flush();
        }
        return 0;
    }

    /** PCA of both modalities (one fit), coloured by modality and by each label set. */
    static void pictures(EmbeddedSplit data, AlignmentTask task, Path out) throws IOException {
        Pca.Fit fit = Pca.fit(NDArrays.concat(new ai.djl.ndarray.NDList(data.s(), data.t())), 2);
        double[][] s = rows(fit.apply(data.s()));
        double[][] t = rows(fit.apply(data.t()));
        double[][] both = new double[s.length + t.length][];
        String[] modality = new String[both.length];
        String[] names = task.modalityNames();
        for (int i = 0; i < s.length; i++) {
            both[i] = s[i];
            modality[i] = names[0];
        }
        for (int j = 0; j < t.length; j++) {
            both[s.length + j] = t[j];
            modality[s.length + j] = names[1];
        }
        Plots.scatter(out.resolve("pca_modality.png"), "PCA of the shared space by modality", both,
                modality, 900, 700);
        for (Map.Entry<String, EmbeddedSplit.Labels> labels : data.labels().entrySet()) {
            EmbeddedSplit.Labels l = labels.getValue();
            String[] classes = new String[both.length];
            int n = s.length;
            for (int i = 0; i < s.length; i++) {
                classes[i] = l.classNames().get(l.s()[i]);
            }
            double[][] points = both;
            if (l.t() != null) {
                for (int j = 0; j < t.length; j++) {
                    classes[s.length + j] = l.classNames().get(l.t()[j]);
                }
                n = both.length;
            } else {
                points = s;
            }
            Plots.scatter(out.resolve("pca_" + labels.getKey() + ".png"),
                    "PCA of the shared space by " + labels.getKey(),
                    java.util.Arrays.copyOf(points, n), java.util.Arrays.copyOf(classes, n), 900, 700);
        }
    }

    private static double[][] rows(NDArray xy) {
        double[] flat = xy.toType(ai.djl.ndarray.types.DataType.FLOAT64, false).toDoubleArray();
        int columns = (int) xy.getShape().get(1);
        double[][] rows = new double[flat.length / columns][columns];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(flat, i * columns, rows[i], 0, columns);
        }
        return rows;
    }
}
