package io.github.setclip.losses;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

/**
 * The squared distances of {@code [S; T]} served tile by tile, for the blocked MMD and SDD.
 *
 * <p>The joint rows are cut into blocks that respect the halves (S, T) and, within each half, the
 * batch rows and the memory rows, so every tile lies in one (half, half) quadrant. A tile is
 * {@code -2 X_I X_J^T + ||x_i||^2 + ||x_j||^2}, clamped at 0 against rounding as in the whole
 * matrix (which also lets the SDD terms bound every exponent by 0). Everything is detached; terms
 * attach their closed-form gradient to the differentiable rows through {@link LinearSurrogate}.
 *
 * <p>Only unordered pairs of blocks are visited ({@code I <= J}): distances are symmetric, so a
 * term's derivative with respect to a tile covers both orders of every pair it holds.
 */
final class DistanceTiles {

    private final RowBlocks blocks;
    private final NDArray[] rows;
    private final NDArray[] rowsTransposed;
    private final NDArray[] scaledRows;
    private final NDArray[] norms;
    private final NDArray[] normsTransposed;
    private final int rowsPerModality;
    private final int blockSize;
    private final NDManager manager;
    private final NDArray joint;

    /**
     * @param s the rows of S (batch rows, then memory rows), (N', d); may carry a gradient
     * @param t the rows of T, (N', d)
     * @param batchRows N, the batch rows at the top of each modality
     * @param blockSize B
     */
    DistanceTiles(NDArray s, NDArray t, long batchRows, int blockSize) {
        long n = s.getShape().get(0);
        this.rowsPerModality = Math.toIntExact(n);
        this.blockSize = blockSize;
        this.blocks = RowBlocks.of(new long[] {0, batchRows, n, n + batchRows, 2 * n}, blockSize);
        NDArray joint = s.stopGradient().concat(t.stopGradient(), 0);
        this.manager = joint.getManager();
        this.joint = joint;
        NDArray squaredNorms = joint.square().sum(new int[] {1}, true);
        this.rows = blocks.slices(joint);
        this.scaledRows = blocks.slices(joint.mul(-2));
        this.norms = blocks.slices(squaredNorms);
        this.rowsTransposed = new NDArray[rows.length];
        this.normsTransposed = new NDArray[rows.length];
        for (int k = 0; k < rows.length; k++) {
            rowsTransposed[k] = rows[k].transpose();
            normsTransposed[k] = norms[k].transpose();
        }
    }

    int blockSize() {
        return blockSize;
    }

    RowBlocks blocks() {
        return blocks;
    }

    /** N', the rows of each modality (batch and memory). */
    int rowsPerModality() {
        return rowsPerModality;
    }

    /** The manager holding the detached rows; tile managers are opened under it. */
    NDManager manager() {
        return manager;
    }

    /** 0 for a block of S, 1 for a block of T. */
    int half(int block) {
        return blocks.segment(block) / 2;
    }

    /** Whether the block holds batch rows (true) or memory rows (false, no gradient). */
    boolean isBatch(int block) {
        return blocks.segment(block) % 2 == 0;
    }

    /** The detached rows of one block, (b, d). */
    NDArray rows(int block) {
        return rows[block];
    }

    /**
     * The mean squared distance over the {@code M(M-1)} ordered pairs of distinct joint rows
     * without any tile: {@code sum_ij ||x_i - x_j||^2 = 2 M sum_i ||x_i - mean||^2}, so the mean is
     * {@code 2 sum_i ||x_i - mean||^2 / (M - 1)}. A float64 scalar, detached.
     */
    NDArray meanSquaredDistance() {
        long count = joint.getShape().get(0);
        NDArray centred = joint.toType(DataType.FLOAT64, false);
        centred = centred.sub(centred.mean(new int[] {0}, true));
        return centred.square().sum().muli(2.0 / (count - 1));
    }

    /** A fresh gradient accumulator over the joint rows, skipping the memory blocks. */
    BlockGradients newGradients() {
        return new BlockGradients(
                blocks, rows[0].getShape().get(1), rows[0].getDataType(), manager, this::isBatch);
    }

    /**
     * The tile of squared distances between blocks I and J, (b_I, b_J), clamped at 0, owned by
     * {@code tile}.
     */
    NDArray squaredDistances(int blockI, int blockJ, NDManager tile) {
        NDArray products = scaledRows[blockI].matMul(rowsTransposed[blockJ]);
        products.attach(tile);
        return products.addi(norms[blockI]).addi(normsTransposed[blockJ]).clip(0, Float.MAX_VALUE);
    }

    /**
     * Adds a tile's share of the gradient with respect to the rows: with {@code W_ij} the
     * derivative of the loss with respect to the distance of the unordered pair (i, j) (for a
     * tile on the diagonal, {@code W = A + A^T} of the ordered derivatives), {@code G_i += 2
     * sum_j W_ij (x_i - x_j)} and {@code G_j += 2 sum_i W_ij (x_j - x_i)}.
     */
    void addGradient(BlockGradients gradients, NDArray weights, int blockI, int blockJ) {
        if (gradients.wanted(blockI)) {
            NDArray pulled = weights.matMul(rows[blockJ]);
            NDArray rowSums = weights.sum(new int[] {1}, true);
            gradients.add(blockI, rowSums.mul(rows[blockI]).subi(pulled).muli(2));
        }
        if (blockI != blockJ && gradients.wanted(blockJ)) {
            NDArray pulled = weights.transpose().matMul(rows[blockI]);
            NDArray columnSums = weights.sum(new int[] {0}, true).transpose();
            gradients.add(blockJ, columnSums.mul(rows[blockJ]).subi(pulled).muli(2));
        }
    }
}
