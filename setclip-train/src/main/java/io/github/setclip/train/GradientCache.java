package io.github.setclip.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import io.github.setclip.core.BatchDropout;
import io.github.setclip.core.DropoutMasks;
import io.github.setclip.core.TwoStreamModel;
import io.github.setclip.data.InvalidSettingException;
import java.util.ArrayList;
import java.util.List;

/**
 * Exact gradients for batches larger than the encoders' activations can hold (GradCache, Gao et al.
 * 2021, arXiv 2101.06983), and the same mechanism across devices.
 *
 * <p>A tower's input is cut into chunks of at most K rows. First every chunk is embedded without a
 * graph; the objective then runs on the whole batch of (detached) embeddings and gives {@code G =
 * dL/dE}; finally each chunk is embedded again, with a graph, and back-propagates {@code sum(E_c
 * * G_c)}, whose gradient with respect to the tower's parameters is exactly the chunk's share of
 * {@code dL/dθ}. Dropout ({@link BatchDropout}) sees the masks of the unchunked batch in both passes:
 * {@link DropoutMasks} draws each layer's mask for the whole batch in the first chunk, with the
 * draws the unchunked step would make, and hands every chunk its rows. What chunking still
 * changes is batch normalisation: a BatchNorm layer normalises each chunk by its own statistics
 * (ghost batch normalisation), so a tower with BatchNorm trains a slightly different model. Activation
 * memory is that of one chunk (plus one byte per dropout unit of the whole batch); the objective's
 * own memory is handled by its blocked path.
 *
 * <p>With several devices, chunk c runs on device {@code c mod D} (the parameter store mirrors the
 * parameters there), its embeddings are gathered to the first device for the objective, and its
 * slice of G is sent back; the mirrors' parameter gradients are then added into the main ones, and
 * after the optimiser step the mirrors take the new values ({@link #afterUpdate}). Unlike splitting
 * the batch per device and summing per-device losses, the objective (MMD and SDD are not sums over
 * rows) always sees the global batch.
 */
final class GradientCache {

    private final int chunkRows;
    private final List<Device> devices;

    /**
     * @param chunkRows K, rows per chunk (&gt;= 1)
     * @param devices where chunks run, the first also holding the objective; empty for the
     *     parameters' own device
     */
    GradientCache(int chunkRows, List<Device> devices) {
        if (chunkRows < 1) {
            throw new InvalidSettingException("microBatch", "must be >= 1 row, got " + chunkRows);
        }
        this.chunkRows = chunkRows;
        this.devices = List.copyOf(devices);
    }

    /**
     * Whether either tower has a batch-normalisation layer: chunking then changes the model (each
     * chunk normalised by its own statistics), not just the memory.
     */
    static boolean normalisesPerChunk(TwoStreamModel model) {
        return hasBatchNorm(model.sTower()) || hasBatchNorm(model.tTower());
    }

    private static boolean hasBatchNorm(Block block) {
        return block instanceof BatchNorm
                || block.getChildren().values().stream().anyMatch(GradientCache::hasBatchNorm);
    }

    /** Whether a batch of this many rows is cut at all. */
    boolean cuts(int rows) {
        return rows > chunkRows || devices.size() > 1;
    }

    /**
     * One tower's input to embed: which tower, the input rows, and the dropout masks its chunks
     * share (made by {@link #input}).
     */
    record TowerInput(boolean sTower, NDList input, DropoutMasks masks) {}

    /**
     * A tower input whose dropout masks live in {@code scope}.
     *
     * @param sTower whether the S tower embeds it
     * @param input the input rows
     * @param scope owns the masks (the step's scope)
     * @return the tower input
     */
    static TowerInput input(boolean sTower, NDList input, NDManager scope) {
        return new TowerInput(sTower, input, new DropoutMasks(scope, input.head().getShape().get(0)));
    }

