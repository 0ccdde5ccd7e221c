package io.github.setclip.core;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.norm.Dropout;
import java.util.ArrayList;
import java.util.List;

/**
 * The dropout masks of one tower input embedded in row chunks, so that chunking does not change
 * them. A {@link BatchDropout} inside a chunk's forward pass asks for its mask here: the first
 * chunk draws each layer's mask for the whole batch, in the order the layers run, with the very
 * draws DJL's dropout would make on the whole batch (the engine's generator, the whole batch's
 * shape); every chunk then takes its rows. A batch embedded in chunks of any size, and embedded
 * again for the backward pass, so sees the masks of the unchunked batch.
 *
 * <p>Memory: one byte per element of every dropout layer's whole-batch input (masks are kept as
 * booleans), owned by the manager given; far less than the activations chunking avoids keeping.
 */
public final class DropoutMasks {

    private static final ThreadLocal<Chunk> CURRENT = new ThreadLocal<>();

    private final NDManager manager;
    private final long rows;
    private final List<Layer> layers = new ArrayList<>();

    /**
     * One layer's whole-batch mask: where units are kept, the kept units' factor 1 / (1 - rate) as
     * the engine computed it (0-d), and the rate it was drawn at.
     */
    private record Layer(NDArray keep, NDArray scale, float rate) {}

    /**
     * @param manager owns the masks (e.g. the training step's scope)
     * @param rows the whole batch's rows, B
     */
    public DropoutMasks(NDManager manager, long rows) {
        this.manager = manager;
        this.rows = rows;
    }

    /**
     * Opens the forward pass of rows {@code start..end-1}: until the returned chunk is closed,
     * every {@link BatchDropout} on this thread uses these masks.
     *
     * @param start the chunk's first row
     * @param end one past its last row
     * @return the open chunk
     */
    public Chunk chunk(long start, long end) {
        if (start < 0 || end > rows || start >= end) {
            throw new IllegalArgumentException("chunk " + start + ".." + end + " outside 0.." + rows);
        }
        if (CURRENT.get() != null) {
            throw new IllegalStateException("a chunk is already open on this thread");
        }
        Chunk chunk = new Chunk(start, end);
        CURRENT.set(chunk);
        return chunk;
    }

    /** The chunk open on this thread, or null outside chunked forward passes. */
    static Chunk current() {
        return CURRENT.get();
    }

    /** A chunk's forward pass; closing it ends the pass. */
    public final class Chunk implements AutoCloseable {

        private final long start;
        private final long end;
        private int calls;

        private Chunk(long start, long end) {
            this.start = start;
            this.end = end;
        }

        /**
         * Applies the next dropout layer's mask to the chunk's rows of its input.
         *
         * @param x the layer's input, (end - start, ...)
         * @param rate the layer's dropout rate
         * @return x with dropped units zeroed and kept ones scaled by 1 / (1 - rate)
         */
        NDArray apply(NDArray x, float rate) {
            if (x.getShape().get(0) != end - start) {
                throw new IllegalStateException("dropout input has " + x.getShape().get(0)
                        + " rows in a chunk of " + (end - start));
            }
            int index = calls++;
            if (index == layers.size()) {
                if (start != 0) {
                    throw new IllegalStateException("dropout layer " + index + " first ran in a chunk starting at row "
                            + start + "; every layer must run in the first chunk");
                }
                layers.add(draw(x, rate));
            }
            Layer layer = layers.get(index);
            if (layer.rate() != rate) {
                throw new IllegalStateException("dropout layer " + index + " ran at rate " + rate
                        + ", its mask was drawn at " + layer.rate());
            }
            NDArray keep = layer.keep().get("{}:{}", start, end).toDevice(x.getDevice(), false);
            NDArray noise = keep.toType(x.getDataType(), false).mul(layer.scale().toDevice(x.getDevice(), false));
            return x.mul(noise);
        }

        private Layer draw(NDArray x, float rate) {
            Shape whole = new Shape(rows).addAll(x.getShape().slice(1));
            NDArray ones = manager.ones(whole, x.getDataType(), x.getDevice());
            NDArray noise = Dropout.dropout(ones, rate, true).singletonOrThrow();
            NDArray keep = noise.gt(0);
            NDArray scale = noise.max();
            keep.attach(manager);
            scale.attach(manager);
            return new Layer(keep, scale, rate);
        }

        @Override
        public void close() {
            CURRENT.remove();
        }
    }
}
