package io.github.setclip.data.batch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SemiPairedPoolsTest {

    private static SemiPairedPools split(int n, double fraction, long seed) {
        return SemiPairedPools.builder().setNumItems(n).setPairedFraction(fraction).optSeed(seed).build();
    }

    @Test
    void splitPartitionsTheItemsIntoPairsAndTheRest() {
        SemiPairedPools pools = split(1000, 0.1, 7);
        assertEquals(100, pools.numPaired());
        assertEquals(900, pools.numUnpairedS());
        assertEquals(900, pools.numUnpairedT());
        assertEquals(0.1, pools.pairedFraction(), 1e-12);

        Set<Integer> paired = toSet(pools.pairedIndices());
        Set<Integer> s = toSet(pools.unpairedS());
        assertEquals(100, paired.size());
        assertEquals(900, s.size());
        assertEquals(s, toSet(pools.unpairedT()), "both unpaired pools hold the same items");
        s.retainAll(paired);
        assertTrue(s.isEmpty(), "no paired item is also unpaired");
        int[] sortedPaired = pools.pairedIndices();
        Arrays.sort(sortedPaired);
        assertArrayEquals(sortedPaired, pools.pairedIndices(), "paired indices are ascending");
    }

    @Test
    void unpairedPoolsAreShuffledIndependently() {
        SemiPairedPools pools = split(1000, 0.0, 3);
        int[] s = pools.unpairedS();
        int[] t = pools.unpairedT();
        assertFalse(Arrays.equals(s, t));
        long same = IntStream.range(0, s.length).filter(i -> s[i] == t[i]).count();
        assertTrue(same <= 6, "positions where S and T agree should be near chance (1), got " + same);
        int[] sorted = s.clone();
        Arrays.sort(sorted);
        assertFalse(Arrays.equals(sorted, s), "S pool is not left in index order");
    }

    @Test
    void splitIsDeterministicForASeedAndDiffersAcrossSeeds() {
        SemiPairedPools a = split(200, 0.25, 11);
        SemiPairedPools b = split(200, 0.25, 11);
        SemiPairedPools c = split(200, 0.25, 12);
        assertArrayEquals(a.pairedIndices(), b.pairedIndices());
        assertArrayEquals(a.unpairedS(), b.unpairedS());
        assertArrayEquals(a.unpairedT(), b.unpairedT());
        assertFalse(Arrays.equals(a.pairedIndices(), c.pairedIndices()));
    }

    @Test
    void pairSetsAreNestedAcrossFractionsForOneSeed() {
        Set<Integer> small = toSet(split(500, 0.1, 5).pairedIndices());
        Set<Integer> large = toSet(split(500, 0.3, 5).pairedIndices());
        assertTrue(large.containsAll(small));
    }

    @Test
    void exactPairCountAndExtremeFractions() {
        SemiPairedPools counted = SemiPairedPools.builder().setNumItems(10).setNumPaired(3).build();
        assertEquals(3, counted.numPaired());
        assertEquals(7, counted.numUnpairedS());
        SemiPairedPools none = split(10, 0.0, 1);
        assertEquals(0, none.numPaired());
        assertEquals(10, none.numUnpairedT());
        SemiPairedPools all = split(10, 1.0, 1);
        assertEquals(10, all.numPaired());
        assertEquals(0, all.numUnpairedS());
        assertEquals(1.0, all.pairedFraction());
    }

    @Test
    void disjointUnpairedPoolsShareNoItem() {
        SemiPairedPools pools = SemiPairedPools.builder()
                .setNumItems(101).setPairedFraction(0.01).optSeed(9).optDisjointUnpaired(true).build();
        assertEquals(1, pools.numPaired());
        assertEquals(50, pools.numUnpairedS());
        assertEquals(50, pools.numUnpairedT());
        Set<Integer> s = toSet(pools.unpairedS());
        s.retainAll(toSet(pools.unpairedT()));
        assertTrue(s.isEmpty());
    }

    @Test
    void explicitPoolsKeepTheirOrder() {
        SemiPairedPools pools = SemiPairedPools.of(new int[] {4, 2}, new int[] {0, 1, 2}, new int[] {9});
        assertArrayEquals(new int[] {4, 2}, pools.pairedIndices());
        assertArrayEquals(new int[] {0, 1, 2}, pools.unpairedS());
        assertArrayEquals(new int[] {9}, pools.unpairedT());
    }

    @Test
    void accessorsReturnCopies() {
        SemiPairedPools pools = SemiPairedPools.of(new int[] {1}, new int[] {2}, new int[] {3});
        pools.pairedIndices()[0] = 99;
        assertArrayEquals(new int[] {1}, pools.pairedIndices());
    }

    @Test
    void badArgumentsAreRejectedWithMessages() {
        assertMessage("numItems must be >= 1, got 0",
                () -> SemiPairedPools.builder().setNumItems(0).setPairedFraction(0.5).build());
        assertMessage("pairedFraction must be in [0, 1], got 1.5", () -> split(10, 1.5, 0));
        assertMessage("pairedFraction must be in [0, 1], got -0.1", () -> split(10, -0.1, 0));
        assertMessage("numPaired must be in [0, numItems=10], got 11",
                () -> SemiPairedPools.builder().setNumItems(10).setNumPaired(11).build());
        assertMessage("set pairedFraction or numPaired", () -> SemiPairedPools.builder().setNumItems(10).build());
        assertMessage("set only one of pairedFraction (0.5) and numPaired (2)",
                () -> SemiPairedPools.builder().setNumItems(10).setPairedFraction(0.5).setNumPaired(2).build());
        assertMessage("unpairedS[1] must be a non-negative index, got -3",
                () -> SemiPairedPools.of(new int[0], new int[] {0, -3}, new int[0]));
        assertMessage("paired repeats index 5",
                () -> SemiPairedPools.of(new int[] {5, 1, 5}, new int[0], new int[0]));
        assertMessage("unpairedT must not be null", () -> SemiPairedPools.of(new int[0], new int[0], null));
    }

    @Test
    void builderPoolsMakeEveryItemInBothUnpairedPoolsAHiddenPairWithItself() {
        SemiPairedPools pools = split(100, 0.2, 4);
        assertEquals(80, pools.numHiddenPairs());
        for (int s : pools.unpairedS()) {
            assertTrue(pools.isHiddenPair(s, s));
            assertEquals(s, pools.hiddenPartnerOfS(s));
            assertEquals(s, pools.hiddenPartnerOfT(s));
            assertFalse(pools.isHiddenPair(s, (s + 1) % 100));
        }
        for (int p : pools.pairedIndices()) {
            assertFalse(pools.isHiddenPair(p, p), "a declared pair is not a hidden one");
            assertEquals(-1, pools.hiddenPartnerOfS(p));
        }
        SemiPairedPools disjoint = SemiPairedPools.builder()
                .setNumItems(100).setPairedFraction(0.2).optDisjointUnpaired(true).build();
        assertEquals(0, disjoint.numHiddenPairs(), "no unpaired S item has its partner among the unpaired T items");
        assertFalse(disjoint.isHiddenPair(disjoint.unpairedS()[0], disjoint.unpairedS()[0]));
    }

    @Test
    void explicitPoolsHaveNoHiddenPairsUntilDeclared() {
        SemiPairedPools pools = SemiPairedPools.of(new int[] {0}, new int[] {1, 2, 3}, new int[] {1, 2, 3, 4});
        assertEquals(0, pools.numHiddenPairs());
        assertFalse(pools.isHiddenPair(1, 1), "separate index spaces: the same number is not the same item");
        SemiPairedPools declared = pools.withHiddenPairs(new int[] {3, 1}, new int[] {4, 2});
        assertEquals(2, declared.numHiddenPairs());
        assertTrue(declared.isHiddenPair(3, 4));
        assertTrue(declared.isHiddenPair(1, 2));
        assertFalse(declared.isHiddenPair(1, 1));
        assertFalse(declared.isHiddenPair(2, 2));
        assertEquals(4, declared.hiddenPartnerOfS(3));
        assertEquals(1, declared.hiddenPartnerOfT(2));
        assertEquals(-1, declared.hiddenPartnerOfT(3));
        assertEquals(-1, declared.hiddenPartnerOfS(-5));
        assertEquals(0, pools.numHiddenPairs(), "pools are immutable");
    }

    @Test
    void groupsAreLookedUpByItemAndSurviveDeclaringHiddenPairs() {
        SemiPairedPools pools = SemiPairedPools.of(new int[] {0}, new int[] {1, 2}, new int[] {3});
        assertFalse(pools.hasGroups());
        assertEquals(-1, pools.groupOfS(1));
        SemiPairedPools grouped = pools.withGroups(new int[] {9, 5, -1}, new int[] {0, 0, 0, 5});
        assertTrue(grouped.hasGroups());
        assertEquals(5, grouped.groupOfS(1));
        assertEquals(-1, grouped.groupOfS(2), "-1 is no group");
        assertEquals(5, grouped.groupOfT(3));
        assertEquals(-1, grouped.groupOfT(17), "an index beyond the array has no group");
        SemiPairedPools both = grouped.withHiddenPairs(new int[] {1}, new int[] {3});
        assertEquals(5, both.groupOfS(1));
        assertTrue(both.withGroups(new int[3], new int[4]).isHiddenPair(1, 3));
    }

    @Test
    void badHiddenPairsAndGroupsAreRejectedWithMessages() {
        SemiPairedPools pools = SemiPairedPools.of(new int[] {0}, new int[] {1, 2}, new int[] {3, 4});
        assertMessage("sItems must not be null", () -> pools.withHiddenPairs(null, new int[0]));
        assertMessage("tItems must not be null", () -> pools.withHiddenPairs(new int[0], null));
        assertMessage("hidden pairs need as many sItems as tItems, got 2 and 1",
                () -> pools.withHiddenPairs(new int[] {1, 2}, new int[] {3}));
        assertMessage("sItems[1]=0 is not an unpaired S item",
                () -> pools.withHiddenPairs(new int[] {1, 0}, new int[] {3, 4}));
        assertMessage("tItems[0]=2 is not an unpaired T item",
                () -> pools.withHiddenPairs(new int[] {1}, new int[] {2}));
        assertMessage("tItems repeats item 3 (an item is in at most one hidden pair)",
                () -> pools.withHiddenPairs(new int[] {1, 2}, new int[] {3, 3}));
        assertMessage("groupOfSItem must not be null", () -> pools.withGroups(null, new int[5]));
        assertMessage("groupOfTItem must not be null", () -> pools.withGroups(new int[3], null));
        assertMessage("groupOfSItem has 2 entries but the unpaired S item 2 needs one (the array is indexed by item)",
                () -> pools.withGroups(new int[2], new int[5]));
        assertMessage("groupOfTItem[4] must be a group id >= 0, or -1 for no group, got -2",
                () -> pools.withGroups(new int[3], new int[] {0, 0, 0, 1, -2}));
    }

    static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertEquals(expected, e.getMessage());
    }

    private static Set<Integer> toSet(int[] values) {
        Set<Integer> set = new HashSet<>();
        for (int v : values) {
            set.add(v);
        }
        return set;
    }
}
