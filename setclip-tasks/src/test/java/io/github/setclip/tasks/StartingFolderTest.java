package io.github.setclip.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.setclip.train.listener.MetricsListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A failed start leaves the run folder as it found it, and never removes what it did not create. */
class StartingFolderTest {

    @TempDir Path dir;

    private static List<Path> entries(Path folder) throws IOException {
        try (Stream<Path> list = Files.list(folder)) {
            return list.sorted().toList();
        }
    }

    @Test
    void aFolderTheStartCreatedGoesWithTheParentsCreatedForItButNotAParentThatWasThere() throws IOException {
        Path runs = Files.createDirectories(dir.resolve("runs"));
        Path run = runs.resolve("a/b/run");
        StartingFolder before = StartingFolder.of(run);
        Files.createDirectories(run.resolve("tokenizer"));
        Files.writeString(run.resolve(".lock"), "42\n");
        before.undoFailedStart(new IOException("no data"));
        assertEquals(List.of(), entries(runs), "runs/ was there before: it stays, empty");
    }

    @Test
    void aParentAnotherRunUsesMeanwhileStays() throws IOException {
        Path run = dir.resolve("runs/one");
        StartingFolder before = StartingFolder.of(run);
        Files.createDirectories(run);
        Files.createDirectories(dir.resolve("runs/other"));
        before.undoFailedStart(new IOException("no data"));
        assertEquals(List.of(dir.resolve("runs/other")), entries(dir.resolve("runs")));
    }

    @Test
    void inAFolderThatWasThereOnlyWhatAppearedIsRemoved() throws IOException {
        Path run = Files.createDirectories(dir.resolve("mine"));
        Files.writeString(run.resolve("notes.txt"), "mine");
        Files.createDirectories(run.resolve("tokenizer"));
        StartingFolder before = StartingFolder.of(run);
        Files.writeString(run.resolve(".lock"), "42\n");
        Files.writeString(run.resolve("config.json"), "{}");
        Files.writeString(run.resolve("tokenizer/tokenizer.json"), "{}");
        before.undoFailedStart(new IOException("no data"));
        assertEquals(List.of(run.resolve("notes.txt"), run.resolve("tokenizer")), entries(run));
        assertTrue(Files.exists(run.resolve("tokenizer/tokenizer.json")), "inside what was there: kept");
    }

    @Test
    void onceTrainingBeganNothingIsRemovedSinceTheRunCanBeResumed() throws IOException {
        Path run = dir.resolve("run");
        StartingFolder before = StartingFolder.of(run);
        Files.createDirectories(run);
        Files.writeString(run.resolve("config.json"), "{}");
        Files.writeString(run.resolve(MetricsListener.FILE), "");
        before.undoFailedStart(new IllegalStateException("NaN at step 1"));
        assertEquals(List.of(run.resolve("config.json"), run.resolve(MetricsListener.FILE)), entries(run));
    }
}
