package io.github.setclip.tasks;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.setclip.data.npy.NpyFile;
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
 * A finished features run (40 pairs of 6- and 5-wide rows, two epochs, a checkpoint after each),
 * trained once per test JVM by {@link Pretraining}, and copies of it for tests to damage.
 */
final class TinyFeaturesRun {

    private static Path root;
    private static Path run;

    private TinyFeaturesRun() {}

    /** The run's data. */
    static synchronized DatasetSpec spec() throws IOException {
        Path data = root().resolve("data");
        if (!Files.exists(data.resolve("pairs.csv"))) {
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
                NpyFile.write(data.resolve("s.npy"), manager.randomNormal(new Shape(40, 6)));
                NpyFile.write(data.resolve("t.npy"), manager.randomNormal(new Shape(40, 5)));
            }
            Files.write(data.resolve("s_ids.txt"), sIds);
            Files.write(data.resolve("t_ids.txt"), tIds);
            Files.write(data.resolve("pairs.csv"), pairs);
        }
        return new DatasetSpec("features", null, false, null, null, 64,
                List.of(data.resolve("s.npy"), data.resolve("s_ids.txt")),
                List.of(data.resolve("t.npy"), data.resolve("t_ids.txt")), data.resolve("pairs.csv"),
                false, null, 0, null, null);
    }

    /** Its configuration. */
    static TrainingConfig config() {
        return TrainingConfig.builder().optEpochs(2).optBatchSize(16).optPairedFraction(0.5)
                .optWarmUpSteps(1).optSeed(7).build();
    }

    /** A builder for the run in a folder, as the run was trained. */
    static Pretraining.Builder builder(Path folder) throws IOException {
        return Pretraining.builder().setDataset(spec()).setConfig(config()).setRunDirectory(folder)
                .optTrainer(TrainerOptions.DEFAULTS.withProgressBar(false));
    }

    /** The finished run (do not change it: copy it). */
    static synchronized Path trained() throws IOException {
        if (run == null) {
            Path folder = root().resolve("run");
            builder(folder).build().run();
            run = folder;
        }
        return run;
    }

    /** A copy of the finished run, to damage or resume. */
    static Path copy(Path to) throws IOException {
        Path from = trained();
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : files.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
        return to;
    }

    private static Path root() throws IOException {
        if (root == null) {
            root = Files.createTempDirectory("setclip-tiny-features-run");
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
