package io.github.setclip.losses;

import static io.github.setclip.losses.Fixtures.array;
import static io.github.setclip.losses.SinkhornTest.expect;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.setclip.losses.ReferencePseudoLabels.Pair;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MutualNearestNeighboursTest {

    private static NDManager manager;

    /** 40 S rows; 30 T rows are noisy copies of S rows in another order, 10 are unrelated. */
    private static final double[][] S = Fixtures.unitRows(81, 40, 6);
    private static final double[][] T = concat(
            Fixtures.perturbed(Fixtures.rows(S, permutation(30, 40)), 82, 0.15),
            Fixtures.unitRows(83, 10, 6));

    @BeforeAll
    static void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    private static int[] permutation(int count, int of) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < of; i++) {
            order.add(i);
        }
        java.util.Collections.shuffle(order, new java.util.Random(84));
        return order.subList(0, count).stream().mapToInt(Integer::intValue).toArray();
    }

    private static double[][] concat(double[][] a, double[][] b) {
        double[][] out = new double[a.length + b.length][];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static MutualNearestNeighbours miner(double delta, long blockElements) {
        return MutualNearestNeighbours.builder().optMargin(delta).optBlockElements(blockElements).build();
    }

    private static List<Pair> mined(MutualNearestNeighbours miner, double[][] s, double[][] t, DataType type) {
        PseudoPairs pairs = miner.mine(array(manager, s, type), array(manager, t, type));
        return toList(pairs);
    }

    private static List<Pair> toList(PseudoPairs pairs) {
        long[] i = pairs.sIndices().toLongArray();
        long[] j = pairs.tIndices().toLongArray();
        double[] score = pairs.scores().toType(DataType.FLOAT64, false).toDoubleArray();
        assertEquals(i.length, pairs.size());
        List<Pair> out = new ArrayList<>();
        for (int k = 0; k < i.length; k++) {
            out.add(new Pair((int) i[k], (int) j[k], score[k]));
        }
        return out;
    }

    /** Same pairs (in any order among equal scores), same scores, sorted by descending score. */
    private static void assertSamePairs(List<Pair> expected, List<Pair> actual, double tol) {
        for (int k = 1; k < actual.size(); k++) {
            assertTrue(actual.get(k - 1).score() >= actual.get(k).score(), "not sorted at " + k);
        }
        Comparator<Pair> byIndex = Comparator.comparingInt(Pair::i);
        List<Pair> e = new ArrayList<>(expected);
        List<Pair> a = new ArrayList<>(actual);
        e.sort(byIndex);
        a.sort(byIndex);
        assertEquals(e.size(), a.size(), "pair count: expected " + e + ", got " + a);
        for (int k = 0; k < e.size(); k++) {
            assertEquals(e.get(k).i(), a.get(k).i(), "pair " + k);
            assertEquals(e.get(k).j(), a.get(k).j(), "pair " + k);
            assertEquals(e.get(k).score(), a.get(k).score(), tol, "score of pair " + k);
        }
    }

    @ParameterizedTest
    @CsvSource({
        "0, 16777216", "0, 1", "0, 280", "0.02, 16777216", "0.02, 1", "0.1, 280", "0.3, 40", "5, 280"
    })
    void equalsTheBruteForceReferenceForAnyMarginAndBlockSize(double delta, long blockElements) {
        List<Pair> expected = ReferencePseudoLabels.mutualNearestNeighbours(S, T, delta);
        List<Pair> actual = mined(miner(delta, blockElements), S, T, DataType.FLOAT64);
        assertSamePairs(expected, actual, 1e-12);
        if (delta == 0) {
            assertTrue(actual.size() >= 20, "the noisy copies should mostly be found: " + actual.size());
        }
        if (delta == 5) {
            assertEquals(0, actual.size());
        }
    }

    @Test
    void equalsTheReferenceOnALargerBankInManyUnevenBlocks() {
        double[][] s = Fixtures.unitRows(85, 1500, 8);
        double[][] t = concat(Fixtures.perturbed(Fixtures.rows(s, permutation(900, 1500)), 86, 0.2),
                Fixtures.unitRows(87, 300, 8));
        List<Pair> expected = ReferencePseudoLabels.mutualNearestNeighbours(s, t, 0.01);
        List<Pair> actual = mined(miner(0.01, 1 << 16), s, t, DataType.FLOAT64);
        assertSamePairs(expected, actual, 1e-12);
        assertTrue(actual.size() > 100, "pairs found: " + actual.size());
    }

    @Test
    void aTieForTheNearestNeighbourHasMarginZeroAndGoesToTheFirstIndex() {
        // T rows 0 and 2 are the same point, the nearest to S row 1; S rows 0 and 3 are the same
        // point, the nearest to T row 1, and sit in different one-row blocks. Dyadic values, so
        // the tied similarities are exactly equal.
        double[][] s = {{0, 1}, {1, 0}, {-1, 0.25}, {0, 1}};
        double[][] t = {{1, 0.125}, {0, 1}, {1, 0.125}, {-0.75, 0.5}};
        for (long block : new long[] {1, 4, 1 << 20}) {
            List<Pair> atZero = mined(miner(0, block), s, t, DataType.FLOAT64);
            assertSamePairs(ReferencePseudoLabels.mutualNearestNeighbours(s, t, 0), atZero, 0);
            assertTrue(atZero.contains(new Pair(1, 0, 0)), "tie in T kept at delta 0: " + atZero);
            assertTrue(atZero.contains(new Pair(0, 1, 0)), "tie in S kept at delta 0: " + atZero);
            List<Pair> atTiny = mined(miner(1e-12, block), s, t, DataType.FLOAT64);
            assertSamePairs(ReferencePseudoLabels.mutualNearestNeighbours(s, t, 1e-12), atTiny, 0);
            assertTrue(atTiny.stream().noneMatch(p -> p.score() == 0), "ties rejected: " + atTiny);
            assertEquals(List.of(new Pair(2, 3, 0.375)), atTiny);
        }
    }

    @Test
    void aMarginExactlyAtDeltaIsKeptAndJustAboveIsNot() {
        // Dyadic values: every similarity and margin is exact. Margins: rows 0.75, 0.5; columns 0.5, 0.75.
        double[][] s = {{1, 0}, {0, 1}};
        double[][] t = {{1, 0.5}, {0.25, 1}};
        List<Pair> at = mined(miner(0.5, 1 << 20), s, t, DataType.FLOAT64);
        assertSamePairs(List.of(new Pair(0, 0, 0.5), new Pair(1, 1, 0.5)), at, 0);
        assertEquals(0, mined(miner(Math.nextUp(0.5), 1 << 20), s, t, DataType.FLOAT64).size());
    }

    @Test
    void withoutARunnerUpTheMarginIsInfinite() {
        double[][] one = {{1, 0}};
        double[][] three = {{1, 0.5}, {0.25, 1}, {-1, 0}};
        assertEquals(List.of(new Pair(0, 0, 0.75)), mined(miner(0, 16), one, three, DataType.FLOAT64));
        assertEquals(List.of(new Pair(0, 0, Double.POSITIVE_INFINITY)),
                mined(miner(100, 16), one, new double[][] {{0, 1}}, DataType.FLOAT64));
    }

    @Test
    void float32FindsTheSamePairsAsTheFloat64Reference() {
        List<Pair> expected = ReferencePseudoLabels.mutualNearestNeighbours(S, T, 0.02);
        for (Pair p : ReferencePseudoLabels.mutualNearestNeighbours(S, T, 0)) {
            assertTrue(Math.abs(p.score() - 0.02) > 1e-4, "fixture has a margin too close to delta");
        }
        List<Pair> actual = mined(miner(0.02, 280), S, T, DataType.FLOAT32);
        assertSamePairs(expected, actual, 1e-5);
    }

    @Test
    void mostConfidentKeepsTheLeadingPairs() {
        PseudoPairs pairs = miner(0, 1 << 20).mine(array(manager, S, DataType.FLOAT64), array(manager, T, DataType.FLOAT64));
        List<Pair> all = toList(pairs);
        assertEquals(all.subList(0, 5), toList(pairs.mostConfident(5)));
        assertEquals(all, toList(pairs.mostConfident(1000)));
        assertEquals(0, pairs.mostConfident(0).size());
        expect("k must be >= 0, got -1", () -> pairs.mostConfident(-1));
    }

    @Test
    void leavesTheCallersArraysOpenAndUnchanged() {
        NDArray s = array(manager, S, DataType.FLOAT64);
        NDArray t = array(manager, T, DataType.FLOAT64);
        double before = s.sum().getDouble() + t.sum().getDouble();
        PseudoPairs first = miner(0.02, 280).mine(s, t);
        PseudoPairs second = miner(0.02, 280).mine(s, t);
        assertEquals(before, s.sum().getDouble() + t.sum().getDouble(), 0);
        assertEquals(toList(first), toList(second));
    }

    @Test
    void emptyBanksGiveNoPairs() {
        PseudoPairs pairs =
                miner(0, 16).mine(manager.zeros(new Shape(0, 3), DataType.FLOAT64), array(manager, new double[][] {{1, 0, 0}}, DataType.FLOAT64));
        assertEquals(0, pairs.size());
        assertEquals(DataType.INT64, pairs.sIndices().getDataType());
        assertArrayEquals(new long[0], pairs.tIndices().toLongArray());
    }

    @Test
    void badInputsAreRejectedWithTheirNameAndValue() {
        MutualNearestNeighbours miner = miner(0, 16);
        NDArray s = array(manager, S, DataType.FLOAT64);
        NDArray withNaN = array(manager, T, DataType.FLOAT64);
        withNaN.set(new ai.djl.ndarray.index.NDIndex("3, 1"), Double.NaN);
        expect("same width d", () -> miner.mine(s, manager.zeros(new Shape(4, 5), DataType.FLOAT64)));
        expect("same data type", () -> miner.mine(s, array(manager, T, DataType.FLOAT32)));
        expect("T embeddings contains NaN", () -> miner.mine(s, withNaN));
        expect("margin delta must be a finite number >= 0, got -0.1", () -> MutualNearestNeighbours.builder().optMargin(-0.1));
        expect("block elements must be >= 1, got 0", () -> MutualNearestNeighbours.builder().optBlockElements(0));
    }
}
