package io.github.setclip.train;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import ai.djl.training.util.ProgressBar;
import io.github.setclip.core.LockedTower;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Function;

/**
 * Before training, embeds every training item of a locked tower once (with a progress bar), so
 * that each step costs the heads only; the rows are written to {@code RUN/cache/<tower>-<encoder
 * SHA-256>.features} and read back by a resumed run or another run of the same encoder folder.
 */
final class LockedTowerWarmUp {

    /** Items embedded per encoder call. */
    static final int CHUNK = 64;

    private LockedTowerWarmUp() {}

    /**
     * Fills a locked tower's cache with every first view of the items.
     *
     * @param tower the locked tower
     * @param name {@code s} or {@code t}, for the file name and the messages
     * @param input the modality's input
     * @param items the training items of the modality
     * @param runDirectory the run folder
     * @param console where the progress goes
     * @param progressBar whether to draw DJL's progress bar
     * @param manager the long-lived manager (a sub-manager is used per chunk)
     * @throws IOException if the cache file cannot be read or written
     */
    static void warm(LockedTower tower, String name, ModalityInput input, int[] items, Path runDirectory,
            PrintStream console, boolean progressBar, NDManager manager) throws IOException {
        Path file = cacheFile(tower, name, runDirectory);
        if (Files.exists(file)) {
            int read = tower.cache().load(file);
            console.printf("locked %s tower: %d cached rows read from %s%n", name.toUpperCase(java.util.Locale.ROOT),
                    read, file);
        }
        long before = tower.cache().embeddedRows();
        long started = System.nanoTime();
        ProgressBar bar = progressBar ? new ProgressBar("Locked " + name.toUpperCase(java.util.Locale.ROOT),
                items.length) : null;
        ParameterStore ps = new ParameterStore(manager, false);
        for (int start = 0; start < items.length; start += CHUNK) {
            int[] chunk = Arrays.copyOfRange(items, start, Math.min(items.length, start + CHUNK));
            try (NDManager scope = manager.newSubManager()) {
                tower.features(ps, input.everyFirstView(scope, chunk), true);
            }
            if (bar != null) {
                bar.update(start + chunk.length - 1);
            }
        }
        if (bar != null) {
            bar.end();
        }
        long embedded = tower.cache().embeddedRows() - before;
        console.printf("locked %s tower: %d rows embedded in %.1f s, %d cached%n",
                name.toUpperCase(java.util.Locale.ROOT), embedded, (System.nanoTime() - started) / 1e9,
                tower.cache().size());
        if (embedded > 0 || !Files.exists(file)) {
            tower.cache().save(file);
        }
    }

    /**
     * Embeds one more fixed input into a locked tower's cache, in one encoder call (the call a step
     * would make, so the rows are those the step would compute), and saves the cache if it grew.
     *
     * @param tower the locked tower
     * @param name {@code s} or {@code t}, for the file name and the messages
     * @param input the input, made in a scope of the long-lived manager; {@code null} for none
     * @param what what the rows are, for the message
     * @param runDirectory the run folder
     * @param console where the message goes
     * @param manager the long-lived manager
     * @throws IOException if the cache file cannot be written
     */
    static void warmRows(LockedTower tower, String name, Function<NDManager, NDList> input, String what,
            Path runDirectory, PrintStream console, NDManager manager) throws IOException {
        long before = tower.cache().embeddedRows();
        long started = System.nanoTime();
        try (NDManager scope = manager.newSubManager()) {
            NDList rows = input.apply(scope);
            if (rows == null) {
                return;
            }
            tower.features(new ParameterStore(manager, false), rows, true);
        }
        long embedded = tower.cache().embeddedRows() - before;
        if (embedded > 0) {
            console.printf("locked %s tower: %d %s embedded in %.1f s, %d cached%n",
                    name.toUpperCase(java.util.Locale.ROOT), embedded, what, (System.nanoTime() - started) / 1e9,
                    tower.cache().size());
            tower.cache().save(cacheFile(tower, name, runDirectory));
        }
    }

    /** Where a run keeps a locked tower's rows: {@code RUN/cache/<s|t>-<encoder SHA-256>.features}. */
    private static Path cacheFile(LockedTower tower, String name, Path runDirectory) {
        return runDirectory.resolve("cache").resolve(name + "-" + tower.encoderKey() + ".features");
    }
}