    /**
     * The first pass: every chunk embedded without a graph, gathered.
     *
     * @param model the model
     * @param ps the parameter store
     * @param in the tower input
     * @param scope owns the result
     * @return (rows, d) embeddings, detached
     */
    NDArray embed(TwoStreamModel model, ParameterStore ps, TowerInput in, NDManager scope) {
        int rows = Math.toIntExact(in.input().head().getShape().get(0));
        NDList parts = new NDList();
        for (int c = 0, start = 0; start < rows; c++, start += chunkRows) {
            int end = Math.min(rows, start + chunkRows);
            // Each chunk's activations live in its own scope and are freed before the next chunk.
            try (NDManager chunkScope = scope.newSubManager();
                    DropoutMasks.Chunk masks = in.masks().chunk(start, end)) {
                NDList chunk = slice(in.input(), start, end, chunkScope);
                NDArray e = tower(model, ps, in.sTower(), onDevice(chunk, c)).stopGradient();
                NDArray gathered = gather(e);
                gathered.attach(scope);
                parts.add(gathered);
            }
        }
        NDArray all = parts.size() == 1 ? parts.head() : NDArrays.concat(parts);
        all.attach(scope);
        return all;
    }

    /**
     * The second pass: every chunk embedded again with a graph, back-propagating its slice of
     * the objective's gradient with respect to the embeddings.
     *
     * @param model the model
     * @param ps the parameter store
     * @param in the tower input, as in the first pass
     * @param gradient {@code dL/dE}, (rows, d), on the first device
     */
    void backward(TwoStreamModel model, ParameterStore ps, TowerInput in, NDArray gradient) {
        int rows = Math.toIntExact(in.input().head().getShape().get(0));
        for (int c = 0, start = 0; start < rows; c++, start += chunkRows) {
            int end = Math.min(rows, start + chunkRows);
            try (NDManager chunkScope = gradient.getManager().newSubManager();
                    DropoutMasks.Chunk masks = in.masks().chunk(start, end);
                    GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDList chunk = onDevice(slice(in.input(), start, end, chunkScope), c);
                NDArray e = tower(model, ps, in.sTower(), chunk);
                NDArray g = gradient.get("{}:{}", start, end);
                if (!devices.isEmpty()) {
                    g = g.toDevice(devices.get(c % devices.size()), false);
                }
                g.attach(chunkScope);
                FreedBufferProbe.backward(collector, e.mul(g).sum());
            }
        }
    }

    /**
     * Adds every mirror's parameter gradient into the main parameter's (several devices only).
     *
     * @param model the model
     * @param ps the parameter store holding the mirrors
     */
    void reduceGradients(TwoStreamModel model, ParameterStore ps) {
        if (devices.size() < 2) {
            return;
        }
        for (Parameter p : model.getParameters().values()) {
            if (!p.requiresGradient()) {
                continue;
            }
            NDArray main = p.getArray();
            for (Device d : devices) {
                if (d.equals(main.getDevice())) {
                    continue;
                }
                NDArray mirror = ps.getValue(p, d, true);
                NDArray g = mirror.getGradient();
                main.getGradient().addi(g.toDevice(main.getDevice(), false));
                g.subi(g);
            }
        }
    }

    /** After the optimiser step: the mirrors take the main parameters' new values. */
    void afterUpdate(ParameterStore ps) {
        if (devices.size() > 1) {
            ps.sync();
        }
    }

    private NDList onDevice(NDList chunk, int c) {
        if (devices.isEmpty()) {
            return chunk;
        }
        return chunk.toDevice(devices.get(c % devices.size()), false);
    }

    private NDArray gather(NDArray e) {
        if (devices.isEmpty() || e.getDevice().equals(devices.get(0))) {
            return e;
        }
        return e.toDevice(devices.get(0), false);
    }

    private static NDArray tower(TwoStreamModel model, ParameterStore ps, boolean s, NDList input) {
        return s ? model.embedS(ps, input, true) : model.embedT(ps, input, true);
    }

    /** Rows {@code start..end-1} of every array of an input, owned by {@code owner}. */
    private static NDList slice(NDList input, int start, int end, NDManager owner) {
        List<NDArray> out = new ArrayList<>(input.size());
        for (NDArray x : input) {
            NDArray rows = x.get("{}:{}", start, end);
            rows.attach(owner);
            out.add(rows);
        }
        return new NDList(out);
    }
}
