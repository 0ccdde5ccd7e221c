package io.github.setclip.data.batch;

import java.util.Arrays;

/**
 * The item indices of one mixed batch of {@code N = M + K + U} rows per modality.
 *
 * <p><b>Layout.</b> The first {@code M} rows of both modalities are the pairs, the next {@code K}
 * the pseudo-pairs a trainer may add ({@link #withPseudoPairs}; none in a sampler's plan), the
 * other {@code U} rows the unpaired items: row {@code i < M} of S and of T is the matched item
 * {@code paired[i]} (a positive pair); row {@code M + k} of S is {@code pseudoS[k]} and of T is
 * {@code pseudoT[k]} (a positive by assumption: their pairing is a guess); row {@code M + K + j} of
 * S is {@code unpairedS[j]} and of T is {@code unpairedT[j]}, and these two are never a positive
 * pair, whatever they are. The first {@link #numPositives()} rows are the positives. {@link #sRows()} and
 * {@link #tRows()} give the item of every row in this order; this is the one place the layout is
 * defined, so read rows through them rather than concatenating the parts. This is the batch of the
 * loss definition (spec "The batch").
 *
 * <p>How the unpaired S and T rows relate depends on the sampler's {@link UnpairedSets}: unrelated
 * ({@code INDEPENDENT}), the two sides of the same hidden items in different orders ({@code
 * ALIGNED}), or drawn from the same {@link #groups()} ({@code GROUPED}).
 *
 * <p>Arrays are copied in and out; instances are immutable and compare by content.
 *
 * @param epoch the epoch this batch belongs to (from 0)
 * @param step the position of this batch within its epoch (from 0)
 * @param paired the {@code M} matched item indices
 * @param unpairedS the {@code U} item indices for the unpaired rows of modality S
 * @param unpairedT the {@code U} item indices for the unpaired rows of modality T
 * @param groups the groups the unpaired rows were drawn from, in the order they were picked (empty
 *     unless the sampler's unpaired sets are {@code GROUPED})
 * @param pseudoS the {@code K} S items of the pseudo-pairs (empty in a sampler's plan)
 * @param pseudoT the {@code K} T items of the pseudo-pairs, row by row with {@code pseudoS}
 */
