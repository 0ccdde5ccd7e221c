package io.github.setclip.cli;

import ai.djl.ndarray.NDManager;
import io.github.setclip.core.TwoStreamModel;
import io.github.setclip.core.engine.OfflineEngine;
import io.github.setclip.data.npy.NpyFile;
import io.github.setclip.train.AlignmentTask;
import io.github.setclip.train.EmbeddedSplit;
import io.github.setclip.train.RunFolder;
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

    @Option(names = "--split", defaultValue = "test", paramLabel = "test|validation|train",
            description = "Split to embed (default ${DEFAULT-VALUE}).")
    String split;

    @Mixin OwnCaptionsOptions own;

    @Option(names = "--output", required = true, paramLabel = "DIR", description = "Where the files go.")
    Path output;

    @Override
    public Integer call() throws IOException {
        AlignmentTask.Split chosen = Splits.parse(spec, split);
        if (!List.of("s", "t", "both").contains(modality)) {
            throw new ParameterException(spec.commandLine(), "--modality must be s, t or both; got " + modality);
        }
        RunFolder run = RunFolder.open(model);
        OfflineEngine.pytorch();
        Files.createDirectories(output);
        try (AlignmentTask task = Splits.task(run, own.captions, own.imageRoot, own.skipBad);
                NDManager manager = NDManager.newBaseManager()) {
            TwoStreamModel trained = run.loadModel(task, manager);
            EmbeddedSplit data = task.embed(trained, manager, own.captions != null ? AlignmentTask.Split.TEST : chosen);
            String[] names = task.modalityNames();
            if (!"t".equals(modality)) {
                write(output, names[0], data.s(), data.sIds());
            }
            if (!"s".equals(modality)) {
                write(output, names[1], data.t(), data.tIds());
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
