package io.github.setclip.core;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Dropout whose mask does not depend on how a batch is cut into chunks: DJL's dropout, except
 * inside a chunked forward pass ({@link DropoutMasks#chunk}), where each chunk takes its rows of
 * the mask drawn for the whole batch. Outside training it is the identity.
 */
public final class BatchDropout extends AbstractBlock {

    /** DJL's {@code Dropout} version: parameter files stay byte for byte those of DJL's block. */
    private static final byte VERSION = 2;

    private final float rate;

    /**
     * @param rate the fraction of units dropped in training, in [0, 1)
     */
    public BatchDropout(float rate) {
        super(VERSION);
        if (!(rate >= 0 && rate < 1)) {
            throw new IllegalArgumentException("dropout rate must be in [0, 1), got " + rate);
        }
        this.rate = rate;
    }

    /**
     * Applies the dropout to one array (what {@link #forward} does to its single input).
     *
     * @param x the input
     * @param training whether units are dropped
     * @return the output, of x's shape
     */
    public NDArray apply(NDArray x, boolean training) {
        if (!training || rate == 0) {
            return x;
        }
        DropoutMasks.Chunk chunk = DropoutMasks.current();
        return chunk == null ? Dropout.dropout(x, rate, true).singletonOrThrow() : chunk.apply(x, rate);
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        return new NDList(apply(inputs.singletonOrThrow(), training));
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }
}