public record MixedBatchPlan(int epoch, int step, int[] paired, int[] unpairedS, int[] unpairedT, int[] groups,
        int[] pseudoS, int[] pseudoT) {

    /**
     * Checks and copies the index arrays.
     *
     * @throws IllegalArgumentException if an array is null or the unpaired arrays differ in length
     */
    public MixedBatchPlan {
        if (paired == null || unpairedS == null || unpairedT == null || groups == null || pseudoS == null
                || pseudoT == null) {
            throw new IllegalArgumentException(
                    "paired, unpairedS, unpairedT, groups, pseudoS and pseudoT must not be null");
        }
        if (pseudoS.length != pseudoT.length) {
            throw new IllegalArgumentException("pseudoS and pseudoT must have the same length, got "
                    + pseudoS.length + " and " + pseudoT.length);
        }
        if (unpairedS.length != unpairedT.length) {
            throw new IllegalArgumentException("unpairedS and unpairedT must have the same length, got "
                    + unpairedS.length + " and " + unpairedT.length);
        }
        paired = paired.clone();
        unpairedS = unpairedS.clone();
        unpairedT = unpairedT.clone();
        groups = groups.clone();
        pseudoS = pseudoS.clone();
        pseudoT = pseudoT.clone();
    }

    /** A plan with no pseudo-pairs. */
    public MixedBatchPlan(int epoch, int step, int[] paired, int[] unpairedS, int[] unpairedT, int[] groups) {
        this(epoch, step, paired, unpairedS, unpairedT, groups, new int[0], new int[0]);
    }

    /** A plan whose unpaired rows were not drawn by group ({@link #groups()} empty). */
    public MixedBatchPlan(int epoch, int step, int[] paired, int[] unpairedS, int[] unpairedT) {
        this(epoch, step, paired, unpairedS, unpairedT, new int[0]);
    }

    /** The {@code M} matched item indices (a copy). */
    @Override
    public int[] paired() {
        return paired.clone();
    }

    /** The {@code N - M} item indices of the unpaired S rows (a copy). */
    @Override
    public int[] unpairedS() {
        return unpairedS.clone();
    }

    /** The {@code N - M} item indices of the unpaired T rows (a copy). */
    @Override
    public int[] unpairedT() {
        return unpairedT.clone();
    }

    /** The groups the unpaired rows were drawn from, in pick order; empty unless grouped (a copy). */
    @Override
    public int[] groups() {
        return groups.clone();
    }

    /**
     * The item of every S row, in batch order: the {@code M} pairs, then the {@code U} unpaired S
     * items. Row {@code i < M} is the positive partner of T row {@code i}; no other row has one.
     *
     * @return {@code N} item indices (a fresh array)
     */
    public int[] sRows() {
        return concat(concat(paired, pseudoS), unpairedS);
    }

    /**
     * The item of every T row, in batch order: the {@code M} pairs, then the {@code U} unpaired T
     * items. Row {@code i < M} is the positive partner of S row {@code i}; no other row has one.
     *
     * @return {@code N} item indices (a fresh array)
     */
    public int[] tRows() {
        return concat(concat(paired, pseudoT), unpairedT);
    }

    /**
     * This plan with pseudo-pairs placed after the pairs (replacing any it had).
     *
     * @param s the S items of the pseudo-pairs
     * @param t the T items, row by row with {@code s}
     * @return the new plan
     */
    public MixedBatchPlan withPseudoPairs(int[] s, int[] t) {
        return new MixedBatchPlan(epoch, step, paired, unpairedS, unpairedT, groups, s, t);
    }

    /** {@code K}, the number of pseudo-pairs. */
    public int numPseudo() {
        return pseudoS.length;
    }

    /** {@code M + K}, the rows at the top that are positives. */
    public int numPositives() {
        return paired.length + pseudoS.length;
    }

    /** The K pseudo-pair S items (a copy). */
    @Override
    public int[] pseudoS() {
        return pseudoS.clone();
    }

    /** The K pseudo-pair T items (a copy). */
    @Override
    public int[] pseudoT() {
        return pseudoT.clone();
    }

    /** {@code N}, the number of rows per modality. */
    public int batchSize() {
        return paired.length + pseudoS.length + unpairedS.length;
    }

    /** {@code M}, the number of matched rows. */
    public int numPaired() {
        return paired.length;
    }

    /** {@code U = N - M}, the number of unpaired rows per modality. */
    public int numUnpaired() {
        return unpairedS.length;
    }

    private static int[] concat(int[] head, int[] tail) {
        int[] rows = Arrays.copyOf(head, head.length + tail.length);
        System.arraycopy(tail, 0, rows, head.length, tail.length);
        return rows;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MixedBatchPlan other
                && epoch == other.epoch
                && step == other.step
                && Arrays.equals(paired, other.paired)
                && Arrays.equals(unpairedS, other.unpairedS)
                && Arrays.equals(unpairedT, other.unpairedT)
                && Arrays.equals(groups, other.groups)
                && Arrays.equals(pseudoS, other.pseudoS)
                && Arrays.equals(pseudoT, other.pseudoT);
    }

    @Override
    public int hashCode() {
        int h = 31 * epoch + step;
        h = 31 * h + Arrays.hashCode(paired);
        h = 31 * h + Arrays.hashCode(unpairedS);
        h = 31 * h + Arrays.hashCode(unpairedT);
        h = 31 * h + Arrays.hashCode(groups);
        h = 31 * h + Arrays.hashCode(pseudoS);
        return 31 * h + Arrays.hashCode(pseudoT);
    }

    @Override
    public String toString() {
        return "MixedBatchPlan{epoch=" + epoch + ", step=" + step + ", paired=" + Arrays.toString(paired)
                + ", unpairedS=" + Arrays.toString(unpairedS) + ", unpairedT=" + Arrays.toString(unpairedT)
                + (groups.length == 0 ? "" : ", groups=" + Arrays.toString(groups))
                + (pseudoS.length == 0 ? "" : ", pseudoS=" + Arrays.toString(pseudoS) + ", pseudoT="
                        + Arrays.toString(pseudoT)) + '}';
    }
}
