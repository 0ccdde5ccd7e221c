package io.github.setclip.losses;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Mines confident pseudo-pairs between unpaired S and T embeddings: mutual nearest neighbours
 * whose nearest neighbour stands out from the runner-up on both sides.
 *
 * <p>With similarities {@code c_ij = <a_i, b_j>} between S rows {@code a_i} (i &lt; na) and T rows
 * {@code b_j} (j &lt; nb):
 *
 * <pre>
 *   j(i) = argmax_j c_ij,   i(j) = argmax_i c_ij                  (the first index on ties)
 *   mA_i = max_j c_ij - second_j c_ij,   mB_j = max_i c_ij - second_i c_ij
 *   (i, j) is a pseudo-pair  iff  j = j(i), i = i(j), mA_i &gt;= delta and mB_j &gt;= delta
 *   score  = min(mA_i, mB_j)
 * </pre>
 *
 * <p>{@code second} is the second largest value counting repeats, so a tie for the maximum gives a
 * margin of 0 (kept only when delta is 0); with a single row on the other side there is no
 * runner-up and the margin is {@code +infinity}. Pairs come sorted by descending score (order among
 * equal scores unspecified). The inputs are used as given (detached; L2-normalised in practice, so
 * c is the cosine).
 *
 * <p>Banks of tens of thousands of rows are handled in row blocks of S: only a (block, nb)
 * similarity block is alive at any time, never the (na, nb) matrix; each block updates T's running
 * best, runner-up and argmax. Work is O(na nb d), memory O(block nb + na + nb).
 */
public final class MutualNearestNeighbours {

    /** Default cap on the elements of one similarity block (64 MiB in float32). */
    public static final long DEFAULT_BLOCK_ELEMENTS = 1L << 24;

    private final double margin;
    private final long blockElements;

    private MutualNearestNeighbours(Builder builder) {
        this.margin = builder.margin;
        this.blockElements = builder.blockElements;
    }

    /** A builder with margin 0 (every mutual nearest neighbour) and 2^24-element blocks. */
    public static Builder builder() {
        return new Builder();
    }

    /** The minimum margin delta. */
    public double margin() {
        return margin;
    }

    /**
     * Mines the pseudo-pairs.
     *
     * @param s S embeddings A, shape (na, d), float32 or float64, finite
     * @param t T embeddings B, shape (nb, d), same d and data type
     * @return the pairs, most confident first, attached to the manager of {@code s}
     */
    public PseudoPairs mine(NDArray s, NDArray t) {
        InputChecks.requireCompatible("S embeddings", s, "T embeddings", t);
        InputChecks.requireFinite("S embeddings", s);
        InputChecks.requireFinite("T embeddings", t);
        NDManager owner = s.getManager();
        long na = s.getShape().get(0);
        long nb = t.getShape().get(0);
        if (na == 0 || nb == 0) {
            NDArray none = owner.zeros(new Shape(0), DataType.INT64);
            return new PseudoPairs(
                    none, none.duplicate(), owner.zeros(none.getShape(), s.getDataType()));
        }
        NDArray a = s.stopGradient();
        NDArray bTransposed = t.stopGradient().transpose();
        try (NDManager work = owner.newSubManager()) {
            work.tempAttachAll(a, bTransposed);
            long blockRows = Math.max(1, Math.min(na, blockElements / nb));
            // With delta > 0 a tied maximum has margin 0 and is rejected whichever index names
            // it, so top-k's own indices serve; only delta = 0 needs the first index of a tie.
            boolean firstIndexOnTies = margin == 0;
            NDList rowBest = new NDList();
            NDList rowSecond = new NDList();
            NDList rowArg = new NDList();
            ColumnStatistics columns = null;
            for (long start = 0; start < na; start += blockRows) {
                long end = Math.min(na, start + blockRows);
                try (NDManager block = work.newSubManager()) {
                    NDArray similarity =
                            a.get(block, new NDIndex("{}:{}", start, end)).matMul(bTransposed);
                    NDArray[] top = topTwo(similarity, 1, firstIndexOnTies);
                    NDArray arg = top[2];
                    ColumnStatistics here =
                            ColumnStatistics.of(similarity, start, firstIndexOnTies);
                    columns = columns == null ? here : columns.merge(here);
                    columns.attach(work);
                    top[0].attach(work);
                    top[1].attach(work);
                    arg.attach(work);
                    rowBest.add(top[0]);
                    rowSecond.add(top[1]);
                    rowArg.add(arg);
                }
            }
            PseudoPairs pairs =
                    select(
                            NDArrays.concat(rowBest),
                            NDArrays.concat(rowSecond),
                            NDArrays.concat(rowArg),
                            columns);
            pairs.sIndices().attach(owner);
            pairs.tIndices().attach(owner);
            pairs.scores().attach(owner);
            return pairs;
        } finally {
            a.close();
            bTransposed.close();
        }
    }

