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
