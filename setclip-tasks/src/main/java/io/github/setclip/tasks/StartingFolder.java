package io.github.setclip.tasks;

import io.github.setclip.train.listener.MetricsListener;
import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A run folder as it was before a run started in it, so that a start that fails (a missing data
 * file, a broken tokenizer, a bad setting met late) leaves it as it found it: no empty {@code
 * runs/<timestamp>/} holding a stale {@code .lock}. Only what appeared since is removed: never a
 * folder the user named with files in it, nor any file that was there before, nor anything once
 * training has begun (its metrics.jsonl exists), since a run that began can be resumed.
 */
final class StartingFolder {

    private final Path folder;
    private final Set<Path> entriesBefore; // null when the folder did not exist
    private final Path outermostMissing; // the folder or the outermost parent missing with it, or null

    private StartingFolder(Path folder, Set<Path> entriesBefore, Path outermostMissing) {
        this.folder = folder;
        this.entriesBefore = entriesBefore;
        this.outermostMissing = outermostMissing;
    }

    /** Notes what {@code folder} holds now (nothing, if it does not exist). */
    static StartingFolder of(Path folder) throws IOException {
        if (Files.isDirectory(folder)) {
            try (Stream<Path> entries = Files.list(folder)) {
                return new StartingFolder(folder, entries.collect(Collectors.toSet()), null);
            }
        }
        Path missing = folder.toAbsolutePath();
        while (missing.getParent() != null && Files.notExists(missing.getParent())) {
            missing = missing.getParent();
        }
        return new StartingFolder(folder, null, missing);
    }

    /**
     * After a failed start, removes what the start created: the whole folder if it did not exist
     * (and the parents created with it, while empty), else the entries that were not there. Does
     * nothing once training has begun in it.
     *
     * @param failure the start's failure, to which a problem while cleaning up is attached
     */
    void undoFailedStart(Exception failure) {
        try {
            if (!Files.isDirectory(folder) || trainingBegan()) {
                return;
            }
            if (entriesBefore == null) {
                deleteTree(folder);
                deleteEmptyParents(folder.toAbsolutePath());
                return;
            }
            List<Path> created;
            try (Stream<Path> entries = Files.list(folder)) {
                created = entries.filter(p -> !entriesBefore.contains(p)).toList();
            }
            for (Path entry : created) {
                deleteTree(entry);
            }
        } catch (IOException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    private boolean trainingBegan() {
        return Files.exists(folder.resolve(MetricsListener.FILE))
                || Files.exists(folder.resolve(Pretraining.STAGE1).resolve(MetricsListener.FILE));
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> tree = Files.walk(root)) {
            for (Path p : tree.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Removes the parents created along with the folder, while they are empty (another run may use one). */
    private void deleteEmptyParents(Path removed) throws IOException {
        for (Path p = removed; !p.equals(outermostMissing); ) {
            p = p.getParent();
            try {
                Files.deleteIfExists(p);
            } catch (DirectoryNotEmptyException e) {
                return;
            }
        }
    }
}
