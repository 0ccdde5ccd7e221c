package io.github.setclip.data.batch;

import java.util.Arrays;

/**
 * The item indices of one mixed batch of {@code N = M + U} rows per modality.
 *
 * <p>Rows {@code 0..M-1} of both modalities come from the matched items {@link #paired()} (row
 * {@code i} of S and of T is item {@code paired[i]}). Rows {@code M..N-1} of S come from {@link
 * #unpairedS()} and of T from {@link #unpairedT()}; the two were drawn independently, so row {@code
 * M + j} of S and of T are unrelated. This is the batch of the loss definition (spec "The batch").
 *
 * <p>Arrays are copied in and out; instances are immutable and compare by content.
 *
 * @param epoch the epoch this batch belongs to (from 0)
 * @param step the position of this batch within its epoch (from 0)
 * @param paired the {@code M} matched item indices
 * @param unpairedS the {@code U} item indices for the unpaired rows of modality S
 * @param unpairedT the {@code U} item indices for the unpaired rows of modality T
 */
public record MixedBatchPlan(int epoch, int step, int[] paired, int[] unpairedS, int[] unpairedT) {

    /**
     * Checks and copies the index arrays.
     *
     * @throws IllegalArgumentException if an array is null or the unpaired arrays differ in length
     */
    public MixedBatchPlan {
        if (paired == null || unpairedS == null || unpairedT == null) {
            throw new IllegalArgumentException("paired, unpairedS and unpairedT must not be null");
        }
        if (unpairedS.length != unpairedT.length) {
            throw new IllegalArgumentException("unpairedS and unpairedT must have the same length, got "
                    + unpairedS.length + " and " + unpairedT.length);
        }
        paired = paired.clone();
        unpairedS = unpairedS.clone();
        unpairedT = unpairedT.clone();
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

    /** {@code N}, the number of rows per modality. */
    public int batchSize() {
        return paired.length + unpairedS.length;
    }

    /** {@code M}, the number of matched rows. */
    public int numPaired() {
        return paired.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MixedBatchPlan other
                && epoch == other.epoch
                && step == other.step
                && Arrays.equals(paired, other.paired)
                && Arrays.equals(unpairedS, other.unpairedS)
                && Arrays.equals(unpairedT, other.unpairedT);
    }

    @Override
    public int hashCode() {
        int h = 31 * epoch + step;
        h = 31 * h + Arrays.hashCode(paired);
        h = 31 * h + Arrays.hashCode(unpairedS);
        return 31 * h + Arrays.hashCode(unpairedT);
    }

    @Override
    public String toString() {
        return "MixedBatchPlan{epoch=" + epoch + ", step=" + step + ", paired=" + Arrays.toString(paired)
                + ", unpairedS=" + Arrays.toString(unpairedS) + ", unpairedT=" + Arrays.toString(unpairedT) + '}';
    }
}
