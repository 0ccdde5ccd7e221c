package io.github.setclip.losses;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * {@code ln sum_j exp(e_ij)} for the rows i of one block, accumulated over tiles of exponents
 * without ever holding a whole row: a running maximum and a running sum of {@code exp(e - max)},
 * rescaled whenever the maximum grows. Detached; its state lives in the owner's manager and each
 * tile's temporaries in the tile's.
 */
final class RunningLogSumExp {

    private final NDManager owner;
    private NDArray max;
    private NDArray sum;

    RunningLogSumExp(NDManager owner) {
        this.owner = owner;
    }

    /**
     * Folds in one tile of exponents.
     *
     * @param exponents the tile, in a tile manager; this block's rows run along axis 0 when
     *     {@code axis} is 1, along axis 1 when {@code axis} is 0
     * @param axis the axis to reduce: 1 for a tile whose rows are this block's, 0 for one whose
     *     columns are
     * @param overwrite whether the tile may be overwritten (saves one tile-sized allocation)
     */
    void add(NDArray exponents, int axis, boolean overwrite) {
        int[] axes = {axis};
        NDArray tileMax = exponents.max(axes);
        NDArray newMax = max == null ? tileMax : tileMax.maximum(max);
        NDArray shift = axis == 1 ? newMax.reshape(-1, 1) : newMax.reshape(1, -1);
        NDArray shifted = overwrite ? exponents.subi(shift) : exponents.sub(shift);
        NDArray newSum = shifted.exp().sum(axes);
        if (sum != null) {
            newSum.addi(newMax.sub(max).negi().exp().muli(sum));
        }
        newMax.attach(owner);
        newSum.attach(owner);
        if (max != null) {
            max.close();
            sum.close();
        }
        max = newMax;
        sum = newSum;
    }

    /** {@code ln sum exp} of every row folded in so far, shape (rows), in the owner's manager. */
    NDArray result() {
        return sum.log().addi(max);
    }
}
