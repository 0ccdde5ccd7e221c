package io.github.setclip.losses;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.function.IntPredicate;

/**
 * The gradient of a loss with respect to a (rows, d) matrix, accumulated block by block in place.
 * Blocks whose gradient nobody needs (memory rows) are skipped and read as zeros.
 */
final class BlockGradients {

    private final RowBlocks blocks;
    private final NDArray[] gradients;
    private final NDManager owner;
    private final long width;
    private final DataType type;

    BlockGradients(
            RowBlocks blocks, long width, DataType type, NDManager owner, IntPredicate wanted) {
        this.blocks = blocks;
        this.owner = owner;
        this.width = width;
        this.type = type;
        this.gradients = new NDArray[blocks.count()];
        for (int k = 0; k < gradients.length; k++) {
            if (wanted.test(k)) {
                gradients[k] = owner.zeros(new Shape(blocks.size(k), width), type);
            }
        }
    }

    /** Whether the block's gradient is accumulated. */
    boolean wanted(int block) {
        return gradients[block] != null;
    }

    /** Adds a (block rows, d) contribution in place; ignored for a block that is not wanted. */
    void add(int block, NDArray contribution) {
        if (gradients[block] != null) {
            gradients[block].addi(contribution);
        }
    }

    /** The whole gradient, (rows, d), in the owner's manager. */
    NDArray toArray() {
        NDList parts = new NDList();
        for (int k = 0; k < gradients.length; k++) {
            parts.add(
                    gradients[k] != null
                            ? gradients[k]
                            : owner.zeros(new Shape(blocks.size(k), width), type));
        }
        return parts.size() == 1 ? parts.head() : NDArrays.concat(parts, 0);
    }
}