    private PseudoPairs select(
            NDArray rowBest, NDArray rowSecond, NDArray rowArg, ColumnStatistics columns) {
        long na = rowBest.getShape().get(0);
        NDArray rows = rowBest.getManager().arange(0, Math.toIntExact(na), 1, DataType.INT64);
        NDArray mutual = columns.arg.get(rowArg).eq(rows);
        NDArray marginS = rowBest.sub(rowSecond);
        NDArray marginT = columns.best.sub(columns.second).get(rowArg);
        NDArray delta = Scalars.constant(marginS, margin);
        NDArray keep = mutual.logicalAnd(marginS.gte(delta)).logicalAnd(marginT.gte(delta));
        NDArray kept = keep.nonzero().squeeze(1);
        NDArray scores = NDArrays.minimum(marginS, marginT).get(kept);
        NDArray order = scores.argSort(0, false);
        return new PseudoPairs(kept.get(order), rowArg.get(kept).get(order), scores.get(order));
    }

    /**
     * Largest and second largest values along an axis (repeats counted), each reduced away, and
     * the index of a largest one: the first on ties when asked, else any.
     */
    private static NDArray[] topTwo(NDArray x, int axis, boolean firstIndexOnTies) {
        if (x.getShape().get(axis) < 2) {
            NDArray best = x.max(new int[] {axis});
            NDArray none =
                    best.getManager()
                            .full(best.getShape(), Float.NEGATIVE_INFINITY, best.getDataType());
            return new NDArray[] {best, none, x.argMax(axis)};
        }
        NDList top = x.topK(2, axis, true, true);
        String first = axis == 0 ? "0, :" : ":, 0";
        String second = axis == 0 ? "1, :" : ":, 1";
        NDArray arg = firstIndexOnTies ? x.argMax(axis) : top.get(1).get(first);
        return new NDArray[] {top.get(0).get(first), top.get(0).get(second), arg};
    }

    /** Running best, runner-up and first argmax of every T row over the S rows seen so far. */
    private static final class ColumnStatistics {
        final NDArray best;
        final NDArray second;
        final NDArray arg;

        private ColumnStatistics(NDArray best, NDArray second, NDArray arg) {
            this.best = best;
            this.second = second;
            this.arg = arg;
        }

        static ColumnStatistics of(NDArray similarity, long firstRow, boolean firstIndexOnTies) {
            NDArray[] top = topTwo(similarity, 0, firstIndexOnTies);
            return new ColumnStatistics(top[0], top[1], top[2].add(firstRow));
        }

        /** The statistics over both row ranges; {@code this} holds the earlier rows. */
        ColumnStatistics merge(ColumnStatistics later) {
            NDArray laterWins = later.best.gt(best);
            NDArray mergedBest = NDArrays.maximum(later.best, best);
            NDArray mergedSecond =
                    NDArrays.maximum(
                            NDArrays.minimum(later.best, best),
                            NDArrays.maximum(later.second, second));
            NDArray mergedArg = NDArrays.where(laterWins, later.arg, arg);
            close();
            return new ColumnStatistics(mergedBest, mergedSecond, mergedArg);
        }

        void attach(NDManager manager) {
            best.attach(manager);
            second.attach(manager);
            arg.attach(manager);
        }

        private void close() {
            best.close();
            second.close();
            arg.close();
        }
    }

    /** Configures the miner. */
    public static final class Builder {
        private double margin;
        private long blockElements = DEFAULT_BLOCK_ELEMENTS;

        Builder() {}

        /**
         * Sets the minimum margin delta on both sides (default 0: every mutual nearest neighbour,
         * ties included).
         *
         * @param delta in units of similarity, &gt;= 0
         * @return this builder
         */
        public Builder optMargin(double delta) {
            this.margin = InputChecks.requireNonNegative("margin delta", delta);
            return this;
        }

        /**
         * Caps the elements of one similarity block (default 2^24, 64 MiB in float32): a block
         * holds {@code max(1, elements / nb)} rows of S.
         *
         * @param elements at least 1
         * @return this builder
         */
        public Builder optBlockElements(long elements) {
            if (elements < 1) {
                throw new IllegalArgumentException(
                        "block elements must be >= 1, got " + elements);
            }
            this.blockElements = elements;
            return this;
        }

        /** Builds the miner. */
        public MutualNearestNeighbours build() {
            return new MutualNearestNeighbours(this);
        }
    }
}
