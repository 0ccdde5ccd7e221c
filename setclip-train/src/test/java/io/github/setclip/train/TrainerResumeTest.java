package io.github.setclip.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.setclip.core.ProjectionHead;
import io.github.setclip.core.Towers;
import io.github.setclip.core.TwoStreamModel;
import io.github.setclip.core.encoders.MlpEncoder;
import io.github.setclip.data.DamagedFileException;
import io.github.setclip.train.listener.EarlyStopping;
import io.github.setclip.train.session.EpochRecord;
import io.github.setclip.train.session.TrainingListener;
import io.github.setclip.train.session.TrainingSession;
import io.github.setclip.train.session.TrainingState;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Resuming a run whose folder was damaged: the newest checkpoint broken in each way a kill, a
 * full disk or a careless copy breaks it is skipped with a warning naming it, and the run resumes
 * from the one before and still repeats the uninterrupted run's losses.
 */
class TrainerResumeTest {

    private static final int EPOCHS = 3;

    @TempDir static Path shared;
    @TempDir Path dir;

    private static List<Double> straight;
    private static int stepsPerEpoch;

    @BeforeAll
    static void trainWithoutInterruption() throws IOException {
        Path run = shared.resolve("straight");
        try (NDManager manager = NDManager.newBaseManager()) {
            TrainerTest.trainer(manager, TrainerTest.config(EPOCHS), run).train(manager, false);
        }
        straight = TrainerTest.totals(run);
        stepsPerEpoch = straight.size() / EPOCHS;
    }

    /** A run killed right after its second epoch's checkpoint: checkpoints at epochs 1 and 2. */
    private Path killedAfterTwoEpochs() {
        Path run = dir.resolve("interrupted");
        try (NDManager manager = NDManager.newBaseManager()) {
            AlignmentTrainer killed = TrainerTest.builder(manager, TrainerTest.config(EPOCHS), run)
                    .addListener(new TrainingListener() {
                        @Override
                        public void onEpochEnd(TrainingSession session, EpochRecord epoch) {
                            if (epoch.epoch() == 2) {
                                throw new IllegalStateException("killed");
                            }
                        }
                    }).build();
            assertThrows(IllegalStateException.class, () -> killed.train(manager, false));
        }
        return run;
    }

    private static Path checkpoint(Path run, int epoch) {
        return run.resolve(String.format("checkpoints/step-%010d", (long) epoch * stepsPerEpoch));
    }

    /** Resumes and returns what it printed. */
    private static String resume(Path run) throws IOException {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        try (NDManager manager = NDManager.newBaseManager()) {
            TrainerTest.builder(manager, TrainerTest.config(EPOCHS), run)
                    .optConsole(new PrintStream(console, true, StandardCharsets.UTF_8)).build().train(manager, true);
        }
        return console.toString(StandardCharsets.UTF_8);
    }

    /** A way of damaging a checkpoint folder. */
    interface Damage {
        void apply(Path checkpoint) throws IOException;
    }

    static Stream<Arguments> damages() {
        return Stream.of(
                Arguments.of("model.params cut short", "has model.params of 600 bytes", (Damage) c -> {
                    try (FileChannel params = FileChannel.open(c.resolve("model.params"), StandardOpenOption.WRITE)) {
                        params.truncate(600);
                    }
                }),
                Arguments.of("optimizer.bin missing", "has no optimizer.bin",
                        (Damage) c -> Files.delete(c.resolve("optimizer.bin"))),
                Arguments.of("written in place without a manifest and cut off between files", "has no state.json",
                        (Damage) c -> {
                            Files.delete(c.resolve(CheckpointManifest.FILE));
                            Files.delete(c.resolve(TrainingState.FILE));
                        }),
                Arguments.of("state.json garbage, no manifest to tell", "state.json is not valid JSON",
                        (Damage) c -> {
                            Files.delete(c.resolve(CheckpointManifest.FILE));
                            Files.writeString(c.resolve(TrainingState.FILE), "{\"epoch\": 2, \"st");
                        }),
                Arguments.of("another model's parameters", "model.params is not this run's model",
                        (Damage) c -> {
                            Files.delete(c.resolve(CheckpointManifest.FILE));
                            anotherModel(c.resolve("model.params"));
                        }),
                Arguments.of("another model's moments", "optimizer.bin is damaged or another model's",
                        (Damage) c -> {
                            Files.delete(c.resolve(CheckpointManifest.FILE));
                            try (DataOutputStream out = new DataOutputStream(
                                    Files.newOutputStream(c.resolve("optimizer.bin")))) {
                                out.writeLong(2L * stepsPerEpoch);
                                out.writeInt(7); // the moments of seven parameters
                            }
                        }));
    }

