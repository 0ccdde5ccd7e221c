package io.github.setclip.data.batch;

import java.util.Arrays;
import java.util.Random;

/**
 * The three item pools of a semi-supervised alignment dataset: matched pairs, items seen only
 * through modality S, and items seen only through modality T.
 *
 * <p>Pools hold integer item indices; what an index names is up to the dataset. Two ways to get
 * pools:
 *
 * <ul>
 *   <li>{@link #builder()} splits {@code n} fully matched items (indices {@code 0..n-1}): a seeded
 *       choice of items stays paired, and the pairing of the rest is hidden. By default the rest
 *       feeds both unpaired pools, each in its own independently shuffled order, so that position
 *       {@code i} of the S pool and of the T pool are unrelated items. With {@link
 *       Builder#optDisjointUnpaired(boolean)} the rest is cut in two halves instead, S-only items
 *       from one and T-only items from the other, so no unpaired S item has its match among the
 *       unpaired T items.
 *   <li>{@link #of(int[], int[], int[])} takes explicit pools, for datasets whose unpaired items
 *       are genuinely separate collections. The three lists may then use separate index spaces.
 * </ul>
 *
 * <p>For one seed the paired sets are nested: the pairs chosen at fraction 0.1 are a subset of
 * those chosen at 0.2, which keeps sweeps over the paired fraction comparable.
 *
 * <p>Instances are immutable; accessors return copies.
 */
public final class SemiPairedPools {

    private static final long STREAM_CHOICE = 1;
    private static final long STREAM_S = 2;
    private static final long STREAM_T = 3;

    private final int[] paired;
    private final int[] unpairedS;
    private final int[] unpairedT;

    private SemiPairedPools(int[] paired, int[] unpairedS, int[] unpairedT) {
        this.paired = paired;
        this.unpairedS = unpairedS;
        this.unpairedT = unpairedT;
    }

    /** A builder that splits fully matched items into paired and unpaired pools. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Explicit pools, kept in the given order.
     *
     * @param paired indices of matched items (both modalities available)
     * @param unpairedS indices of items used only through modality S
     * @param unpairedT indices of items used only through modality T
     * @return the pools
     * @throws IllegalArgumentException if a list is null, holds a negative index or repeats an index
     */
    public static SemiPairedPools of(int[] paired, int[] unpairedS, int[] unpairedT) {
        return new SemiPairedPools(
                checked("paired", paired), checked("unpairedS", unpairedS), checked("unpairedT", unpairedT));
    }

    /** Indices of the matched items, in pool order (ascending for a split). */
    public int[] pairedIndices() {
        return paired.clone();
    }

    /** Indices of the items used only through modality S, in pool order. */
    public int[] unpairedS() {
        return unpairedS.clone();
    }

    /** Indices of the items used only through modality T, in pool order. */
    public int[] unpairedT() {
        return unpairedT.clone();
    }

    /** Number of matched items. */
    public int numPaired() {
        return paired.length;
    }

    /** Number of S-only items. */
    public int numUnpairedS() {
        return unpairedS.length;
    }

    /** Number of T-only items. */
    public int numUnpairedT() {
        return unpairedT.length;
    }

    /**
     * Share of paired items among the items available per modality: {@code P / (P + (|S| + |T|) /
     * 2)}, 0 when all pools are empty. For a split with the default (shared) unpaired pools this is
     * the realised paired fraction of the {@code n} items.
     */
    public double pairedFraction() {
        double perModality = paired.length + (unpairedS.length + unpairedT.length) / 2.0;
        return perModality == 0 ? 0 : paired.length / perModality;
    }

    int[] pairedView() {
        return paired;
    }

    int[] unpairedSView() {
        return unpairedS;
    }

    int[] unpairedTView() {
        return unpairedT;
    }

    @Override
    public String toString() {
        return "SemiPairedPools{paired=" + paired.length + ", unpairedS=" + unpairedS.length
                + ", unpairedT=" + unpairedT.length + '}';
    }

