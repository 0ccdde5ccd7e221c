package io.github.setclip.data.features;


/**
 * Which rows of two feature tables are matched: pair {@code k} is S row {@code pairedS[k]} with T
 * row {@code pairedT[k]}; every other row is unpaired. Rows index the two tables, two separate
 * index spaces (unlike {@link io.github.setclip.data.batch.SemiPairedPools#of}, whose paired list
 * names one item in both modalities), so a trainer maps pair {@code k} to an item of its own.
 *
 * <p>The arrays are shared, not copied, to keep per-step lookups cheap: do not modify them.
 *
 * @param pairedS S rows of the pairs, in pairs-file order
 * @param pairedT T rows of the pairs, {@code pairedT[k]} matching {@code pairedS[k]}
 * @param unpairedS S rows in no pair, ascending
 * @param unpairedT T rows in no pair, ascending
 */
public record FeaturePairs(int[] pairedS, int[] pairedT, int[] unpairedS, int[] unpairedT) {

    /**
     * Checks that the pair lists match in length.
     *
     * @throws IllegalArgumentException if an array is null or the pair lists differ in length
     */
    public FeaturePairs {
        if (pairedS == null || pairedT == null || unpairedS == null || unpairedT == null) {
            throw new IllegalArgumentException("arrays must not be null");
        }
        if (pairedS.length != pairedT.length) {
            throw new IllegalArgumentException(
                    pairedS.length + " S rows but " + pairedT.length + " T rows in pairs");
        }
    }

    /** Number of pairs. */
    public int numPaired() {
        return pairedS.length;
    }

    /** Number of S rows in no pair. */
    public int numUnpairedS() {
        return unpairedS.length;
    }

    /** Number of T rows in no pair. */
    public int numUnpairedT() {
        return unpairedT.length;
    }

    @Override
    public String toString() {
        return "FeaturePairs{paired=" + pairedS.length + ", unpairedS=" + unpairedS.length
                + ", unpairedT=" + unpairedT.length + '}';
    }
}
