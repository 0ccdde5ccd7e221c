package io.github.setclip.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The checkpoints of one run: {@code checkpoints/step-NNNNNNNNNN/} (named by the optimiser steps
 * taken), each written whole into a hidden
 * temporary folder and renamed into place, so that a run killed while saving never leaves a
 * half-written checkpoint that looks complete (DJL's {@code Model.save} writes in place). The
 * newest {@link #KEEP} are kept; older ones are deleted once a newer one is complete.
 */
final class Checkpoints {

    private static final String PREFIX = "step-";

    /** How many of the newest checkpoints a run keeps. */
    static final int KEEP = 3;

    private final Path root;

    Checkpoints(Path runDirectory) {
        this.root = runDirectory.resolve("checkpoints");
    }

    /** Writes the content of one checkpoint. */
    interface Writer {
        void write(Path directory) throws IOException;
    }

    /**
     * Saves a checkpoint atomically.
     *
     * @param steps the optimiser steps taken
     * @param writer fills the folder
     * @return the checkpoint folder
     * @throws IOException if writing fails; no partial checkpoint is left visible
     */
    Path save(long steps, Writer writer) throws IOException {
        Files.createDirectories(root);
        Path target = root.resolve(name(steps));
        Path temp = Files.createTempDirectory(root, ".partial-" + name(steps) + "-");
        try {
            writer.write(temp);
            if (Files.exists(target)) {
                deleteRecursively(target);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target);
            }
        } catch (IOException | RuntimeException e) {
            deleteRecursively(temp);
            throw e;
        }
        pruneAllBut(KEEP);
        return target;
    }

    /** Deletes all but the newest {@code keep} complete checkpoints. */
    private void pruneAllBut(int keep) throws IOException {
        java.util.List<Path> complete;
        try (Stream<Path> entries = Files.list(root)) {
            complete = entries.filter(p -> p.getFileName().toString().startsWith(PREFIX))
                    .sorted(Comparator.comparing(p -> p.getFileName().toString()))
                    .toList();
        }
        for (int i = 0; i < complete.size() - keep; i++) {
            deleteRecursively(complete.get(i));
        }
    }

    /** The newest complete checkpoint, if any. */
    Optional<Path> latest() throws IOException {
        if (!Files.isDirectory(root)) {
            return Optional.empty();
        }
        try (Stream<Path> entries = Files.list(root)) {
            return entries.filter(p -> p.getFileName().toString().startsWith(PREFIX))
                    .filter(Files::isDirectory)
                    .max(Comparator.comparing(p -> p.getFileName().toString()));
        }
    }

    private static String name(long steps) {
        return String.format(java.util.Locale.ROOT, PREFIX + "%010d", steps);
    }

    static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
