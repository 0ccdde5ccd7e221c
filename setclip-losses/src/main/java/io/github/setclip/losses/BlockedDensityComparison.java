package io.github.setclip.losses;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * The core both SDD forms share, computed tile by tile: at every point z of {@code [S; T]} the log
 * kernel sums {@code L_X(z) = ln sum_{x in X} exp(-||z - x||^2 / w_X)} for X = S, T, then {@code
 * J = sum_z div(L_S(z) + c, L_T(z) + c)} with the symmetric KL or MSE divergence of the densities
 * {@code exp(L + c)}, and J's gradient in closed form.
 *
 * <p>Pass 1 folds every tile into a running log-sum-exp per row and half (both directions of a
 * tile: rows of block I against half(J), rows of block J against half(I)), shifted by 0, or by a
 * running maximum if a sum underflowed. With {@code a_X(z) =
 * dJ/d ln p_X(z)} and {@code e_zx = -||z - x||^2 / w_X}, pass 2 revisits the tiles to form {@code
 * dJ/dD_zx = a_X(z) exp(e_zx - L_X(z)) (-1/w_X)} for both orders of each pair and feeds it to
 * {@link DistanceTiles#addGradient}; the same tiles give {@code dJ/d(-1/w_X) = sum a_X(z)
 * exp(e_zx - L_X(z)) ||z - x||^2}, through which autograd reaches the variances.
 */
final class BlockedDensityComparison {

    private BlockedDensityComparison() {}

    /**
     * The detached outcome.
     *
     * @param divergenceSum J, a scalar
     * @param rowGradient dJ/dX over the joint rows (2N', d), zeros on memory rows; null when no
     *     gradient was asked for
     * @param widthGradient dJ/d(-1/w_S), dJ/d(-1/w_T), shape (2); null unless asked for
     */
    record Result(NDArray divergenceSum, NDArray rowGradient, NDArray widthGradient) {}

    /**
     * @param tiles the distances of {@code [S'; T']}
     * @param negInvWidths {@code -1/w_S, -1/w_T}, shape (2), detached
     * @param logOffset c, added to both log kernel sums: {@code -ln N'} for the spec's mean
     *     densities, {@code ln(3 / (32 pi h^2))} for the authors' summed ones
     * @param divergence the divergence between the two densities
     * @param rowGradient whether to compute dJ/dX
     * @param widthGradient whether to compute dJ/d(-1/w)
     */
    static Result compute(
            DistanceTiles tiles,
            NDArray negInvWidths,
            double logOffset,
            SddDivergence divergence,
            boolean rowGradient,
            boolean widthGradient) {
        RowBlocks blocks = tiles.blocks();
        int count = blocks.count();
        NDManager owner = tiles.manager();
        NDArray[] negInv = {negInvWidths.get(0), negInvWidths.get(1)};

        // Distances are >= 0, so 0 bounds every exponent; redo exactly if a sum underflowed.
        RunningLogSumExp[][] running = logKernelSums(tiles, negInv, false);
        if (RunningLogSumExp.underflowed(running)) {
            running = logKernelSums(tiles, negInv, true);
        }
        NDArray[] logSums = {column(running, 0), column(running, 1)};
        NDArray logS = logSums[0].add(logOffset);
        NDArray logT = logSums[1].add(logOffset);
        NDArray divergenceSum = KernelDensities.divergence(logS, logT, divergence).sum();
        if (!rowGradient && !widthGradient) {
            return new Result(divergenceSum, null, null);
        }

        // a_X(z) = dJ/d ln p_X(z), closed form per point.
        NDArray densityS = logS.exp();
        NDArray densityT = logT.exp();
        NDArray gap = densityS.sub(densityT);
        NDArray[] outer = new NDArray[2];
        if (divergence == SddDivergence.MSE) {
            outer[0] = gap.mul(densityS).muli(2);
            outer[1] = gap.mul(densityT).muli(-2);
        } else {
            NDArray logGap = logS.sub(logT);
            outer[0] = densityS.mul(logGap).addi(gap);
            outer[1] = densityT.mul(logGap).addi(gap).negi();
        }
        // Per block and half, as columns (b, 1) and rows (1, b) to broadcast over a tile.
        NDArray[][] outerColumns = new NDArray[count][2];
        NDArray[][] outerRows = new NDArray[count][2];
        NDArray[][] logSumColumns = new NDArray[count][2];
        NDArray[][] logSumRows = new NDArray[count][2];
        for (int k = 0; k < count; k++) {
            for (int h = 0; h < 2; h++) {
                outerColumns[k][h] = blocks.slice(outer[h], k).reshape(-1, 1);
                outerRows[k][h] = outerColumns[k][h].reshape(1, -1);
                logSumColumns[k][h] = blocks.slice(logSums[h], k).reshape(-1, 1);
                logSumRows[k][h] = logSumColumns[k][h].reshape(1, -1);
            }
        }

        BlockGradients gradients = rowGradient ? tiles.newGradients() : null;
        NDArray[] widthSums = {
            owner.zeros(new Shape(), negInvWidths.getDataType()),
            owner.zeros(new Shape(), negInvWidths.getDataType())
        };
        for (int i = 0; i < count; i++) {
            for (int j = i; j < count; j++) {
                boolean rows = rowGradient && (gradients.wanted(i) || gradients.wanted(j));
                if (!rows && !widthGradient) {
                    continue;
                }
                try (NDManager tile = owner.newSubManager()) {
                    NDArray distances = tiles.squaredDistances(i, j, tile);
                    int halfI = tiles.half(i);
                    int halfJ = tiles.half(j);
                    // Ordered pairs (z in I, x in J): dJ/de_zx = a(z) exp(e_zx - L(z)).
                    NDArray forward =
                            distances
                                    .mul(negInv[halfJ])
                                    .subi(logSumColumns[i][halfJ])
                                    .exp()
                                    .muli(outerColumns[i][halfJ]);
                    if (widthGradient) {
                        widthSums[halfJ].addi(forward.mul(distances).sum());
                    }
                    // Ordered pairs (z in J, x in I), laid out as the tile (rows I, columns J);
                    // on a diagonal tile these are the transposed pairs, so W = A + A^T.
                    NDArray backward =
                            distances
                                    .mul(negInv[halfI])
                                    .subi(logSumRows[j][halfI])
                                    .exp()
                                    .muli(outerRows[j][halfI]);
                    if (widthGradient && i != j) {
                        widthSums[halfI].addi(backward.mul(distances).sum());
                    }
                    NDArray weights =
                            forward.muli(negInv[halfJ]).addi(backward.muli(negInv[halfI]));
                    if (rows) {
                        tiles.addGradient(gradients, weights, i, j);
                    }
                }
            }
        }
        NDArray widths =
                widthGradient ? NDArrays.stack(new NDList(widthSums[0], widthSums[1])) : null;
        return new Result(divergenceSum, rowGradient ? gradients.toArray() : null, widths);
    }

