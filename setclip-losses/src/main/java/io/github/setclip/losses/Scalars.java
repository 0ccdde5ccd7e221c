package io.github.setclip.losses;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/**
 * Arithmetic between differentiable arrays and Java numbers, done safely.
 *
 * <p>Two DJL 0.36 behaviours on PyTorch make {@code x.mul(2.0)} unsafe inside a loss:
 *
 * <ul>
 *   <li>{@code mul/div/pow/maximum/minimum(Number)} wrap the number in a temporary array created
 *       over a Java direct buffer and close it at once. PyTorch saves that array for the backward
 *       pass of {@code x}, so once the garbage collector frees the buffer, the backward pass reads
 *       freed memory: gradients become silently wrong or NaN, depending on GC timing.
 *   <li>The number becomes a float64 array, which promotes a float32 0-d {@code x} to float64; a
 *       cast back with {@code toType} detaches the result from the autograd graph.
 * </ul>
 *
 * <p>So every loss multiplies by constants made here, in the data type of {@code x} and attached
 * to its manager, which keeps them alive until the step's arrays are closed. ({@code add/sub}
 * with numbers and {@code clip} are safe: their backward needs no value of the number, or the
 * bounds stay attached.)
 */
final class Scalars {

    private Scalars() {}

    /** {@code x * factor} in the data type of {@code x}, differentiable in {@code x}. */
    static NDArray times(NDArray x, double factor) {
        return x.mul(constant(x, factor));
    }

    /** A 0-d constant of the data type of {@code like}, on its device. */
    static NDArray constant(NDArray like, double value) {
        return like.getDataType() == DataType.FLOAT64
                ? like.getManager().create(value)
                : like.getManager().create((float) value).toType(like.getDataType(), false);
    }

    /** Requires {@code x} to have the given data type: a cast would cut it from the graph. */
    static void requireType(String name, NDArray x, DataType type) {
        if (x.getDataType() != type) {
            throw new IllegalArgumentException(
                    name + " is " + x.getDataType() + " but the embeddings are " + type
                            + ": initialise the objective (or its model) in the embeddings' data"
                            + " type");
        }
    }
}
