package io.github.setclip.tasks.inference;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.setclip.data.npy.NpyFile;
import io.github.setclip.tasks.DatasetSpec;
import io.github.setclip.tasks.Pretraining;
import io.github.setclip.train.TrainerOptions;
import io.github.setclip.train.TrainingConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Tiny runs trained once per test JVM by {@link Pretraining}, the way {@code setclip pretrain}
 * writes them: an emoji run (64 training concepts, one epoch) and a features run (40 pairs of 6-
 * and 5-wide rows). Deleted when the JVM exits.
 */
final class TinyRuns {

    static final int S_WIDTH = 6;
    static final int T_WIDTH = 5;

    private static Path root;
    private static Path emoji;
    private static Path features;

    private TinyRuns() {}

    /** The emoji run folder. */
    static synchronized Path emoji() throws IOException {
        if (emoji == null) {
            Path run = root().resolve("emoji");
            DatasetSpec spec = new DatasetSpec("emoji", null, false, null, null, 64, null, null, null,
                    false, null, 64, null, null);
            train(spec, run, 32);
            emoji = run;
        }
        return emoji;
    }

    /** The features run folder. */
    static synchronized Path features() throws IOException {
        if (features == null) {
            Path data = root().resolve("features-data");
            Files.createDirectories(data);
            List<String> sIds = new ArrayList<>();
            List<String> tIds = new ArrayList<>();
            List<String> pairs = new ArrayList<>(List.of("s_id,t_id"));
            for (int i = 0; i < 40; i++) {
                sIds.add("s" + i);
                tIds.add("t" + i);
                pairs.add("s" + i + ",t" + i);
            }
            try (NDManager manager = NDManager.newBaseManager()) {
                manager.getEngine().setRandomSeed(3);
                NpyFile.write(data.resolve("s.npy"), manager.randomNormal(new Shape(40, S_WIDTH)));
                NpyFile.write(data.resolve("t.npy"), manager.randomNormal(new Shape(40, T_WIDTH)));
            }
            Files.write(data.resolve("s_ids.txt"), sIds);
            Files.write(data.resolve("t_ids.txt"), tIds);
            Files.write(data.resolve("pairs.csv"), pairs);
            DatasetSpec spec = new DatasetSpec("features", null, false, null, null, 64,
                    List.of(data.resolve("s.npy"), data.resolve("s_ids.txt")),
                    List.of(data.resolve("t.npy"), data.resolve("t_ids.txt")), data.resolve("pairs.csv"),
                    false, null, 0, null, null);
            Path run = root().resolve("features");
            train(spec, run, 16);
            features = run;
        }
        return features;
    }

    /**
     * A copy of a run's config, tokenizer and model (no checkpoints), to damage or extend.
     *
     * @param run the run folder
     * @param to the new folder
     * @return {@code to}
     */
    static Path copy(Path run, Path to) throws IOException {
        for (String part : new String[] {"config.json", "tokenizer/tokenizer.json", "model/model.params"}) {
            Path source = run.resolve(part);
            if (Files.exists(source)) {
                Files.createDirectories(to.resolve(part).getParent());
                Files.copy(source, to.resolve(part));
            }
        }
        return to;
    }

    private static void train(DatasetSpec spec, Path run, int batch) throws IOException {
        TrainingConfig config = TrainingConfig.builder().optEpochs(1).optBatchSize(batch)
                .optPairedFraction(0.5).optWarmUpSteps(1).optSeed(7).build();
        Pretraining.builder().setDataset(spec).setConfig(config).setRunDirectory(run)
                .optTrainer(TrainerOptions.DEFAULTS.withProgressBar(false)).build().run();
    }

    private static Path root() throws IOException {
        if (root == null) {
            root = Files.createTempDirectory("setclip-tiny-runs");
            Path folder = root;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(folder)));
        }
        return root;
    }

    private static void delete(Path folder) {
        try (Stream<Path> files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