    /**
     * Pass 1: folds every tile into a running log-sum-exp per block and half. Shifted by 0 (the
     * exponents are minus scaled distances, at most 0), a same-half tile shares one {@code exp}
     * between its two directions; {@code exact} tracks the maximum instead.
     */
    private static RunningLogSumExp[][] logKernelSums(
            DistanceTiles tiles, NDArray[] negInv, boolean exact) {
        NDManager owner = tiles.manager();
        int count = tiles.blocks().count();
        RunningLogSumExp[][] running = new RunningLogSumExp[count][2];
        for (int k = 0; k < count; k++) {
            for (int h = 0; h < 2; h++) {
                running[k][h] =
                        exact
                                ? RunningLogSumExp.exact(owner)
                                : RunningLogSumExp.shifted(owner, null);
            }
        }
        for (int i = 0; i < count; i++) {
            for (int j = i; j < count; j++) {
                try (NDManager tile = owner.newSubManager()) {
                    NDArray distances = tiles.squaredDistances(i, j, tile);
                    int halfI = tiles.half(i);
                    int halfJ = tiles.half(j);
                    if (i == j) {
                        running[i][halfJ].add(distances.muli(negInv[halfJ]), 1, true);
                    } else if (halfI == halfJ && !exact) {
                        NDArray exponentials = distances.muli(negInv[halfJ]).exp();
                        running[i][halfJ].addExponentials(exponentials, 1);
                        running[j][halfI].addExponentials(exponentials, 0);
                    } else if (halfI == halfJ) {
                        NDArray exponents = distances.muli(negInv[halfJ]);
                        running[i][halfJ].add(exponents, 1, false);
                        running[j][halfI].add(exponents, 0, true);
                    } else {
                        running[i][halfJ].add(distances.mul(negInv[halfJ]), 1, true);
                        running[j][halfI].add(distances.muli(negInv[halfI]), 0, true);
                    }
                }
            }
        }
        return running;
    }

    /** One half's log kernel sums of every joint row, in block order, shape (2N'). */
    private static NDArray column(RunningLogSumExp[][] running, int half) {
        NDList parts = new NDList();
        for (RunningLogSumExp[] block : running) {
            parts.add(block[half].result());
        }
        return parts.size() == 1 ? parts.head() : NDArrays.concat(parts, 0);
    }


}