    /** The parameters of a model like the run's whose second hidden layer is narrower. */
    private static void anotherModel(Path file) throws IOException {
        try (NDManager manager = NDManager.newBaseManager()) {
            TwoStreamModel other = new TwoStreamModel(
                    Towers.of(MlpEncoder.build(0.1f, 32, 24), ProjectionHead.build(16, 0.1f)), 1,
                    Towers.of(MlpEncoder.build(0.1f, 32, 24), ProjectionHead.build(16, 0.1f)),
                    TrainerTest.config(1).newObjective());
            other.initialize(manager, DataType.FLOAT32, new Shape[] {new Shape(4, 12)},
                    new Shape[] {new Shape(4, 10)});
            other.save(file);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("damages")
    void aDamagedNewestCheckpointIsSkippedWithAWarningAndTheRunResumesFromThePreviousOne(String name,
            String problem, Damage damage) throws IOException {
        Path run = killedAfterTwoEpochs();
        Path newest = checkpoint(run, 2);
        damage.apply(newest);
        String console = resume(run);
        assertTrue(console.contains("warning: skipping a damaged checkpoint: " + newest), console);
        assertTrue(console.contains(problem), name + ": the warning says what is wrong: " + console);
        assertTrue(console.contains("resuming at step " + stepsPerEpoch + " (epoch 1) from " + checkpoint(run, 1)),
                console);
        assertEquals(straight, TrainerTest.totals(run), name + ": every step's loss, as if never interrupted");
        assertEquals(Optional.empty(), Checkpoints.problem(newest), "the damaged one was replaced");
    }

    @Test
    void whenEveryCheckpointIsDamagedTheErrorNamesTheNewestAndWhy() {
        Path run = killedAfterTwoEpochs();
        for (int epoch = 1; epoch <= 2; epoch++) {
            try {
                Files.delete(checkpoint(run, epoch).resolve("optimizer.bin"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        DamagedFileException e = assertThrows(DamagedFileException.class, () -> resume(run));
        assertEquals(run.resolve("checkpoints") + " holds no usable checkpoint (the newest: "
                + checkpoint(run, 2) + " has no optimizer.bin)", e.getMessage());
    }

    @Test
    void aMetricsLineCutShortByAKillIsDroppedWithAWarningAndTheRunResumes() throws IOException {
        Path run = killedAfterTwoEpochs();
        Path metrics = run.resolve("metrics.jsonl");
        Files.writeString(metrics, "{\"type\":\"step\",\"epoch\":3,\"st", StandardOpenOption.APPEND);
        int lines = Files.readAllLines(metrics).size();
        String console = resume(run);
        assertTrue(console.contains("warning: " + metrics + ":" + lines + " is not a metrics record (the last"
                + " line of a killed run, cut short?); dropped"), console);
        assertEquals(straight, TrainerTest.totals(run));
    }

    @Test
    void parametersThatBecameNaNAreNeverCheckpointedSoTheLastGoodCheckpointStaysTheNewest() throws IOException {
        Path run = dir.resolve("poisoned");
        try (NDManager manager = NDManager.newBaseManager()) {
            int[] validations = {0};
            AlignmentTrainer poisoned = TrainerTest.builder(manager, TrainerTest.config(EPOCHS), run)
                    .optValidation((model, scope) -> {
                        if (++validations[0] == 2) {
                            model.getParameters().get(0).getValue().getArray().set(new NDIndex("0"), Float.NaN);
                        }
                        return Map.of();
                    }).build();
            NonFiniteLossException e = assertThrows(NonFiniteLossException.class,
                    () -> poisoned.train(manager, false));
            assertTrue(e.getMessage().startsWith("parameter '"), e.getMessage());
            assertTrue(e.getMessage().contains("became NaN or infinite by global step " + 2 * stepsPerEpoch
                    + "; the run stopped without checkpointing it and its last good checkpoint is kept: resume it"
                    + " with a lower learning rate"), e.getMessage());
        }
        assertTrue(Files.exists(checkpoint(run, 1)));
        assertFalse(Files.exists(checkpoint(run, 2)));
        assertTrue(resume(run).contains("resuming at step " + stepsPerEpoch + " (epoch 1)"));
    }

    @Test
    void aRunResumedFromBeforeItsBestEpochGetsBackTheBestModelOfThatCheckpoint() throws IOException {
        Path run = dir.resolve("stopping");
        EarlyStopping rule = new EarlyStopping("score", 5, 0);
        try (NDManager manager = NDManager.newBaseManager()) {
            double[] scores = {0.2, 0.5};
            int[] epoch = {0};
            AlignmentTrainer killed = TrainerTest.builder(manager, TrainerTest.config(EPOCHS), run)
                    .optValidation((m, scope) -> Map.of("score", scores[epoch[0]++]))
                    .optEarlyStopping(rule)
                    .addListener(new TrainingListener() {
                        @Override
                        public void onEpochEnd(TrainingSession session, EpochRecord record) {
                            if (record.epoch() == 2) {
                                throw new IllegalStateException("killed");
                            }
                        }
                    }).build();
            assertThrows(IllegalStateException.class, () -> killed.train(manager, false));
        }
        byte[] bestOfEpochOne = Files.readAllBytes(checkpoint(run, 1).resolve("best-model.params"));
        byte[] bestOfEpochTwo = Files.readAllBytes(run.resolve("best/model.params"));
        assertFalse(Arrays.equals(bestOfEpochOne, bestOfEpochTwo));
        Checkpoints.deleteRecursively(checkpoint(run, 2)); // go back to epoch 1, e.g. to lower the rate
        try (NDManager manager = NDManager.newBaseManager()) {
            TrainingSummary summary = TrainerTest.builder(manager, TrainerTest.config(EPOCHS), run)
                    .optValidation((m, scope) -> Map.of("score", 0.1)).optEarlyStopping(rule).build()
                    .train(manager, true);
            assertEquals(1, summary.best().epoch());
        }
        assertTrue(Arrays.equals(bestOfEpochOne, Files.readAllBytes(run.resolve("best/model.params"))),
                "best/ holds epoch 1's model, not the abandoned epoch 2's");
    }
}
