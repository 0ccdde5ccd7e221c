package io.github.setclip.train;

import ai.djl.ndarray.NDArray;

/** Whether arrays hold only finite values: what a checkpoint worth keeping holds. */
final class Finite {

    private Finite() {}

    /**
     * Whether every value is finite; call inside a scope that owns the array (the test's
     * temporary arrays are created on its manager).
     */
    static boolean all(NDArray array) {
        return !array.isNaN().logicalOr(array.isInfinite()).any().getBoolean();
    }
}
