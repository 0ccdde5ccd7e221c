package io.github.setclip.losses;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

/**
 * {@code ln sum_j exp(e_ij)} for the rows i of one block, accumulated over tiles of exponents
 * without ever holding a whole row. Detached; its state lives in the owner's manager and each
 * tile's temporaries in the tile's.
 *
 * <p>Two ways to keep {@code exp} in range:
 *
 * <ul>
 *   <li>{@link #shifted}: a fixed shift known before the pass, an upper bound of every exponent
 *       (0 for minus a distance), so {@code exp(e - shift) <= 1} never overflows and a tile is
 *       one {@code exp} and one sum. Two directions of a tile with the same shift can share the
 *       {@code exp}. When the bound is far above a row's true maximum the sum underflows:
 *       {@link #underflowed} tells, and the caller then redoes the pass exactly;
 *   <li>{@link #exact}: a running maximum, rescaling the sum whenever it grows. Always accurate;
 *       the maximum costs a reduction per tile, and a slow strided one along columns.
 * </ul>
 */
final class RunningLogSumExp {

    /** Below this, a shifted sum may have lost its largest terms to underflow (float32). */
    private static final double FLOAT32_TINY = 1e-30;

    /** The same for float64. */
    private static final double FLOAT64_TINY = 1e-290;

    private final NDManager owner;
    private final NDArray fixedShift;
    private final boolean exact;
    private NDArray max;
    private NDArray sum;

    private RunningLogSumExp(NDManager owner, NDArray fixedShift, boolean exact) {
        this.owner = owner;
        this.fixedShift = fixedShift;
        this.exact = exact;
    }

    /**
     * A sum shifted by a fixed upper bound of the exponents.
     *
     * @param shift a scalar, or {@code null} for 0
     */
    static RunningLogSumExp shifted(NDManager owner, NDArray shift) {
        return new RunningLogSumExp(owner, shift, false);
    }

    /** A sum shifted by the running maximum. */
    static RunningLogSumExp exact(NDManager owner) {
        return new RunningLogSumExp(owner, null, true);
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
        if (exact) {
            addExact(exponents, axis, overwrite);
        } else {
            NDArray shifted =
                    fixedShift == null
                            ? exponents
                            : overwrite ? exponents.subi(fixedShift) : exponents.sub(fixedShift);
            addExponentials(shifted.exp(), axis);
        }
    }

    /**
     * Folds in a tile already exponentiated with this sum's fixed shift, {@code exp(e - shift)},
     * so that two directions of one tile can share the {@code exp}. Only for {@link #shifted}.
     */
    void addExponentials(NDArray exponentials, int axis) {
        NDArray tileSum = exponentials.sum(new int[] {axis});
        if (sum == null) {
            tileSum.attach(owner);
            sum = tileSum;
        } else {
            sum.addi(tileSum);
        }
    }

    private void addExact(NDArray exponents, int axis, boolean overwrite) {
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

    /**
     * Whether some row's shifted sum is so small that underflow may have cost accuracy (one read
     * from the device for all of them).
     */
    static boolean underflowed(RunningLogSumExp[]... groups) {
        NDList sums = new NDList();
        for (RunningLogSumExp[] group : groups) {
            for (RunningLogSumExp running : group) {
                if (running != null && !running.exact) {
                    sums.add(running.sum);
                }
            }
        }
        if (sums.isEmpty()) {
            return false;
        }
        NDArray first = sums.head();
        double tiny = first.getDataType() == DataType.FLOAT64 ? FLOAT64_TINY : FLOAT32_TINY;
        try (NDManager check = first.getManager().newSubManager()) {
            NDArray joined = sums.size() == 1 ? first.duplicate() : NDArrays.concat(sums, 0);
            joined.attach(check);
            return joined.min().toType(DataType.FLOAT64, false).getDouble() < tiny;
        }
    }

    /** {@code ln sum exp} of every row folded in so far, shape (rows), in the owner's manager. */
    NDArray result() {
        NDArray log = sum.log();
        if (exact) {
            return log.addi(max);
        }
        return fixedShift == null ? log : log.addi(fixedShift);
    }
}
