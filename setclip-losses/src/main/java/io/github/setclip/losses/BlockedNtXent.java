package io.github.setclip.losses;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;

/**
 * NT-Xent's log-sum-exp part computed tile by tile: {@code mean_a ln sum_{b != a} exp(<z_a,
 * z_b>/tau)} over the 2n joint embeddings, with its gradient in closed form.
 *
 * <p>Pass 1 folds each tile of similarities (unordered pairs of blocks; the self-similarity masked
 * on the diagonal tiles) into a running log-sum-exp per row, both directions, shifted by the bound
 * {@code max ||x||^2 / tau} of every similarity so both directions share one {@code exp} (exactly,
 * with a running maximum, if a sum underflowed). Pass 2 forms the softmax {@code P_ab =
 * exp(sim_ab - lse_a) / 2n} for both orders of each pair and adds {@code (W X_J) / tau} and
 * {@code (W^T X_I) / tau} to the rows' gradient, with {@code W = P + P^T}.
 */
final class BlockedNtXent {

    /** Added to the self-similarity so that it drops out of the log-sum-exp. */
    private static final double SELF_MASK = -1e9;

    private BlockedNtXent() {}

    /**
     * The detached outcome.
     *
     * @param meanLogSumExp the mean over the 2n anchors of their log-sum-exp, a scalar
     * @param gradient its gradient with respect to the joint rows (2n, d), or null
     */
    record Result(NDArray meanLogSumExp, NDArray gradient) {}

    /**
     * @param joint the views then their positives, (2n, d), detached
     * @param temperature tau
     * @param blockSize B
     * @param gradient whether to compute the gradient
     */
    static Result compute(NDArray joint, double temperature, int blockSize, boolean gradient) {
        long rows = joint.getShape().get(0);
        RowBlocks blocks = RowBlocks.of(new long[] {0, rows}, blockSize);
        NDManager owner = joint.getManager();
        NDArray[] x = blocks.slices(joint);
        NDArray[] scaled = blocks.slices(joint.mul(1 / temperature));
        NDArray[] transposed = new NDArray[x.length];
        for (int k = 0; k < x.length; k++) {
            transposed[k] = x[k].transpose();
        }
        int count = blocks.count();
        // <a, b>/tau <= max ||x||^2 / tau bounds every similarity; redo exactly on underflow.
        NDArray bound = joint.mul(joint).sum(new int[] {1}).max().muli(1 / temperature);
        RunningLogSumExp[] running = logSumExps(scaled, transposed, bound, false);
        if (RunningLogSumExp.underflowed(running)) {
            running = logSumExps(scaled, transposed, bound, true);
        }
        NDList parts = new NDList();
        for (RunningLogSumExp r : running) {
            parts.add(r.result());
        }
        NDArray lse = parts.size() == 1 ? parts.head() : NDArrays.concat(parts, 0);
        NDArray mean = lse.mean();
        if (!gradient) {
            return new Result(mean, null);
        }
        NDArray[] lseColumns = new NDArray[count];
        NDArray[] lseRows = new NDArray[count];
        for (int k = 0; k < count; k++) {
            lseColumns[k] = blocks.slice(lse, k).reshape(-1, 1);
            lseRows[k] = lseColumns[k].reshape(1, -1);
        }
        BlockGradients gradients =
                new BlockGradients(
                        blocks, joint.getShape().get(1), joint.getDataType(), owner, k -> true);
        for (int i = 0; i < count; i++) {
            for (int j = i; j < count; j++) {
                try (NDManager tile = owner.newSubManager()) {
                    NDArray similarities = similarities(scaled, transposed, i, j, tile);
                    // P (rows I) plus the transposed softmax of rows J; on a diagonal tile the
                    // two are P and P^T.
                    NDArray weights = similarities.sub(lseColumns[i]).exp();
                    weights.addi(similarities.subi(lseRows[j]).exp());
                    gradients.add(i, weights.matMul(x[j]));
                    if (i != j) {
                        gradients.add(j, weights.transpose().matMul(x[i]));
                    }
                }
            }
        }
        return new Result(mean, gradients.toArray().muli(1 / (rows * temperature)));
    }

    /** Pass 1: a running log-sum-exp per block, shifted by the bound or exact. */
    private static RunningLogSumExp[] logSumExps(
            NDArray[] scaled, NDArray[] transposed, NDArray bound, boolean exact) {
        int count = scaled.length;
        NDManager owner = bound.getManager();
        RunningLogSumExp[] running = new RunningLogSumExp[count];
        for (int k = 0; k < count; k++) {
            running[k] =
                    exact ? RunningLogSumExp.exact(owner) : RunningLogSumExp.shifted(owner, bound);
        }
        for (int i = 0; i < count; i++) {
            for (int j = i; j < count; j++) {
                try (NDManager tile = owner.newSubManager()) {
                    NDArray similarities = similarities(scaled, transposed, i, j, tile);
                    if (exact) {
                        running[i].add(similarities, 1, i == j);
                        if (i != j) {
                            running[j].add(similarities, 0, true);
                        }
                    } else {
                        NDArray exponentials = similarities.subi(bound).exp();
                        running[i].addExponentials(exponentials, 1);
                        if (i != j) {
                            running[j].addExponentials(exponentials, 0);
                        }
                    }
                }
            }
        }
        return running;
    }

    /** {@code <z_a, z_b> / tau} for a in block I, b in block J; self-similarities masked. */
    private static NDArray similarities(
            NDArray[] scaled, NDArray[] transposed, int i, int j, NDManager tile) {
        NDArray similarities = scaled[i].matMul(transposed[j]);
        similarities.attach(tile);
        if (i == j) {
            int size = Math.toIntExact(similarities.getShape().get(0));
            similarities.addi(
                    tile.eye(size).toType(similarities.getDataType(), false).muli(SELF_MASK));
        }
        return similarities;
    }
}
