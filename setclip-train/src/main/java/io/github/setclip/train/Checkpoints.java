package io.github.setclip.train;

import io.github.setclip.data.FileErrors;
import io.github.setclip.train.session.TrainingState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The checkpoints of one run: {@code checkpoints/step-NNNNNNNNNN/} (named by the optimiser steps
 * taken). Each is written whole into a hidden temporary folder, sealed with a {@link
 * CheckpointManifest} (every file's size and checksum) and renamed into place, so that a run
 * killed while saving never leaves a half-written checkpoint that looks complete (DJL's {@code
 * Model.save} writes in place), and a checkpoint damaged later (a copy cut short, a file deleted)
 * is recognised and passed over on resume. The newest {@link #KEEP} are kept.
 */
final class Checkpoints {

    private static final String PREFIX = "step-";
    private static final String PARTIAL = ".partial-";

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
     * Saves a checkpoint atomically, then deletes the folders of runs killed while saving, any
     * checkpoint newer than this one (left by a timeline the run has gone back from, such as a
     * damaged checkpoint skipped on resume) and all but the newest {@link #KEEP}.
     *
     * @param steps the optimiser steps taken
     * @param writer fills the folder
     * @return the checkpoint folder
     * @throws IOException if writing fails (a full disk, a folder that cannot be written), with a
     *     message naming the checkpoint and the previous one, which is left intact
     */
    Path save(long steps, Writer writer) throws IOException {
        Path target = root.resolve(name(steps));
        Path temp;
        try {
            Files.createDirectories(root);
            temp = Files.createTempDirectory(root, PARTIAL + name(steps) + "-");
        } catch (IOException e) {
            throw cannotWrite(target, e);
        }
        try {
            writer.write(temp);
            CheckpointManifest.write(temp);
            if (Files.exists(target)) {
                deleteRecursively(target);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target);
            }
        } catch (IOException | RuntimeException e) {
            try {
                deleteRecursively(temp);
            } catch (IOException | UncheckedIOException cleanup) {
                e.addSuppressed(cleanup);
            }
            if (e instanceof IOException io) {
                throw cannotWrite(target, io);
            }
            throw e;
        }
        prune(steps);
        return target;
    }

    /** One line: which checkpoint failed, why, and what is still there to resume from. */
    private IOException cannotWrite(Path target, IOException cause) {
        Optional<Path> previous = Optional.empty();
        try {
            previous = steps().stream().filter(p -> !p.equals(target)).reduce((a, b) -> b);
        } catch (IOException | UncheckedIOException ignored) {
            // the message then says less
        }
        String kept = previous.map(p -> "; the previous checkpoint, " + p.getFileName() + ", is intact")
                .orElse("; no earlier checkpoint exists");
        return new IOException("cannot write checkpoint " + target + ": " + FileErrors.describe(cause) + kept,
                cause);
    }

    private void prune(long saved) throws IOException {
        try (Stream<Path> entries = Files.list(root)) {
            for (Path leftover : entries.filter(p -> p.getFileName().toString().startsWith(PARTIAL)).toList()) {
                deleteRecursively(leftover);
            }
        }
        List<Path> all = steps();
        List<Path> kept = all.stream().filter(p -> stepsOf(p) <= saved).toList();
        for (Path p : all) {
            if (stepsOf(p) > saved || kept.indexOf(p) < kept.size() - KEEP) {
                deleteRecursively(p);
            }
        }
    }

    /** The checkpoint folders, oldest first (complete or not: see {@link #problem}). */
    List<Path> steps() throws IOException {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(root)) {
            return entries.filter(p -> p.getFileName().toString().startsWith(PREFIX))
                    .filter(Files::isDirectory)
                    .sorted(Comparator.comparing(p -> p.getFileName().toString()))
                    .toList();
        }
    }

    /** The checkpoint folders, newest first. */
    List<Path> newestFirst() throws IOException {
        List<Path> all = new ArrayList<>(steps());
        Collections.reverse(all);
        return all;
    }

    /**
     * What is wrong with a checkpoint, if anything: a file missing, cut short or changed since it
     * was written. Checkpoints written before manifests existed are checked for their files only.
     *
     * @param checkpoint a checkpoint folder
     * @return the problem, phrased to follow the folder's name, or empty when it is usable
     */
    static Optional<String> problem(Path checkpoint) {
        return CheckpointManifest.problem(checkpoint,
                List.of("model.params", "optimizer.bin", TrainingState.FILE));
    }

    /** The newest checkpoint without a {@link #problem}, if any. */
    Optional<Path> latest() throws IOException {
        return newestFirst().stream().filter(p -> problem(p).isEmpty()).findFirst();
    }

    /** The optimiser steps a checkpoint folder is named by. */
    static long stepsOf(Path checkpoint) {
        try {
            return Long.parseLong(checkpoint.getFileName().toString().substring(PREFIX.length()));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String name(long steps) {
        return String.format(Locale.ROOT, PREFIX + "%010d", steps);
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
