package io.github.setclip.data.batch;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;

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
 * <p><b>What the pools know beyond the pairs</b>, for {@link UnpairedSets} and for measurement:
 *
 * <ul>
 *   <li><b>Hidden pairs</b>: an unpaired S item and an unpaired T item that are the two sides of one
 *       item whose pairing is hidden from training. Pools from the builder have one for every item
 *       in both unpaired pools (the same index on both sides; none with disjoint unpaired pools);
 *       pools from {@code of(...)} have none unless declared with {@link #withHiddenPairs(int[],
 *       int[])}. See {@link #isHiddenPair(int, int)}.
 *   <li><b>Groups</b>: a weak label per item shared across modalities (album, page, class, site),
 *       declared with {@link #withGroups(int[], int[])}; none by default.
 * </ul>
 *
 * <p>Instances are immutable; accessors return copies.
 */
public final class SemiPairedPools {

    private static final long STREAM_CHOICE = 1;
    private static final long STREAM_S = 2;
    private static final long STREAM_T = 3;

    private static final int[] NONE = new int[0];

    private final int[] paired;
    private final int[] unpairedS;
    private final int[] unpairedT;
    private final int[] hiddenS;
    private final int[] hiddenT;
    private final int[] partnerOfS;
    private final int[] partnerOfT;
    private final int[] groupOfS;
    private final int[] groupOfT;

    private SemiPairedPools(int[] paired, int[] unpairedS, int[] unpairedT) {
        this(paired, unpairedS, unpairedT, NONE, NONE, null, null);
    }

    private SemiPairedPools(int[] paired, int[] unpairedS, int[] unpairedT, int[] hiddenS, int[] hiddenT,
            int[] groupOfS, int[] groupOfT) {
        this.paired = paired;
        this.unpairedS = unpairedS;
        this.unpairedT = unpairedT;
        this.hiddenS = hiddenS;
        this.hiddenT = hiddenT;
        this.partnerOfS = partners(hiddenS, hiddenT);
        this.partnerOfT = partners(hiddenT, hiddenS);
        this.groupOfS = groupOfS;
        this.groupOfT = groupOfT;
    }

    /** {@code partner[from[k]] = to[k]}, -1 elsewhere. */
    private static int[] partners(int[] from, int[] to) {
        int size = 0;
        for (int item : from) {
            size = Math.max(size, item + 1);
        }
        int[] partner = new int[size];
        Arrays.fill(partner, -1);
        for (int k = 0; k < from.length; k++) {
            partner[from[k]] = to[k];
        }
        return partner;
    }

    /** A builder that splits fully matched items into paired and unpaired pools. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Explicit pools, kept in the given order, with no hidden pairs and no groups until declared
     * ({@link #withHiddenPairs(int[], int[])}, {@link #withGroups(int[], int[])}).
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

    /**
     * These pools with the given hidden pairs (replacing any the pools had): unpaired S item {@code
     * sItems[k]} and unpaired T item {@code tItems[k]} are the two sides of one item. For
     * precomputed features, for instance, the declared pairs released to the unpaired pools.
     *
     * @param sItems unpaired S items, each at most once
     * @param tItems their partners among the unpaired T items, each at most once
     * @return new pools
     * @throws IllegalArgumentException if an array is null, the lengths differ, an item is not in
     *     its unpaired pool, or an item is in two hidden pairs
     */
    public SemiPairedPools withHiddenPairs(int[] sItems, int[] tItems) {
        if (sItems == null || tItems == null) {
            throw new IllegalArgumentException((sItems == null ? "sItems" : "tItems") + " must not be null");
        }
        if (sItems.length != tItems.length) {
            throw new IllegalArgumentException("hidden pairs need as many sItems as tItems, got "
                    + sItems.length + " and " + tItems.length);
        }
        checkHidden("sItems", sItems, unpairedS, "S");
        checkHidden("tItems", tItems, unpairedT, "T");
        return new SemiPairedPools(paired, unpairedS, unpairedT, sItems.clone(), tItems.clone(), groupOfS, groupOfT);
    }

    /**
     * These pools with the given groups (replacing any the pools had). Groups name a weak shared
     * label (the same album, page, class or site): S item {@code i} is in group {@code
     * groupOfSItem[i]} and T item {@code j} in group {@code groupOfTItem[j]}, one id space for both
     * modalities; {@code -1} means no group. The arrays are indexed by item index, so each must
     * cover every unpaired item of its modality; entries of other items are ignored.
     *
     * @param groupOfSItem group id of every S item, or -1
     * @param groupOfTItem group id of every T item, or -1
     * @return new pools
     * @throws IllegalArgumentException if an array is null, shorter than an unpaired item index
     *     needs, or holds a value below -1
     */
    public SemiPairedPools withGroups(int[] groupOfSItem, int[] groupOfTItem) {
        checkGroups("groupOfSItem", groupOfSItem, unpairedS, "S");
        checkGroups("groupOfTItem", groupOfTItem, unpairedT, "T");
        return new SemiPairedPools(paired, unpairedS, unpairedT, hiddenS, hiddenT,
                groupOfSItem.clone(), groupOfTItem.clone());
    }

    /** Number of hidden pairs (see the class documentation). */
    public int numHiddenPairs() {
        return hiddenS.length;
    }

    /**
     * Whether unpaired S item {@code s} and unpaired T item {@code t} are the two sides of one hidden
     * item: the ground truth a pseudo-pairing of unpaired rows can be scored against.
     */
    public boolean isHiddenPair(int s, int t) {
        return s >= 0 && s < partnerOfS.length && partnerOfS[s] == t && t >= 0;
    }

    /** The unpaired T item that is the hidden partner of unpaired S item {@code s}, or -1. */
    public int hiddenPartnerOfS(int s) {
        return s >= 0 && s < partnerOfS.length ? partnerOfS[s] : -1;
    }

    /** The unpaired S item that is the hidden partner of unpaired T item {@code t}, or -1. */
    public int hiddenPartnerOfT(int t) {
        return t >= 0 && t < partnerOfT.length ? partnerOfT[t] : -1;
    }

    /** Whether groups were declared. */
    public boolean hasGroups() {
        return groupOfS != null;
    }

    /** The group of S item {@code item}; -1 for none (or when no groups were declared). */
    public int groupOfS(int item) {
        return groupOf(groupOfS, item);
    }

    /** The group of T item {@code item}; -1 for none (or when no groups were declared). */
    public int groupOfT(int item) {
        return groupOf(groupOfT, item);
    }

    private static int groupOf(int[] groups, int item) {
        return groups != null && item >= 0 && item < groups.length ? groups[item] : -1;
    }

    int[] hiddenSView() {
        return hiddenS;
    }

    int[] hiddenTView() {
        return hiddenT;
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
                + ", unpairedT=" + unpairedT.length + ", hiddenPairs=" + hiddenS.length
                + (hasGroups() ? ", grouped" : "") + '}';
    }

    private static void checkHidden(String name, int[] items, int[] pool, String side) {
        Set<Integer> members = new HashSet<>();
        for (int item : pool) {
            members.add(item);
        }
        Set<Integer> seen = new HashSet<>();
        for (int k = 0; k < items.length; k++) {
            if (!members.contains(items[k])) {
                throw new IllegalArgumentException(
                        name + "[" + k + "]=" + items[k] + " is not an unpaired " + side + " item");
            }
            if (!seen.add(items[k])) {
                throw new IllegalArgumentException(name + " repeats item " + items[k]
                        + " (an item is in at most one hidden pair)");
            }
        }
    }

    private static void checkGroups(String name, int[] groups, int[] pool, String side) {
        if (groups == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        for (int item : pool) {
            if (item >= groups.length) {
                throw new IllegalArgumentException(name + " has " + groups.length + " entries but the unpaired "
                        + side + " item " + item + " needs one (the array is indexed by item)");
            }
        }
        for (int i = 0; i < groups.length; i++) {
            if (groups[i] < -1) {
                throw new IllegalArgumentException(
                        name + "[" + i + "] must be a group id >= 0, or -1 for no group, got " + groups[i]);
            }
        }
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
            int[] sPool = shuffledSorted(sItems, STREAM_S);
            int[] tPool = shuffledSorted(tItems, STREAM_T);
            int[] hidden = disjointUnpaired ? NONE : sPool.clone();
            return new SemiPairedPools(chosen, sPool, tPool, hidden, hidden, null, null);
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