    private static int[] checked(String name, int[] indices) {
        if (indices == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        for (int i = 0; i < indices.length; i++) {
            if (indices[i] < 0) {
                throw new IllegalArgumentException(
                        name + "[" + i + "] must be a non-negative index, got " + indices[i]);
            }
        }
        int[] sorted = indices.clone();
        Arrays.sort(sorted);
        for (int i = 1; i < sorted.length; i++) {
            if (sorted[i] == sorted[i - 1]) {
                throw new IllegalArgumentException(name + " repeats index " + sorted[i]);
            }
        }
        return indices.clone();
    }

    /** Configures a seeded split of {@code n} matched items. */
    public static final class Builder {

        private int numItems = -1;
        private double pairedFraction = Double.NaN;
        private int numPaired;
        private boolean numPairedSet;
        private long seed;
        private boolean disjointUnpaired;

        private Builder() {}

        /** Number of fully matched items, indexed {@code 0..n-1}; required, at least 1. */
        public Builder setNumItems(int numItems) {
            this.numItems = numItems;
            return this;
        }

        /**
         * Fraction of the items that stay paired, in [0, 1]; the count is {@code round(f * n)}. Set
         * this or {@link #setNumPaired(int)}, not both.
         */
        public Builder setPairedFraction(double pairedFraction) {
            this.pairedFraction = pairedFraction;
            return this;
        }

        /** Exact number of items that stay paired, in [0, n]. Set this or the fraction, not both. */
        public Builder setNumPaired(int numPaired) {
            this.numPaired = numPaired;
            this.numPairedSet = true;
            return this;
        }

        /** Seed of the choice of pairs and of the pool orders; default 0. */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * If true, the unpaired items are cut into two disjoint halves (S-only gets the first
         * {@code ceil(r / 2)} of the {@code r} unpaired items in a seeded order, T-only the rest);
         * if false (default), every unpaired item feeds both pools.
         */
        public Builder optDisjointUnpaired(boolean disjointUnpaired) {
            this.disjointUnpaired = disjointUnpaired;
            return this;
        }

        /**
         * Splits the items.
         *
         * @throws IllegalArgumentException if the number of items or pairs is missing or out of range
         */
        public SemiPairedPools build() {
            if (numItems < 1) {
                throw new IllegalArgumentException("numItems must be >= 1, got " + numItems);
            }
            boolean hasFraction = !Double.isNaN(pairedFraction);
            boolean hasCount = numPairedSet;
            if (hasFraction && hasCount) {
                throw new IllegalArgumentException("set only one of pairedFraction (" + pairedFraction
                        + ") and numPaired (" + numPaired + ")");
            }
            if (!hasFraction && !hasCount) {
                throw new IllegalArgumentException("set pairedFraction or numPaired");
            }
            int pairs;
            if (hasFraction) {
                if (!(pairedFraction >= 0 && pairedFraction <= 1)) {
                    throw new IllegalArgumentException("pairedFraction must be in [0, 1], got " + pairedFraction);
                }
                pairs = (int) Math.round(pairedFraction * numItems);
            } else {
                if (numPaired < 0 || numPaired > numItems) {
                    throw new IllegalArgumentException(
                            "numPaired must be in [0, numItems=" + numItems + "], got " + numPaired);
                }
                pairs = numPaired;
            }

            int[] order = new int[numItems];
            Arrays.setAll(order, i -> i);
            SeedStreams.shuffle(order, SeedStreams.stream(seed, STREAM_CHOICE));
            int[] chosen = Arrays.copyOfRange(order, 0, pairs);
            Arrays.sort(chosen);
            int[] rest = Arrays.copyOfRange(order, pairs, numItems);

            int[] sItems;
            int[] tItems;
            if (disjointUnpaired) {
                int half = (rest.length + 1) / 2;
                sItems = Arrays.copyOfRange(rest, 0, half);
                tItems = Arrays.copyOfRange(rest, half, rest.length);
            } else {
                sItems = rest.clone();
                tItems = rest.clone();
            }
            return new SemiPairedPools(chosen, shuffledSorted(sItems, STREAM_S), shuffledSorted(tItems, STREAM_T));
        }

        /** Sorts, then shuffles with the given stream, so the order depends only on the set and the stream. */
        private int[] shuffledSorted(int[] items, long stream) {
            Arrays.sort(items);
            Random random = SeedStreams.stream(seed, stream);
            SeedStreams.shuffle(items, random);
            return items;
        }
    }
}
