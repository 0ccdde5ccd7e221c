package io.github.setclip.core;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The outputs of a locked encoder, remembered by input: each input row (a picture, a tokenised
 * caption) is keyed by the SHA-256 of its bytes, so a row the encoder has seen is never embedded
 * again, whatever batch or split it comes in. Rows are kept in memory and can be written to and
 * read from a file (the run folder keeps one per encoder, named by the encoder's SHA-256).
 *
 * <p>Only rows embedded with {@code store} are kept, up to a capacity: the warm-up over every
 * training item and evaluation's splits are finite, whereas an augmented second view is new at
 * every step.
 */
public final class LockedTowerCache {

    private static final int MAGIC = 0x53434c43; // "SCLC"

    /** Rows kept at most by default: about 300 MB of 384-wide features. */
    public static final int DEFAULT_CAPACITY = 200_000;

    private final Map<ByteBuffer, float[]> rows = new HashMap<>();
    private final int capacity;
    private int width = -1;
    private long embedded;
    private long hits;

    /** An empty cache of {@link #DEFAULT_CAPACITY} rows. */
    public LockedTowerCache() {
        this(DEFAULT_CAPACITY);
    }

    /**
     * An empty cache.
     *
     * @param capacity rows kept at most; once full, new rows are embedded and not kept (a
     *     long-lived {@code TrainedRun} embedding ever new pictures must not grow without bound)
     */
    public LockedTowerCache(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity must be >= 0 rows, got " + capacity);
        }
        this.capacity = capacity;
    }

    /**
     * The encoder's features for a batch of input rows, embedding only the rows not cached.
     *
     * @param inputs the encoder's inputs, each (B, ...) with rows along axis 0
     * @param store whether rows embedded now are kept
     * @param encoder the locked encoder: inputs to (rows, width) features
     * @return (B, width) features, owned by the inputs' manager
     */
    public synchronized NDArray features(NDList inputs, boolean store, Function<NDList, NDArray> encoder) {
        NDManager manager = inputs.head().getManager();
        int batch = Math.toIntExact(inputs.head().getShape().get(0));
        ByteBuffer[] keys = keys(inputs, batch);
        List<Integer> missing = new ArrayList<>();
        java.util.Set<ByteBuffer> seen = new java.util.HashSet<>();
        for (int i = 0; i < batch; i++) {
            if (!rows.containsKey(keys[i]) && seen.add(keys[i])) {
                missing.add(i); // the first row of each distinct input not cached
            }
        }
        Map<ByteBuffer, float[]> fresh = new HashMap<>();
        if (!missing.isEmpty()) {
            NDList subset = missing.size() == batch ? inputs : rowsOf(inputs, missing);
            NDArray computed = encoder.apply(subset);
            float[] values = computed.toFloatArray();
            int w = Math.toIntExact(computed.getShape().get(1));
            if (width >= 0 && w != width) {
                throw new IllegalStateException("the encoder's width changed from " + width + " to " + w);
            }
            width = w;
            for (int m = 0; m < missing.size(); m++) {
                float[] row = new float[w];
                System.arraycopy(values, m * w, row, 0, w);
                fresh.put(keys[missing.get(m)], row);
            }
            embedded += missing.size();
        }
        hits += batch - missing.size();
        float[] out = new float[batch * width];
        for (int i = 0; i < batch; i++) {
            float[] row = rows.containsKey(keys[i]) ? rows.get(keys[i]) : fresh.get(keys[i]);
            System.arraycopy(row, 0, out, i * width, width);
        }
        if (store) {
            for (Map.Entry<ByteBuffer, float[]> e : fresh.entrySet()) {
                if (rows.size() >= capacity) {
                    break;
                }
                rows.put(e.getKey(), e.getValue());
            }
        }
        return manager.create(out, new Shape(batch, width));
    }

    /** Rows the encoder has embedded through this cache (a row seen again counts once if stored). */
    public synchronized long embeddedRows() {
        return embedded;
    }

    /** Rows answered from the cache. */
    public synchronized long hits() {
        return hits;
    }

    /** Rows held. */
    public synchronized int size() {
        return rows.size();
    }

    /**
     * Writes the rows to a file, atomically.
     *
     * @param file the destination
     * @throws IOException if it cannot be written
     */
    public synchronized void save(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path temp = Files.createTempFile(parent, file.getFileName().toString(), ".tmp");
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(temp)))) {
            out.writeInt(MAGIC);
            out.writeInt(width);
            out.writeInt(rows.size());
            for (Map.Entry<ByteBuffer, float[]> e : rows.entrySet()) {
                out.write(e.getKey().array());
                for (float v : e.getValue()) {
                    out.writeFloat(v);
                }
            }
        }
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Adds the rows of a file written by {@link #save}.
     *
     * @param file the file
     * @return how many rows it held
     * @throws IOException if it cannot be read or is not a cache file of this width
     */
    public synchronized int load(Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            if (in.readInt() != MAGIC) {
                throw new IOException(file + " is not a locked tower's cache");
            }
            int w = in.readInt();
            int count = in.readInt();
            if (count > 0 && width >= 0 && w != width) {
                throw new IOException(file + " holds features of width " + w + ", the encoder's are " + width);
            }
            for (int i = 0; i < count; i++) {
                byte[] key = new byte[32];
                in.readFully(key);
                float[] row = new float[w];
                for (int j = 0; j < w; j++) {
                    row[j] = in.readFloat();
                }
                rows.put(ByteBuffer.wrap(key), row);
            }
            if (count > 0) {
                width = w;
            }
            return count;
        } catch (EOFException e) {
            throw new IOException(file + " is cut short", e);
        }
    }

    /** The SHA-256 of each row's bytes over every input array. */
    private static ByteBuffer[] keys(NDList inputs, int batch) {
        MessageDigest[] digests = new MessageDigest[batch];
        for (int i = 0; i < batch; i++) {
            digests[i] = sha256();
        }
        for (NDArray array : inputs) {
            byte[] bytes = array.toByteArray();
            int rowBytes = bytes.length / batch;
            byte[] shape = array.getShape().slice(1).toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
            for (int i = 0; i < batch; i++) {
                digests[i].update(shape);
                digests[i].update(bytes, i * rowBytes, rowBytes);
            }
        }
        ByteBuffer[] keys = new ByteBuffer[batch];
        for (int i = 0; i < batch; i++) {
            keys[i] = ByteBuffer.wrap(digests[i].digest());
        }
        return keys;
    }

    private static NDList rowsOf(NDList inputs, List<Integer> rows) {
        NDList subset = new NDList(inputs.size());
        for (NDArray array : inputs) {
            NDList picked = new NDList(rows.size());
            for (int row : rows) {
                picked.add(array.get(row).expandDims(0));
            }
            subset.add(NDArrays.concat(picked));
        }
        return subset;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
