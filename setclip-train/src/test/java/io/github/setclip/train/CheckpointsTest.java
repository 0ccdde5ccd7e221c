package io.github.setclip.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.setclip.data.FileErrors;
import io.github.setclip.train.session.TrainingState;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checkpoints on disk: sealed by a manifest, damage recognised, failures that keep the last good one. */
class CheckpointsTest {

    @TempDir Path run;

    /** Writes what a trainer writes, with random bytes for the parameters and moments. */
    private static Checkpoints.Writer files(long seed) {
        return dir -> {
            byte[] bytes = new byte[4096];
            new Random(seed).nextBytes(bytes);
            Files.write(dir.resolve("model.params"), bytes);
            Files.write(dir.resolve("optimizer.bin"), bytes);
            Files.writeString(dir.resolve(TrainingState.FILE), "{\"epoch\": 1, \"steps\": " + seed + "}");
        };
    }

    private List<String> names() throws IOException {
        try (Stream<Path> entries = Files.list(run.resolve("checkpoints"))) {
            return entries.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aSavedCheckpointIsUsableAndEachWayOfDamagingItIsNamed() throws IOException {
        Checkpoints checkpoints = new Checkpoints(run);
        Path saved = checkpoints.save(12, files(12));
        assertEquals("step-0000000012", saved.getFileName().toString());
        assertEquals(Optional.empty(), Checkpoints.problem(saved));

        try (FileChannel params = FileChannel.open(saved.resolve("model.params"), StandardOpenOption.WRITE)) {
            params.truncate(1000);
        }
        assertEquals(Optional.of("has model.params of 1000 bytes, 4096 were written (cut short?)"),
                Checkpoints.problem(saved));

        checkpoints.save(12, files(12));
        byte[] moments = Files.readAllBytes(saved.resolve("optimizer.bin"));
        moments[100] ^= 1;
        Files.write(saved.resolve("optimizer.bin"), moments);
        assertEquals(Optional.of("has a damaged optimizer.bin (its checksum differs from the one written)"),
                Checkpoints.problem(saved));

        Files.delete(saved.resolve("optimizer.bin"));
        assertEquals(Optional.of("has no optimizer.bin"), Checkpoints.problem(saved));

        checkpoints.save(12, files(12));
        Files.writeString(saved.resolve(CheckpointManifest.FILE), "{\"files\": {\"model.par");
        assertTrue(Checkpoints.problem(saved).orElseThrow().startsWith("has a damaged manifest.json ("),
                Checkpoints.problem(saved).toString());
    }

    @Test
    void aCheckpointWrittenBeforeManifestsIsCheckedForItsFiles() throws IOException {
        Path legacy = Files.createDirectories(run.resolve("checkpoints/step-0000000004"));
        files(4).write(legacy);
        assertEquals(Optional.empty(), Checkpoints.problem(legacy));
        Files.delete(legacy.resolve("model.params"));
        assertEquals(Optional.of("has no model.params"), Checkpoints.problem(legacy));
    }

    @Test
    void theLatestCheckpointIsTheNewestUndamagedOne() throws IOException {
        Checkpoints checkpoints = new Checkpoints(run);
        Path older = checkpoints.save(3, files(3));
        Path newer = checkpoints.save(6, files(6));
        assertEquals(Optional.of(newer), checkpoints.latest());
        Files.delete(newer.resolve("optimizer.bin"));
        assertEquals(Optional.of(older), checkpoints.latest());
    }

    @Test
    void aDiskFillingUpDuringASaveLeavesThePreviousCheckpointIntactAndSaysSo() throws IOException {
        Checkpoints checkpoints = new Checkpoints(run);
        Path previous = checkpoints.save(3, files(3));
        IOException e = assertThrows(IOException.class, () -> checkpoints.save(6, dir -> {
            files(6).write(dir);
            throw new IOException("No space left on device");
        }));
        assertEquals("cannot write checkpoint " + run.resolve("checkpoints/step-0000000006")
                + ": No space left on device; the previous checkpoint, step-0000000003, is intact", e.getMessage());
        assertEquals(List.of("step-0000000003"), names(), "no partial folder is left behind");
        assertEquals(Optional.empty(), Checkpoints.problem(previous));
        assertEquals(Optional.of(previous), checkpoints.latest());
    }

    @Test
    void aFolderThatCannotBeWrittenIsOneLineNamingIt() throws IOException {
        Files.writeString(run.resolve("checkpoints"), "a file where the folder should be");
        IOException e = assertThrows(IOException.class, () -> new Checkpoints(run).save(3, files(3)));
        assertEquals("cannot write checkpoint " + run.resolve("checkpoints/step-0000000003") + ": file already"
                + " exists: " + run.resolve("checkpoints") + "; no earlier checkpoint exists", e.getMessage());
    }

    @Test
    void aFolderWithoutWritePermissionIsOneLineNamingIt() throws IOException {
        Checkpoints checkpoints = new Checkpoints(run);
        checkpoints.save(3, files(3));
        Path root = run.resolve("checkpoints");
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            assumeTrue(!Files.isWritable(root), "the superuser writes anywhere");
            IOException e = assertThrows(IOException.class, () -> checkpoints.save(6, files(6)));
            assertTrue(e.getMessage().startsWith("cannot write checkpoint " + root.resolve("step-0000000006")
                    + ": permission denied on "), e.getMessage());
            assertTrue(e.getMessage().endsWith("; the previous checkpoint, step-0000000003, is intact"),
                    e.getMessage());
        } finally {
            Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void errorsWhoseMessageIsOnlyAPathAreSaidInWords() {
        assertEquals("permission denied on /runs/x", FileErrors.describe(new AccessDeniedException("/runs/x")));
        assertEquals("not directory: /runs/x", FileErrors.describe(new NotDirectoryException("/runs/x")));
        assertEquals("/runs/x: No space left on device",
                FileErrors.describe(new FileSystemException("/runs/x", null, "No space left on device")));
    }

    @Test
    void savingDeletesKilledSavesNewerCheckpointsOfAnAbandonedTimelineAndAllButTheNewestThree()
            throws IOException {
        Checkpoints checkpoints = new Checkpoints(run);
        for (long steps = 3; steps <= 12; steps += 3) {
            checkpoints.save(steps, files(steps));
        }
        assertEquals(List.of("step-0000000006", "step-0000000009", "step-0000000012"), names());
        Files.createDirectories(run.resolve("checkpoints/.partial-step-0000000015-123"));
        checkpoints.save(10, files(10));
        assertEquals(List.of("step-0000000006", "step-0000000009", "step-0000000010"), names(),
                "step 12 lies beyond the step the run went back to; the killed save's folder is gone");
        assertFalse(Files.exists(run.resolve("checkpoints/step-0000000012")));
    }
}
