package io.github.setclip.losses;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * CL's log-sum-exp part computed tile by tile: {@code 1/2 sum_{i<P} w_i (ln sum_j exp(a <s_i,
 * t_j>) + ln sum_j exp(a <t_i, s_j>))} with normalised row weights w, over the candidates j (the P
 * positive rows, or all N), with its gradient in closed form.
 *
 * <p>Both directions live in one matrix {@code A = a S T^T}: the row direction is the rows i &lt;
 * P of A, the column direction its columns j &lt; P. Tiles outside both (unpaired against
 * unpaired) are never visited. Pass 1 keeps a running log-sum-exp per positive row and per
 * positive column; pass 2 forms {@code dL/dA} (the two softmaxes weighted by {@code w/2}) and
 * accumulates {@code dL/dS = a dA T}, {@code dL/dT = a dA^T S} and {@code dL/da = sum dA * A / a}.
 */
final class BlockedContrastive {

    private BlockedContrastive() {}

    /**
     * The detached outcome.
     *
     * @param value the log-sum-exp part, a scalar
     * @param gradientS its gradient with respect to S (N, d), or null
     * @param gradientT its gradient with respect to T (N, d), or null
     * @param gradientScale its gradient with respect to the scale a, shape (1), or null
     */
    record Result(NDArray value, NDArray gradientS, NDArray gradientT, NDArray gradientScale) {}

    /**
     * @param s the rows of S, (N, d), detached
     * @param t the rows of T, (N, d), detached
     * @param positives P
     * @param weights the normalised weights w of the positive rows, (P), summing to 1, detached
     * @param scale the logit scale a, shape (1), detached
     * @param negatives the candidates
     * @param blockSize B
     * @param gradient whether to compute the gradients
     */
    static Result compute(
            NDArray s,
            NDArray t,
            int positives,
            NDArray weights,
            NDArray scale,
            ClNegatives negatives,
            int blockSize,
            boolean gradient) {
        long n = s.getShape().get(0);
        long candidates = negatives.sCandidates(positives, n);
        // ONE_SIDED: a positive S row sees only the positive T columns.
        boolean rowsSeeAll = negatives != ClNegatives.ONE_SIDED;
        RowBlocks blocks = RowBlocks.of(new long[] {0, positives, candidates}, blockSize);
        int count = blocks.count();
        NDManager owner = s.getManager();
        NDArray[] sRows = blocks.slices(s);
        NDArray[] tRows = blocks.slices(t);
        NDArray[] scaledS = blocks.slices(s.mul(scale));
        NDArray[] tTransposed = new NDArray[count];
        for (int k = 0; k < count; k++) {
            tTransposed[k] = tRows[k].transpose();
        }
        int positiveBlocks = 0;
        while (positiveBlocks < count && blocks.segment(positiveBlocks) == 0) {
            positiveBlocks++;
        }
        RunningLogSumExp[] rowRunning = new RunningLogSumExp[positiveBlocks];
        RunningLogSumExp[] columnRunning = new RunningLogSumExp[positiveBlocks];
        for (int k = 0; k < positiveBlocks; k++) {
            rowRunning[k] = RunningLogSumExp.exact(owner);
            columnRunning[k] = RunningLogSumExp.exact(owner);
        }
        for (int i = 0; i < count; i++) {
            for (int j = 0; j < count; j++) {
                boolean columnPositive = j < positiveBlocks;
                boolean rowPositive = i < positiveBlocks && (rowsSeeAll || columnPositive);
                if (!rowPositive && !columnPositive) {
                    continue;
                }
                try (NDManager tile = owner.newSubManager()) {
                    NDArray logits = logits(scaledS, tTransposed, i, j, tile);
                    if (rowPositive) {
                        rowRunning[i].add(logits, 1, !columnPositive);
                    }
                    if (columnPositive) {
                        columnRunning[j].add(logits, 0, true);
                    }
                }
            }
        }
        NDArray rowLse = concat(rowRunning);
        NDArray columnLse = concat(columnRunning);
        NDArray halfWeights = weights.mul(0.5);
        NDArray value = rowLse.add(columnLse).mul(halfWeights).sum();
        if (!gradient) {
            return new Result(value, null, null, null);
        }
        NDArray[] rowLseColumns = new NDArray[positiveBlocks];
        NDArray[] columnLseRows = new NDArray[positiveBlocks];
        NDArray[] weightColumns = new NDArray[positiveBlocks];
        NDArray[] weightRows = new NDArray[positiveBlocks];
        for (int k = 0; k < positiveBlocks; k++) {
            rowLseColumns[k] = blocks.slice(rowLse, k).reshape(-1, 1);
            columnLseRows[k] = blocks.slice(columnLse, k).reshape(1, -1);
            weightColumns[k] = blocks.slice(halfWeights, k).reshape(-1, 1);
            weightRows[k] = weightColumns[k].reshape(1, -1);
        }
        long d = s.getShape().get(1);
        BlockGradients gradientS = new BlockGradients(blocks, d, s.getDataType(), owner, k -> true);
        BlockGradients gradientT = new BlockGradients(blocks, d, s.getDataType(), owner, k -> true);
        NDArray scaleSum = owner.zeros(new Shape(), s.getDataType());
        for (int i = 0; i < count; i++) {
            for (int j = 0; j < count; j++) {
                boolean columnPositive = j < positiveBlocks;
                boolean rowPositive = i < positiveBlocks && (rowsSeeAll || columnPositive);
                if (!rowPositive && !columnPositive) {
                    continue;
                }
                try (NDManager tile = owner.newSubManager()) {
                    NDArray logits = logits(scaledS, tTransposed, i, j, tile);
                    NDArray dLogits = null;
                    if (rowPositive) {
                        dLogits = logits.sub(rowLseColumns[i]).exp().muli(weightColumns[i]);
                    }
                    if (columnPositive) {
                        NDArray column = logits.sub(columnLseRows[j]).exp().muli(weightRows[j]);
                        dLogits = dLogits == null ? column : dLogits.addi(column);
                    }
                    scaleSum.addi(dLogits.mul(logits).sum());
                    gradientS.add(i, dLogits.matMul(tRows[j]));
                    gradientT.add(j, dLogits.transpose().matMul(sRows[i]));
                }
            }
        }
        return new Result(
                value,
                gradientS.toArray().muli(scale),
                gradientT.toArray().muli(scale),
                scaleSum.div(scale));
    }

    private static NDArray logits(
            NDArray[] scaledS, NDArray[] tTransposed, int i, int j, NDManager tile) {
        NDArray logits = scaledS[i].matMul(tTransposed[j]);
        logits.attach(tile);
        return logits;
    }

    private static NDArray concat(RunningLogSumExp[] running) {
        NDList parts = new NDList();
        for (RunningLogSumExp r : running) {
            parts.add(r.result());
        }
        return parts.size() == 1 ? parts.head() : NDArrays.concat(parts, 0);
    }
}
