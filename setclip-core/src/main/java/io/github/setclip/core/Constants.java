package io.github.setclip.core;

import ai.djl.ndarray.NDArray;

/**
 * Constants for differentiable arithmetic. DJL's {@code mul(Number)} and siblings wrap the number
 * in a temporary array that is freed at the next garbage collection although PyTorch keeps it for
 * the backward pass; a constant made here stays attached to the input's manager instead.
 */
public final class Constants {

    private Constants() {}

    /**
     * A 0-d array holding {@code value} in the data type and on the device of {@code like}.
     *
     * @param like the array whose manager, device and data type to use
     * @param value the value
     * @return the constant
     */
    public static NDArray like(NDArray like, double value) {
        return like.getManager().create((float) value).toType(like.getDataType(), false);
    }
}
