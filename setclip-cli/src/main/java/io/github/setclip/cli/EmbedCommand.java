package io.github.setclip.cli;

import ai.djl.ndarray.NDManager;
import io.github.setclip.core.TwoStreamModel;
import io.github.setclip.data.npy.NpyFile;
import io.github.setclip.tasks.RunFolder;
import io.github.setclip.train.AlignmentTask;
import io.github.setclip.train.EmbeddedSplit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code setclip embed}: a split's embeddings of either modality as .npy plus an ids file. */
@Command(
        name = "embed",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Export the shared-space embeddings of a trained run: <modality>.npy (rows x d, float32,"
                    + " unit rows) and <modality>_ids.txt (one id per row), for NumPy"
                    + " (numpy.load) or any other tool."
        })
final class EmbedCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "RUN_DIR", description = "A run folder of setclip pretrain.")
    Path model;

    @Option(names = "--modality", defaultValue = "both", paramLabel = "s|t|both",
            description = "Which modality to export: s (e.g. images), t (e.g. captions) or both (default ${DEFAULT-VALUE}).")
    String modality;

    @Mixin ScoringOptions scoring;

    @Mixin ThreadOptions threadOptions;

    @Option(names = "--output", required = true, paramLabel = "DIR", description = "Where the files go.")
    Path output;

    /**
     * Everything the flags decide, resolved and checked; {@link #call} runs exactly this.
     *
     * @param model the run folder
     * @param target what is embedded
     * @param modality s, t or both
     * @param output where the files go
     * @param threads PyTorch intra-op threads (0: its default)
     */
    record Plan(Path model, ScoringTarget target, String modality, Path output, int threads) {}

    /** Resolves the flags; a bad value or combination is a usage error. */
    Plan plan() {
        ScoringTarget target = scoring.target(spec);
        if (!List.of("s", "t", "both").contains(modality)) {
            throw new ParameterException(spec.commandLine(), "--modality must be s, t or both; got " + modality);
        }
        return new Plan(model, target, modality, output, threads());
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
        OfflineEngine.pytorch(plan.threads());
        try (AlignmentTask task = plan.target().open(run); NDManager manager = NDManager.newBaseManager()) {
            TwoStreamModel trained = run.loadModel(task, manager);
            Files.createDirectories(plan.output()); // once data and model are read: a failed start leaves no folder
            EmbeddedSplit data = task.embed(trained, manager, plan.target().split());
            String[] names = task.modalityNames();
            if (!"t".equals(plan.modality())) {
                write(plan.output(), names[0], data.s(), data.sIds());
            }
            if (!"s".equals(plan.modality())) {
                write(plan.output(), names[1], data.t(), data.tIds());
            }
        }
        return 0;
    }

    private void write(Path dir, String name, ai.djl.ndarray.NDArray x, List<String> ids) throws IOException {
        String base = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
        NpyFile.write(dir.resolve(base + ".npy"), x);
        Files.write(dir.resolve(base + "_ids.txt"), ids);
        spec.commandLine().getOut().printf(Locale.ROOT, "%s: %s rows x %s -> %s, %s%n", name,
                x.getShape().get(0), x.getShape().get(1), dir.resolve(base + ".npy"),
                dir.resolve(base + "_ids.txt"));
        spec.commandLine().getOut().flush();
    }
}
