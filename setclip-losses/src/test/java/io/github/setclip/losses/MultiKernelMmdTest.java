package io.github.setclip.losses;

import static io.github.setclip.losses.Fixtures.array;
import static io.github.setclip.losses.Fixtures.assertClose;
import static io.github.setclip.losses.Fixtures.scalar;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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

class MultiKernelMmdTest {

    private static final double[] LOGITS = {0.3, -0.2, 0.0, 0.5, -0.4, 0.1};

    private static NDManager manager;
    private final MultiKernelMmd mmd = MultiKernelMmd.builder().build();
    private final double[][] s = Fixtures.unitRows(21, 7, 5);
    private final double[][] t = Fixtures.perturbed(Fixtures.unitRows(22, 7, 5), 23, 0.2);

    @BeforeAll
    static void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    private NDArray logits(DataType type) {
        return manager.create(LOGITS).toType(type, false);
    }

    private double value(double[][] a, double[][] b, NDArray logits, DataType type) {
        return scalar(
                mmd.compute(array(manager, a, type), array(manager, b, type), logits).value());
    }

    @Test
    void defaultFamilyHasFiveGaussiansAndOnePolynomial() {
        assertEquals(6, mmd.kernelCount());
    }

    @Test
    void perKernelValuesMatchTheReference() {
        double[] expected = ReferenceLosses.mmdPerKernel(s, t, -2, 2, true);
        MultiKernelMmd.Result result =
                mmd.compute(
                        array(manager, s, DataType.FLOAT64),
                        array(manager, t, DataType.FLOAT64),
                        null);
        double[] actual = result.perKernel().toDoubleArray();
        for (int u = 0; u < expected.length; u++) {
            assertClose(expected[u], actual[u], 1e-6, "MMD kernel " + u);
        }
        assertArrayEquals(
                new double[] {1 / 6.0, 1 / 6.0, 1 / 6.0, 1 / 6.0, 1 / 6.0, 1 / 6.0},
                result.weights().toDoubleArray(),
                1e-12);
    }

    @Test
    void learnedWeightsMatchTheReferenceInFloat64AndFloat32() {
        double expected = ReferenceLosses.mmd(s, t, LOGITS);
        assertClose(expected, value(s, t, logits(DataType.FLOAT64), DataType.FLOAT64), 1e-6, "f64");
        assertClose(expected, value(s, t, logits(DataType.FLOAT32), DataType.FLOAT32), 1e-4, "f32");
    }

    @Test
    void isZeroForIdenticalSets() {
        assertEquals(0.0, value(s, s, logits(DataType.FLOAT64), DataType.FLOAT64), 1e-12);
    }

    @Test
    void isSymmetricAndInvariantToRowOrder() {
        double base = value(s, t, logits(DataType.FLOAT64), DataType.FLOAT64);
        assertClose(base, value(t, s, logits(DataType.FLOAT64), DataType.FLOAT64), 1e-9, "swap");
        int[] order = {3, 0, 6, 1, 5, 2, 4};
        double permuted =
                value(
                        Fixtures.rows(s, order),
                        Fixtures.rows(t, new int[] {6, 5, 4, 3, 2, 1, 0}),
                        logits(DataType.FLOAT64),
                        DataType.FLOAT64);
        assertClose(base, permuted, 1e-9, "row permutation");
    }

    @Test
    void embeddingGradientsMatchCentralDifferencesWithTheBandwidthHeldConstant() {
        MultiKernelMmd fixed =
                MultiKernelMmd.builder()
                        .optFixedBandwidth(ReferenceLosses.mmdBandwidth(s, t))
                        .build();
        double error =
                GradientCheck.maxRelativeError(
                        manager,
                        List.of(s, t),
                        x -> fixed.compute(x.get(0), x.get(1), logits(DataType.FLOAT64)).value());
        assertTrue(error < 1e-4, "relative gradient error " + error);
    }

    @Test
    void noGradientFlowsThroughTheAdaptiveBandwidth() {
        MultiKernelMmd fixed =
                MultiKernelMmd.builder()
                        .optFixedBandwidth(ReferenceLosses.mmdBandwidth(s, t))
                        .build();
        for (int which = 0; which < 2; which++) {
            double[][] adaptive =
                    GradientCheck.autograd(
                            manager, List.of(s, t), which,
                            x -> mmd.compute(x.get(0), x.get(1), logits(DataType.FLOAT64)).value());
            double[][] constant =
                    GradientCheck.autograd(
                            manager, List.of(s, t), which,
                            x -> fixed.compute(x.get(0), x.get(1), logits(DataType.FLOAT64)).value());
            assertTrue(GradientCheck.relativeError(adaptive, constant) < 1e-12);
        }
    }

    @Test
    void kernelWeightsReceiveTheReversedGradient() {
        NDArray w = logits(DataType.FLOAT64);
        w.setRequiresGradient(true);
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            collector.backward(
                    mmd.compute(
                                    array(manager, s, DataType.FLOAT64),
                                    array(manager, t, DataType.FLOAT64),
                                    w)
                            .value());
        }
        double[] autograd = w.getGradient().toDoubleArray();
        double[] ascent = new double[LOGITS.length];
        for (int u = 0; u < LOGITS.length; u++) {
            double[] plus = LOGITS.clone();
            double[] minus = LOGITS.clone();
            plus[u] += 1e-6;
            minus[u] -= 1e-6;
            ascent[u] = (ReferenceLosses.mmd(s, t, plus) - ReferenceLosses.mmd(s, t, minus)) / 2e-6;
        }
        double diff = 0;
        double norm = 0;
        for (int u = 0; u < ascent.length; u++) {
            diff += Math.pow(autograd[u] + ascent[u], 2);
            norm += ascent[u] * ascent[u];
        }
        assertTrue(norm > 0, "the weight gradient must not vanish on these inputs");
        assertTrue(Math.sqrt(diff / norm) < 1e-4, "weight gradient is not -dMMD/dw");
    }

    @Test
    void identicalPointsGiveZeroNotNaN() {
        double[][] same = {{1, 0}, {1, 0}, {1, 0}};
        assertEquals(0.0, value(same, same, null, DataType.FLOAT64));
    }

    @Test
    void rejectsFewerThanTwoRows() {
        NDArray one = manager.ones(new Shape(1, 3));
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> mmd.compute(one, one, null));
        assertTrue(e.getMessage().contains("N >= 2"), e.getMessage());
    }

    @Test
    void rejectsLogitsOfTheWrongLength() {
        NDArray a = array(manager, s, DataType.FLOAT32);
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> mmd.compute(a, a, manager.zeros(new Shape(4))));
        assertTrue(e.getMessage().contains("6 values"), e.getMessage());
    }
}
