package io.github.setclip.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import io.github.setclip.train.session.CheckpointState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A first-in first-out queue of the last Q detached embeddings of each modality (MoCo-style): MMD
 * and SDD compare the batch plus these rows, so their distribution estimate rests on far more than
 * the batch's N rows, while gradient reaches only the batch. After every step the batch's rows (all
 * N of each modality, first views) go in and the oldest fall out. The queue is saved in every
 * checkpoint ({@code queue.ndlist}), so a resumed run sees the same queue as an uninterrupted one.
 */
final class EmbeddingQueue implements CheckpointState {

    private static final String FILE = "queue.ndlist";

    private final int capacity;
    private final NDManager manager;
    private NDArray s;
    private NDArray t;

    /**
     * An empty queue.
     *
     * @param capacity Q, rows kept per modality
     * @param manager the long-lived manager that owns the rows
     */
    EmbeddingQueue(int capacity, NDManager manager) {
        this.capacity = capacity;
        this.manager = manager;
    }

    /** Rows held per modality (at most Q). */
    int size() {
        return s == null ? 0 : Math.toIntExact(s.getShape().get(0));
    }

    /** The S rows, (size, d), or {@code null} while empty. */
    NDArray s() {
        return s;
    }

    /** The T rows, (size, d), or {@code null} while empty. */
    NDArray t() {
        return t;
    }

    /**
     * Appends a batch's rows, dropping the oldest beyond Q.
     *
     * @param sRows (N, d) S embeddings of this step (detached copies are kept)
     * @param tRows (N, d) T embeddings of this step
     */
    void push(NDArray sRows, NDArray tRows) {
        s = append(s, sRows);
        t = append(t, tRows);
    }

    private NDArray append(NDArray held, NDArray rows) {
        NDArray fresh = rows.stopGradient();
        NDArray joined = held == null ? fresh : held.concat(fresh, 0);
        long n = joined.getShape().get(0);
        NDArray kept = (n > capacity ? joined.get("{}:", n - capacity) : joined).duplicate();
        kept.attach(manager);
        if (held != null) {
            held.close();
        }
        return kept;
    }

    @Override
    public void save(Path checkpoint) throws IOException {
        if (s == null) {
            return;
        }
        Files.write(checkpoint.resolve(FILE), new NDList(s, t).encode());
    }

    @Override
    public void restore(Path checkpoint, NDManager into) throws IOException {
        Path file = checkpoint.resolve(FILE);
        if (s != null) {
            s.close();
            t.close();
            s = null;
            t = null;
        }
        if (!Files.exists(file)) {
            return;
        }
        NDList rows = NDList.decode(manager, Files.readAllBytes(file));
        if (rows.size() != 2) {
            throw new IOException(file + ": expected the S and T queues, found " + rows.size() + " arrays");
        }
        s = rows.get(0);
        t = rows.get(1);
    }
}
