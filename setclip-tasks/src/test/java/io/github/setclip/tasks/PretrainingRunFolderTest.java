package io.github.setclip.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.setclip.data.DamagedFileException;
import io.github.setclip.data.InvalidSettingException;
import io.github.setclip.data.JsonFile;
import io.github.setclip.train.TrainerOptions;
import io.github.setclip.train.TrainingSummary;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@link Pretraining} does with the run folder around the training itself: one process at a
 * time, a finished run left alone, a run never overwritten by a new one, a resumed run kept the run
 * it was.
 */
class PretrainingRunFolderTest {

    @TempDir Path dir;

    private final ByteArrayOutputStream console = new ByteArrayOutputStream();

    private Pretraining.Builder builder(Path run) throws IOException {
        return TinyFeaturesRun.builder(run).optTrainer(TrainerOptions.DEFAULTS.withProgressBar(false)
                .withConsole(new PrintStream(console, true, StandardCharsets.UTF_8)));
    }

    private String printed() {
        return console.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aRunFolderInUseIsRefusedNamingTheProcessThatHoldsIt() throws IOException {
        Path run = dir.resolve("run");
        try (RunLock held = RunLock.acquire(run)) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> builder(run).build().run());
            assertEquals(run + " is in use by another run in this process (pid " + ProcessHandle.current().pid()
                    + "); wait for it to end, or use another run folder", e.getMessage());
        }
        assertFalse(Files.exists(run.resolve("config.json")), "nothing was written meanwhile");
        try (RunLock again = RunLock.acquire(run)) {
            assertTrue(Files.readString(run.resolve(RunLock.FILE)).startsWith(ProcessHandle.current().pid() + "\n"),
                    "released and taken again; the file names its holder");
        }
    }

    @Test
    void resumingAFinishedRunSaysSoAndChangesNothing() throws IOException {
        Path run = TinyFeaturesRun.copy(dir.resolve("run"));
        FileTime before = Files.getLastModifiedTime(run.resolve("model/model.params"));
        TrainingSummary summary = builder(run).optResume(true).build().run();
        assertTrue(printed().contains(run + " already finished (2 epochs); nothing to resume"), printed());
        assertEquals(2, summary.epochs());
        assertEquals(before, Files.getLastModifiedTime(run.resolve("model/model.params")));
    }

    @Test
    void aDamagedSummaryIsNamedWhenAFinishedRunIsResumed() throws IOException {
        Path run = TinyFeaturesRun.copy(dir.resolve("run"));
        Files.writeString(run.resolve("summary.json"), "{\"epochs\": 2, \"ste");
        DamagedFileException e = assertThrows(DamagedFileException.class,
                () -> builder(run).optResume(true).build().run());
        assertEquals(run.resolve("summary.json") + " is not valid JSON: it ends at line 1 column 19 (cut short?)",
                e.getMessage());
    }

    @Test
    void aNewRunNeverOverwritesTheCheckpointsOfAnother() throws IOException {
        Path run = TinyFeaturesRun.copy(dir.resolve("run"));
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> builder(run).build().run());
        assertEquals("resume", e.setting());
        assertEquals("is needed to continue " + run + ", which holds the checkpoints of a run (or give another run"
                + " folder)", e.problem());
    }

    @Test
    void aResumedRunMustBeTheRunItContinuesButMayLowerItsLearningRate() throws IOException {
        Path run = TinyFeaturesRun.copy(dir.resolve("run"));
        Files.delete(run.resolve("summary.json"));
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> builder(run)
                .setConfig(TinyFeaturesRun.config().toBuilder().optBatchSize(8).build()).optResume(true)
                .build().run());
        assertEquals("batchSize", e.setting());
        assertEquals("is 8 here but 16 in " + run.resolve("config.json") + ": a resumed run keeps its settings (only"
                + " learningRate and gradientClip may change)", e.problem());
        InvalidSettingException evaluations = assertThrows(InvalidSettingException.class, () -> TinyFeaturesRun
                .builder(run).optTrainer(TrainerOptions.DEFAULTS.withProgressBar(false).withEvalEvery(3))
                .setConfig(TinyFeaturesRun.config()).optResume(true).build().run());
        assertEquals("evalEvery", evaluations.setting(), "when validation runs is part of the run too");

        builder(run).setConfig(TinyFeaturesRun.config().toBuilder().optLearningRate(5e-4).build())
                .optResume(true).build().run();
        assertTrue(printed().contains("resuming at step"), printed());
        RunFolder resumed = RunFolder.open(run);
        assertEquals(5e-4, resumed.config().learningRate());
        assertEquals(5e-4, JsonFile.read(run.resolve("config.json")).getAsJsonArray("resumed_with").get(0)
                .getAsJsonObject().get("learningRate").getAsDouble(), "config.json records the change");
    }

    @Test
    void aRunKilledBeforeItsFirstCheckpointStartsAgainWhenResumed() throws IOException {
        Path run = TinyFeaturesRun.copy(dir.resolve("run"));
        Files.delete(run.resolve("summary.json"));
        Checkpointless.clear(run.resolve("checkpoints"));
        TrainingSummary summary = builder(run).optResume(true).build().run();
        assertTrue(printed().contains("no checkpoint in " + run.resolve("checkpoints") + " yet: the run starts from"
                + " the beginning"), printed());
        assertEquals(2, summary.epochs());
        assertEquals(Files.readString(TinyFeaturesRun.trained().resolve("metrics.jsonl")).lines()
                .filter(l -> l.contains("\"type\":\"step\"")).map(l -> l.replaceAll(",\"samples_per_s\":[^,}]*", ""))
                .toList(), Files.readString(run.resolve("metrics.jsonl")).lines()
                .filter(l -> l.contains("\"type\":\"step\"")).map(l -> l.replaceAll(",\"samples_per_s\":[^,}]*", ""))
                .toList(), "the same steps as the run trained without interruption");
    }

    @Test
    void anOutputFolderThatCannotBeCreatedIsOneLine() throws IOException {
        Path file = Files.writeString(dir.resolve("a-file"), "not a folder");
        IOException e = assertThrows(IOException.class, () -> builder(file.resolve("run")).build().run());
        assertTrue(e.getMessage().startsWith("cannot create the run folder " + file.resolve("run") + ": "),
                e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    /** Empties a checkpoints folder, as a run killed during its first epoch leaves it. */
    private static final class Checkpointless {
        static void clear(Path checkpoints) throws IOException {
            try (var entries = Files.list(checkpoints)) {
                for (Path p : entries.toList()) {
                    try (var walk = Files.walk(p)) {
                        for (Path q : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                            Files.delete(q);
                        }
                    }
                }
            }
        }
    }
}
