package io.github.setclip.losses;

import static io.github.setclip.losses.Fixtures.array;
import static io.github.setclip.losses.Fixtures.assertClose;
import static io.github.setclip.losses.Fixtures.scalar;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class ContrastiveLossTest {

    private static NDManager manager;
    private final ContrastiveLoss loss = new ContrastiveLoss();

    @BeforeAll
    static void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    private NDArray logScale(double l, DataType type) {
        return manager.create(new double[] {l}).toType(type, false);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 5, 9})
    void matchesTheReferenceInFloat64(int m) {
        double[][] s = Fixtures.unitRows(1, m, 6);
        double[][] t = Fixtures.perturbed(s, 2, 0.5);
        double l = Math.log(1 / 0.07);
        double expected = ReferenceLosses.contrastive(s, t, m, l);
        double actual =
                scalar(
                        loss.compute(
                                array(manager, s, DataType.FLOAT64),
                                array(manager, t, DataType.FLOAT64),
                                logScale(l, DataType.FLOAT64)));
        assertClose(expected, actual, 1e-6, "CL float64");
    }

    @Test
    void matchesTheReferenceInFloat32() {
        double[][] s = Fixtures.unitRows(3, 8, 16);
        double[][] t = Fixtures.unitRows(4, 8, 16);
        double expected = ReferenceLosses.contrastive(s, t, 8, 2.0);
        NDArray value =
                loss.compute(
                        array(manager, s, DataType.FLOAT32),
                        array(manager, t, DataType.FLOAT32),
                        logScale(2.0, DataType.FLOAT32));
        assertEquals(DataType.FLOAT32, value.getDataType());
        assertClose(expected, scalar(value), 1e-4, "CL float32");
    }

    @Test
    void clampsTheScaleAtOneHundred() {
        double[][] s = Fixtures.unitRows(5, 4, 3);
        double[][] t = Fixtures.unitRows(6, 4, 3);
        double atCap = ReferenceLosses.contrastive(s, t, 4, Math.log(100));
        double actual =
                scalar(
                        loss.compute(
                                array(manager, s, DataType.FLOAT64),
                                array(manager, t, DataType.FLOAT64),
                                logScale(10, DataType.FLOAT64)));
        assertClose(atCap, actual, 1e-9, "CL with exp(l) > 100");
    }

    @Test
    void isExactlyZeroWithoutPairs() {
        NDArray empty = manager.zeros(new Shape(0, 4), DataType.FLOAT64);
        NDArray value = loss.compute(empty, empty, logScale(1, DataType.FLOAT64));
        assertEquals(0.0, scalar(value));
        assertEquals(new Shape(), value.getShape());
    }

    @Test
    void isNearZeroForPerfectlyAlignedPairsAtHighScale() {
        // Orthonormal rows: each pair has cosine 1, every other cosine 0.
        double[][] s = new double[5][5];
        for (int i = 0; i < 5; i++) {
            s[i][i] = 1;
        }
        double value =
                scalar(
                        loss.compute(
                                array(manager, s, DataType.FLOAT64),
                                array(manager, s, DataType.FLOAT64),
                                logScale(Math.log(100), DataType.FLOAT64)));
        assertTrue(value < 1e-40, "CL of aligned pairs at scale 100 was " + value);
    }

    @Test
    void gradientsMatchCentralDifferences() {
        double[][] s = Fixtures.unitRows(7, 5, 4);
        double[][] t = Fixtures.perturbed(s, 8, 0.7);
        double[][] l = {{1.3}};
        double error =
                GradientCheck.maxRelativeError(
                        manager, List.of(s, t, l), x -> loss.compute(x.get(0), x.get(1), x.get(2)));
        assertTrue(error < 1e-4, "relative gradient error " + error);
    }

    @Test
    void rejectsMismatchedPairs() {
        NDArray a = manager.zeros(new Shape(3, 4));
        NDArray b = manager.zeros(new Shape(2, 4));
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> loss.compute(a, b, logScale(1, DataType.FLOAT32)));
        assertTrue(e.getMessage().contains("same number of rows"), e.getMessage());
    }

    private static ContrastiveLoss loss(ClNegatives negatives) {
        return ContrastiveLoss.builder().optNegatives(negatives).build();
    }

    private static final double[] WEIGHTS = {0.5, 2.0, 0.0, 1.3};

    private NDArray weights(double[] w, DataType type) {
        return manager.create(w).toType(type, false);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 7})
    void allNegativesMatchTheReferenceInFloat64(int p) {
        double[][] s = Fixtures.unitRows(17, 9, 6);
        double[][] t = Fixtures.perturbed(s, 18, 0.5);
        double l = Math.log(1 / 0.07);
        double expected = ReferenceLosses.contrastive(s, t, p, null, true, l);
        NDArray value =
                loss(ClNegatives.ALL)
                        .compute(
                                array(manager, s, DataType.FLOAT64),
                                array(manager, t, DataType.FLOAT64),
                                p,
                                null,
                                logScale(l, DataType.FLOAT64));
        assertClose(expected, scalar(value), 1e-9, "CL with all negatives, P=" + p);
        assertTrue(
                expected > ReferenceLosses.contrastive(s, t, p, null, false, l),
                "extra negatives raise the loss");
    }

    @Test
    void allNegativesMatchTheReferenceInFloat32() {
        double[][] s = Fixtures.unitRows(19, 12, 16);
        double[][] t = Fixtures.unitRows(20, 12, 16);
        double expected = ReferenceLosses.contrastive(s, t, 5, null, true, 2.0);
        NDArray value =
                loss(ClNegatives.ALL)
                        .compute(
                                array(manager, s, DataType.FLOAT32),
                                array(manager, t, DataType.FLOAT32),
                                5,
                                null,
                                logScale(2.0, DataType.FLOAT32));
        assertEquals(DataType.FLOAT32, value.getDataType());
        assertClose(expected, scalar(value), 1e-5, "CL all negatives float32");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 7})
    void oneSidedNegativesMatchTheReferenceInFloat64(int p) {
        double[][] s = Fixtures.unitRows(41, 9, 6);
        double[][] t = Fixtures.perturbed(s, 42, 0.5);
        double l = Math.log(1 / 0.07);
        double expected = ReferenceLosses.contrastive(s, t, p, null, p, s.length, l);
        NDArray value =
                loss(ClNegatives.ONE_SIDED)
                        .compute(
                                array(manager, s, DataType.FLOAT64),
                                array(manager, t, DataType.FLOAT64),
                                p,
                                null,
                                logScale(l, DataType.FLOAT64));
        assertClose(expected, scalar(value), 1e-9, "CL with one-sided negatives, P=" + p);
        double paired = ReferenceLosses.contrastive(s, t, p, null, false, l);
        double all = ReferenceLosses.contrastive(s, t, p, null, true, l);
        assertTrue(paired < expected && expected < all, "between CL on the pairs and CL with all negatives");
    }

    @Test
    void oneSidedNegativesLeaveTheSToTDirectionAlone() {
        // Moving an unpaired T row changes nothing: no S row is scored against it.
        double[][] s = Fixtures.unitRows(43, 7, 5);
        double[][] t = Fixtures.perturbed(s, 44, 0.5);
        double[][] moved = Fixtures.perturbed(t, 45, 0.9);
        for (int i = 0; i < 4; i++) {
            moved[i] = t[i];
        }
        ContrastiveLoss oneSided = loss(ClNegatives.ONE_SIDED);
        double before = scalar(oneSided.compute(array(manager, s, DataType.FLOAT64),
                array(manager, t, DataType.FLOAT64), 4, null, logScale(2, DataType.FLOAT64)));
        double after = scalar(oneSided.compute(array(manager, s, DataType.FLOAT64),
                array(manager, moved, DataType.FLOAT64), 4, null, logScale(2, DataType.FLOAT64)));
        assertEquals(before, after, 0.0);
    }

    @Test
    void allNegativesEqualPairedWhenEveryRowIsPositive() {
        double[][] s = Fixtures.unitRows(21, 6, 5);
        double[][] t = Fixtures.perturbed(s, 22, 0.4);
        NDArray a = array(manager, s, DataType.FLOAT64);
        NDArray b = array(manager, t, DataType.FLOAT64);
        double paired = scalar(loss(ClNegatives.PAIRED).compute(a, b, 6, null, logScale(2, DataType.FLOAT64)));
        double all = scalar(loss(ClNegatives.ALL).compute(a, b, 6, null, logScale(2, DataType.FLOAT64)));
        assertClose(paired, all, 1e-12, "P = N");
    }

    @ParameterizedTest
    @EnumSource(ClNegatives.class)
    void withoutPositiveRowsTheTermIsExactlyZero(ClNegatives negatives) {
        NDArray a = array(manager, Fixtures.unitRows(23, 5, 3), DataType.FLOAT32);
        NDArray value = loss(negatives).compute(a, a, 0, null, logScale(1, DataType.FLOAT32));
        assertEquals(0.0, scalar(value));
        assertEquals(new Shape(), value.getShape());
    }

    @ParameterizedTest
    @EnumSource(ClNegatives.class)
    void weightedRowsMatchTheReference(ClNegatives negatives) {
        double[][] s = Fixtures.unitRows(24, 7, 5);
        double[][] t = Fixtures.perturbed(s, 25, 0.6);
        double expected = ReferenceLosses.contrastive(s, t, 4, WEIGHTS,
                negatives == ClNegatives.ALL ? s.length : 4, negatives == ClNegatives.PAIRED ? 4 : s.length, 1.7);
        for (DataType type : new DataType[] {DataType.FLOAT64, DataType.FLOAT32}) {
            NDArray value =
                    loss(negatives)
                            .compute(
                                    array(manager, s, type),
                                    array(manager, t, type),
                                    4,
                                    weights(WEIGHTS, type),
                                    logScale(1.7, type));
            assertEquals(type, value.getDataType());
            assertClose(expected, scalar(value), type == DataType.FLOAT64 ? 1e-9 : 1e-5,
                    "weighted CL " + negatives + " " + type);
        }
    }

    @ParameterizedTest
    @EnumSource(ClNegatives.class)
    void unitWeightsGiveTheUnweightedValue(ClNegatives negatives) {
        NDArray a = array(manager, Fixtures.unitRows(26, 8, 4), DataType.FLOAT64);
        NDArray b = array(manager, Fixtures.unitRows(27, 8, 4), DataType.FLOAT64);
        double plain = scalar(loss(negatives).compute(a, b, 5, null, logScale(2, DataType.FLOAT64)));
        double ones =
                scalar(
                        loss(negatives)
                                .compute(a, b, 5, manager.ones(new Shape(5), DataType.FLOAT64),
                                        logScale(2, DataType.FLOAT64)));
        assertClose(plain, ones, 1e-14, "unit weights");
    }

    @Test
    void zeroWeightsEverywhereGiveExactlyZero() {
        NDArray a = array(manager, Fixtures.unitRows(28, 5, 4), DataType.FLOAT64);
        NDArray value =
                loss(ClNegatives.ALL)
                        .compute(a, a, 3, manager.zeros(new Shape(3), DataType.FLOAT64),
                                logScale(1, DataType.FLOAT64));
        assertEquals(0.0, scalar(value));
    }

    @ParameterizedTest
    @EnumSource(ClNegatives.class)
    void weightedGradientsMatchCentralDifferences(ClNegatives negatives) {
        double[][] s = Fixtures.unitRows(29, 6, 4);
        double[][] t = Fixtures.perturbed(s, 30, 0.7);
        double[][] l = {{1.3}};
        ContrastiveLoss loss = loss(negatives);
        double error =
                GradientCheck.maxRelativeError(
                        manager,
                        List.of(s, t, l),
                        x -> loss.compute(x.get(0), x.get(1), 4,
                                weights(WEIGHTS, DataType.FLOAT64), x.get(2)));
        assertTrue(error < 1e-4, "relative gradient error " + error);
    }

    @Test
    void positiveWeightsAreConstants() {
        NDArray a = array(manager, Fixtures.unitRows(31, 5, 4), DataType.FLOAT64);
        NDArray b = array(manager, Fixtures.unitRows(32, 5, 4), DataType.FLOAT64);
        NDArray w = weights(WEIGHTS, DataType.FLOAT64);
        w.setRequiresGradient(true);
        a.setRequiresGradient(true);
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            collector.backward(
                    loss(ClNegatives.ALL).compute(a, b, 4, w, logScale(1, DataType.FLOAT64)));
        }
        assertEquals(0.0, scalar(w.getGradient().abs().sum()));
        assertTrue(scalar(a.getGradient().abs().sum()) > 0, "the embeddings do get a gradient");
    }

    @Test
    void rejectsBadPositiveRowsAndWeights() {
        NDArray a = manager.ones(new Shape(4, 3), DataType.FLOAT64);
        NDArray l = logScale(1, DataType.FLOAT64);
        ContrastiveLoss all = loss(ClNegatives.ALL);
        expect("0 <= P <= N = 4, got 5", () -> all.compute(a, a, 5, null, l));
        expect("got -1", () -> all.compute(a, a, -1, null, l));
        expect("shape (2)", () -> all.compute(a, a, 2, weights(new double[] {1, 1, 1}, DataType.FLOAT64), l));
        expect("got -0.5 at row 1",
                () -> all.compute(a, a, 2, weights(new double[] {1, -0.5}, DataType.FLOAT64), l));
        expect("got NaN at row 0",
                () -> all.compute(a, a, 2, weights(new double[] {Double.NaN, 1}, DataType.FLOAT64), l));
        expect("CL negatives", () -> ContrastiveLoss.builder().optNegatives(null));
    }

    private static void expect(String fragment, Runnable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
        assertTrue(
                e.getMessage().contains(fragment),
                "message '" + e.getMessage() + "' should mention '" + fragment + "'");
    }
}
