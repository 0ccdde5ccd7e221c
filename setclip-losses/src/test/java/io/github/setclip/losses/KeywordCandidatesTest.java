package io.github.setclip.losses;

import static io.github.setclip.losses.Fixtures.array;
import static io.github.setclip.losses.SinkhornTest.expect;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class KeywordCandidatesTest {

    /** Keywords of four paired items over five keywords. */
    private static final double[][] PAIRED_KEYWORDS = {
        {1, 0, 0, 1, 0},
        {0, 1, 0, 0, 0},
        {0, 0, 0, 0, 0},
        {1, 1, 1, 0, 1},
    };

    private static NDManager manager;

    @BeforeAll
    static void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    private static double[][] matrix(NDArray x) {
        int n = Math.toIntExact(x.getShape().get(0));
        int m = Math.toIntExact(x.getShape().get(1));
        double[] flat = x.toType(DataType.FLOAT64, false).toDoubleArray();
        double[][] out = new double[n][m];
        for (int i = 0; i < n; i++) {
            System.arraycopy(flat, i * m, out[i], 0, m);
        }
        return out;
    }

    @Test
    void eachRowInheritsTheKeywordsOfItsHighestScoringPairedItem() {
        double[][] scores = Fixtures.unitRows(71, 9, 4);
        double[][] expected = ReferencePseudoLabels.keywordCandidates(scores, PAIRED_KEYWORDS);
        NDArray actual =
                KeywordCandidates.ofNearestPaired(
                        array(manager, scores, DataType.FLOAT64),
                        array(manager, PAIRED_KEYWORDS, DataType.FLOAT64));
        assertArrayEquals(expected, matrix(actual));
    }

    @Test
    void followsTheTransportPlanOfTheCaptionTargets() {
        double[][] sPaired = Fixtures.unitRows(72, 4, 3);
        double[][] sUnpaired = Fixtures.perturbed(Fixtures.unitRows(73, 6, 3), 74, 0.2);
        double[][] targets =
                ReferencePseudoLabels.captionTargets(
                        PseudoLabelRule.OPTIMAL_TRANSPORT, sUnpaired, sPaired, 10, 10);
        NDArray fromLoss =
                CaptionPseudoLabelLoss.builder()
                        .build()
                        .targets(
                                array(manager, sUnpaired, DataType.FLOAT64),
                                array(manager, sPaired, DataType.FLOAT64),
                                manager.create(new double[] {Math.log(10)}));
        NDArray actual =
                KeywordCandidates.ofNearestPaired(fromLoss, array(manager, PAIRED_KEYWORDS, DataType.FLOAT64));
        assertArrayEquals(ReferencePseudoLabels.keywordCandidates(targets, PAIRED_KEYWORDS), matrix(actual));
    }

    @Test
    void tiesGoToTheFirstPairedItem() {
        double[][] scores = {{0.1, 0.7, 0.2, 0.7}, {0.5, 0.5, 0.5, 0.5}};
        NDArray actual =
                KeywordCandidates.ofNearestPaired(
                        array(manager, scores, DataType.FLOAT64),
                        array(manager, PAIRED_KEYWORDS, DataType.FLOAT64));
        assertArrayEquals(new double[][] {PAIRED_KEYWORDS[1], PAIRED_KEYWORDS[0]}, matrix(actual));
    }

    @Test
    void keepsTheMaskTypeAndIsEmptyWithoutPairedItems() {
        NDArray mask = array(manager, PAIRED_KEYWORDS, DataType.FLOAT64).eq(1);
        NDArray actual =
                KeywordCandidates.ofNearestPaired(
                        array(manager, Fixtures.unitRows(75, 3, 4), DataType.FLOAT32), mask);
        assertEquals(DataType.BOOLEAN, actual.getDataType());
        NDArray none =
                KeywordCandidates.ofNearestPaired(
                        manager.zeros(new Shape(3, 0)), manager.zeros(new Shape(0, 5)));
        assertEquals(new Shape(3, 5), none.getShape());
        assertEquals(0, none.sum().getFloat());
    }

    @Test
    void rejectsAMaskWithTheWrongNumberOfPairedItems() {
        expect(
                "pairedKeywords must have one row per paired item (P = 3 columns of scores), got 4",
                () -> KeywordCandidates.ofNearestPaired(
                        manager.zeros(new Shape(2, 3)), manager.zeros(new Shape(4, 5))));
        expect("pairedKeywords must be a 2-D (P, K) mask",
                () -> KeywordCandidates.ofNearestPaired(manager.zeros(new Shape(2, 3)), manager.zeros(new Shape(3))));
    }
}
