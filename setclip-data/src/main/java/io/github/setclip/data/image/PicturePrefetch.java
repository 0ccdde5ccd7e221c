package io.github.setclip.data.image;

import ai.djl.modality.cv.Image;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Decodes the pictures of the next batch on one background thread while the current batch trains,
 * so that a step does not wait for the disk and the image decoder. It holds the pictures of the
 * last {@code batches} requests only (two by default: the batch training now and the next one),
 * never a dataset's worth. Decoding is deterministic, so a prefetched picture is the very picture
 * {@link PictureLoader} would decode on the spot; files never requested are decoded on the spot.
 *
 * <p>Thread safety: {@link #request} and {@link #take} are meant for the one training thread;
 * only the decoding runs elsewhere.
 */
public final class PicturePrefetch implements AutoCloseable {

    /** Started by the first request after construction or {@link #close}. */
    private ExecutorService decoder;
    private final Map<Path, Future<Image>> held = new LinkedHashMap<>();
    private final Deque<List<Path>> requests = new ArrayDeque<>();
    private final int batches;

    /** A prefetch holding the pictures of the last two requests. */
    public PicturePrefetch() {
        this(2);
    }

    /**
     * @param batches how many of the latest requests' pictures to hold, &gt;= 1
     */
    public PicturePrefetch(int batches) {
        if (batches < 1) {
            throw new IllegalArgumentException("batches must be >= 1, got " + batches);
        }
        this.batches = batches;
    }

    /**
     * Starts decoding these files (those not held already) and lets go of the pictures no longer
     * among the latest requests.
     *
     * @param files the pictures of a coming batch
     */
    public void request(List<Path> files) {
        requests.addLast(List.copyOf(files));
        while (requests.size() > batches) {
            requests.removeFirst();
        }
        Set<Path> wanted = new HashSet<>();
        requests.forEach(wanted::addAll);
        held.entrySet().removeIf(e -> {
            if (!wanted.contains(e.getKey())) {
                e.getValue().cancel(false);
                return true;
            }
            return false;
        });
        if (decoder == null) {
            decoder = Executors.newSingleThreadExecutor(task -> {
                Thread thread = new Thread(task, "setclip-picture-prefetch");
                thread.setDaemon(true);
                return thread;
            });
        }
        for (Path file : files) {
            held.computeIfAbsent(file, f -> decoder.submit(() -> PictureLoader.decode(f)));
        }
    }

    /**
     * A file's picture: the prefetched one (waiting for it if it is still decoding), else decoded
     * now.
     *
     * @param file the picture file
     * @return its picture
     * @throws UncheckedIOException naming the file that cannot be read or decoded
     */
    public Image take(Path file) {
        Future<Image> pending = held.get(file);
        if (pending == null || pending.isCancelled()) {
            return PictureLoader.decode(file);
        }
        try {
            return pending.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return PictureLoader.decode(file);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UncheckedIOException unreadable) {
                throw unreadable;
            }
            throw new IllegalStateException("decoding " + file + " failed: " + e.getCause(), e.getCause());
        }
    }

    /** How many pictures are held or decoding. */
    public int held() {
        return held.size();
    }

    /** Stops the decoding thread and lets go of every picture; a later request starts a new one. */
    @Override
    public void close() {
        if (decoder != null) {
            decoder.shutdownNow();
            decoder = null;
        }
        held.clear();
        requests.clear();
    }
}
