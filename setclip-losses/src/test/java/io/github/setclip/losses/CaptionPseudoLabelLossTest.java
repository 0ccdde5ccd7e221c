package io.github.setclip.losses;

import static io.github.setclip.losses.Fixtures.array;
import static io.github.setclip.losses.Fixtures.assertClose;
import static io.github.setclip.losses.Fixtures.scalar;
import static io.github.setclip.losses.SinkhornTest.expect;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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

class CaptionPseudoLabelLossTest {

    private static final int U = 6;
    private static final int P = 5;
    private static final double LOG_SCALE = Math.log(5);

    private static NDManager manager;

    // Unpaired S rows near some paired S rows; paired T rows correlated with their S partners.
    private final double[][] sPaired = Fixtures.unitRows(51, P, 4);
    private final double[][] tPaired = Fixtures.perturbed(sPaired, 52, 0.4);
    private final double[][] sUnpaired = Fixtures.perturbed(Fixtures.unitRows(53, U, 4), 54, 0.1);
    private final double[][] tUnpaired = Fixtures.unitRows(55, U, 4);

    @BeforeAll
    static void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    private static NDArray f64(double[][] x) {
        return array(manager, x, DataType.FLOAT64);
    }

    private static NDArray logScale(double l, DataType type) {
        return manager.create(new double[] {l}).toType(type, false);
    }

    private static CaptionPseudoLabelLoss loss(PseudoLabelRule rule) {
        return CaptionPseudoLabelLoss.builder().optRule(rule).build();
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

    private static double[][] referenceTargets(PseudoLabelRule rule, double[][] x, double[][] xp, double l) {
        return ReferencePseudoLabels.captionTargets(rule, x, xp, ReferencePseudoLabels.cappedScale(l), 10);
    }

    @ParameterizedTest
    @EnumSource(PseudoLabelRule.class)
    void targetsEqualTheFloat64ReferenceAndEachRowSumsToOne(PseudoLabelRule rule) {
        double[][] expected = referenceTargets(rule, sUnpaired, sPaired, LOG_SCALE);
        double[][] actual =
                matrix(loss(rule).targets(f64(sUnpaired), f64(sPaired), logScale(LOG_SCALE, DataType.FLOAT64)));
        for (int u = 0; u < U; u++) {
            double sum = 0;
            for (int j = 0; j < P; j++) {
                assertClose(expected[u][j], actual[u][j], 1e-9, rule + " target[" + u + "][" + j + "]");
                assertTrue(actual[u][j] >= 0);
                sum += actual[u][j];
            }
            assertEquals(1.0, sum, 1e-12, rule + " row " + u + " sums to 1");
        }
    }

    @Test
    void optimalTransportSpreadsTheUnpairedRowsOverThePairedOnes() {
        // Uniform column marginals: each paired row receives about U/P of the unpaired mass, which
        // is what distinguishes the plan from Soft-PL when many unpaired rows share one neighbour.
        Sinkhorn converged = Sinkhorn.builder().optIterations(1000).build();
        NDArray plan =
                converged.plan(
                        f64(sUnpaired).matMul(f64(sPaired).transpose()).neg().add(1), 1 / 5.0);
        double[] columns = plan.sum(new int[] {0}).toDoubleArray();
        for (double c : columns) {
            assertEquals(1.0 / P, c, 1e-6);
        }
        double[][] targets =
                matrix(CaptionPseudoLabelLoss.builder().optSinkhornIterations(1000).build()
                        .targets(f64(sUnpaired), f64(sPaired), logScale(LOG_SCALE, DataType.FLOAT64)));
        for (int j = 0; j < P; j++) {
            double mass = 0;
            for (int u = 0; u < U; u++) {
                mass += targets[u][j];
            }
            assertEquals((double) U / P, mass, 1e-6, "target mass on paired row " + j);
        }
    }

    @Test
    void hardTargetsAreOneHotAtTheNearestPairedRow() {
        double[][] actual =
                matrix(loss(PseudoLabelRule.HARD_NEAREST)
                        .targets(f64(sUnpaired), f64(sPaired), logScale(LOG_SCALE, DataType.FLOAT64)));
        for (int u = 0; u < U; u++) {
            double[] similarities = new double[P];
            for (int j = 0; j < P; j++) {
                similarities[j] = ReferencePseudoLabels.dot(sUnpaired[u], sPaired[j]);
            }
            double[] oneHot = new double[P];
            oneHot[ReferencePseudoLabels.argmax(similarities)] = 1;
            assertArrayEquals(oneHot, actual[u], 0, "row " + u);
        }
    }

    @ParameterizedTest
    @EnumSource(PseudoLabelRule.class)
    void lossEqualsTheFloat64Reference(PseudoLabelRule rule) {
        double[][] q = referenceTargets(rule, sUnpaired, sPaired, LOG_SCALE);
        double expected =
                ReferencePseudoLabels.captionLoss(sUnpaired, tPaired, q, ReferencePseudoLabels.cappedScale(LOG_SCALE));
        double actual =
                scalar(loss(rule).compute(f64(sUnpaired), f64(sPaired), f64(tPaired), logScale(LOG_SCALE, DataType.FLOAT64)));
        assertClose(expected, actual, 1e-9, rule + " loss");
    }

    @Test
    void theReverseDirectionIsTheSameClassWithSwappedArguments() {
        double[][] q = referenceTargets(PseudoLabelRule.OPTIMAL_TRANSPORT, tUnpaired, tPaired, LOG_SCALE);
        double expected =
                ReferencePseudoLabels.captionLoss(tUnpaired, sPaired, q, ReferencePseudoLabels.cappedScale(LOG_SCALE));
        double actual =
                scalar(loss(PseudoLabelRule.OPTIMAL_TRANSPORT)
                        .compute(f64(tUnpaired), f64(tPaired), f64(sPaired), logScale(LOG_SCALE, DataType.FLOAT64)));
        assertClose(expected, actual, 1e-9, "T-to-S loss");
    }

    @Test
    void aFixedTargetTemperatureReplacesTheLogitScaleInTheTargetsOnly() {
        CaptionPseudoLabelLoss fixed =
                CaptionPseudoLabelLoss.builder().optTargetTemperature(0.05).build();
        double[][] q =
                ReferencePseudoLabels.captionTargets(PseudoLabelRule.OPTIMAL_TRANSPORT, sUnpaired, sPaired, 20, 10);
        double expected =
                ReferencePseudoLabels.captionLoss(sUnpaired, tPaired, q, ReferencePseudoLabels.cappedScale(LOG_SCALE));
        double actual =
                scalar(fixed.compute(f64(sUnpaired), f64(sPaired), f64(tPaired), logScale(LOG_SCALE, DataType.FLOAT64)));
        assertClose(expected, actual, 1e-9, "loss with target temperature 0.05");
    }

    @Test
    void theLogitScaleIsCappedAtOneHundredInLogitsAndTargets() {
        double[][] q = referenceTargets(PseudoLabelRule.OPTIMAL_TRANSPORT, sUnpaired, sPaired, Math.log(100));
        double expected = ReferencePseudoLabels.captionLoss(sUnpaired, tPaired, q, 100);
        double actual =
                scalar(loss(PseudoLabelRule.OPTIMAL_TRANSPORT)
                        .compute(f64(sUnpaired), f64(sPaired), f64(tPaired), logScale(8, DataType.FLOAT64)));
        assertClose(expected, actual, 1e-9, "loss at exp(l) > 100");
    }

    @Test
    void float32AgreesWithTheFloat64Reference() {
        double l = Math.log(1 / 0.07);
        double[][] q = referenceTargets(PseudoLabelRule.OPTIMAL_TRANSPORT, sUnpaired, sPaired, l);
        double expected =
                ReferencePseudoLabels.captionLoss(sUnpaired, tPaired, q, ReferencePseudoLabels.cappedScale(l));
        NDArray value =
                loss(PseudoLabelRule.OPTIMAL_TRANSPORT)
                        .compute(
                                array(manager, sUnpaired, DataType.FLOAT32),
                                array(manager, sPaired, DataType.FLOAT32),
                                array(manager, tPaired, DataType.FLOAT32),
                                logScale(l, DataType.FLOAT32));
        assertEquals(DataType.FLOAT32, value.getDataType());
        assertClose(expected, scalar(value), 1e-4, "float32 loss");
    }

    @Test
    void withDetachedTargetsGradientsMatchCentralDifferencesOfTheFixedTargetLoss() {
        CaptionPseudoLabelLoss loss = loss(PseudoLabelRule.OPTIMAL_TRANSPORT);
        double[][] q = referenceTargets(PseudoLabelRule.OPTIMAL_TRANSPORT, sUnpaired, sPaired, LOG_SCALE);
        double[][] l = {{LOG_SCALE}};
        // Central differences with the targets held at their value at the base point ...
        double error =
                GradientCheck.maxRelativeError(
                        manager,
                        List.of(sUnpaired, tPaired, l),
                        x -> loss.loss(x.get(0), x.get(1), array(x.get(0).getManager(), q, DataType.FLOAT64), x.get(2)));
        assertTrue(error < 1e-6, "relative gradient error " + error);
        // ... are what autograd gives through compute(), which forms the targets itself.
        List<double[][]> inputs = List.of(sUnpaired, sPaired, tPaired, l);
        java.util.function.Function<List<NDArray>, NDArray> full =
                x -> loss.compute(x.get(0), x.get(1), x.get(2), x.get(3));
        double[][] numeric =
                GradientCheck.numeric(
                        manager,
                        List.of(sUnpaired, tPaired, l),
                        0,
                        x -> loss.loss(x.get(0), x.get(1), array(x.get(0).getManager(), q, DataType.FLOAT64), x.get(2)));
        double[][] autograd = GradientCheck.autograd(manager, inputs, 0, full);
        assertTrue(GradientCheck.relativeError(autograd, numeric) < 1e-6, "compute() gradient");
    }

    @Test
    void withDetachedTargetsThePairedRowsOfTheSameModalityGetNoGradient() {
        CaptionPseudoLabelLoss loss = loss(PseudoLabelRule.OPTIMAL_TRANSPORT);
        try (NDManager scope = manager.newSubManager()) {
            NDArray unpaired = array(scope, sUnpaired, DataType.FLOAT64);
            NDArray paired = array(scope, sPaired, DataType.FLOAT64);
            unpaired.setRequiresGradient(true);
            paired.setRequiresGradient(true);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                collector.backward(
                        loss.compute(
                                unpaired,
                                paired,
                                array(scope, tPaired, DataType.FLOAT64),
                                scope.create(new double[] {LOG_SCALE})));
            }
            assertEquals(0.0, scalar(paired.getGradient().abs().sum()));
            assertTrue(scalar(unpaired.getGradient().abs().sum()) > 0);
        }
    }

    @ParameterizedTest
    @EnumSource(value = PseudoLabelRule.class, names = {"OPTIMAL_TRANSPORT", "SOFT_NEAREST"})
    void withTargetGradientAutogradRunsThroughTheTargetsAsS_ClipsCodeDoes(PseudoLabelRule rule) {
        CaptionPseudoLabelLoss loss =
                CaptionPseudoLabelLoss.builder().optRule(rule).optTargetGradient(true).build();
        double error =
                GradientCheck.maxRelativeError(
                        manager,
                        List.of(sUnpaired, sPaired, tPaired, new double[][] {{LOG_SCALE}}),
                        x -> loss.compute(x.get(0), x.get(1), x.get(2), x.get(3)));
        assertTrue(error < 1e-6, rule + " relative gradient error " + error);
    }

    @Test
    void isExactlyZeroWithoutUnpairedOrPairedRows() {
        CaptionPseudoLabelLoss loss = loss(PseudoLabelRule.OPTIMAL_TRANSPORT);
        NDArray none = manager.zeros(new Shape(0, 4), DataType.FLOAT64);
        NDArray l = logScale(LOG_SCALE, DataType.FLOAT64);
        NDArray noUnpaired = loss.compute(none, f64(sPaired), f64(tPaired), l);
        NDArray noPairs = loss.compute(f64(sUnpaired), none, none, l);
        assertEquals(0.0, scalar(noUnpaired));
        assertEquals(0.0, scalar(noPairs));
        assertEquals(new Shape(), noPairs.getShape());
        assertEquals(new Shape(U, 0), loss.targets(f64(sUnpaired), none, l).getShape());
    }

    @Test
    void gradientsSurviveGarbageCollectionBetweenForwardAndBackward() {
        CaptionPseudoLabelLoss loss =
                CaptionPseudoLabelLoss.builder().optTargetGradient(true).build();
        double[] first = null;
        for (int round = 0; round < 3; round++) {
            try (NDManager scope = manager.newSubManager()) {
                NDArray x = array(scope, sUnpaired, DataType.FLOAT64);
                x.setRequiresGradient(true);
                try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    NDArray value =
                            loss.compute(
                                    x,
                                    array(scope, sPaired, DataType.FLOAT64),
                                    array(scope, tPaired, DataType.FLOAT64),
                                    scope.create(new double[] {LOG_SCALE}));
                    scribbleOverFreedDirectMemory();
                    collector.backward(value);
                }
                double[] gradient = x.getGradient().toDoubleArray();
                if (first == null) {
                    first = gradient;
                } else {
                    assertArrayEquals(first, gradient, 0, "gradient changed after GC");
                }
            }
        }
    }

    /** Collects garbage, then refills freed native memory with NaN bit patterns. */
    private static void scribbleOverFreedDirectMemory() {
        for (int round = 0; round < 3; round++) {
            System.gc();
            for (int i = 0; i < 256; i++) {
                java.nio.ByteBuffer junk = java.nio.ByteBuffer.allocateDirect(64);
                while (junk.hasRemaining()) {
                    junk.put((byte) 0xFF);
                }
            }
        }
    }

    @Test
    void badInputsAreRejectedWithTheirNameAndValue() {
        CaptionPseudoLabelLoss loss = loss(PseudoLabelRule.OPTIMAL_TRANSPORT);
        NDArray l = logScale(LOG_SCALE, DataType.FLOAT64);
        NDArray narrow = manager.zeros(new Shape(U, 3), DataType.FLOAT64);
        NDArray withNaN = f64(sUnpaired);
        withNaN.set(new ai.djl.ndarray.index.NDIndex("0, 1"), Double.NaN);
        expect("same width d", () -> loss.compute(narrow, f64(sPaired), f64(tPaired), l));
        expect("same number of rows", () -> loss.compute(f64(sUnpaired), f64(sPaired), f64(tUnpaired), l));
        expect("logScale must hold exactly one value", () -> loss.compute(f64(sUnpaired), f64(sPaired), f64(tPaired), manager.zeros(new Shape(2), DataType.FLOAT64)));
        expect("logScale must be float64 like the embeddings, got float32", () -> loss.compute(f64(sUnpaired), f64(sPaired), f64(tPaired), logScale(1, DataType.FLOAT32)));
        expect("unpaired contains NaN", () -> loss.compute(withNaN, f64(sPaired), f64(tPaired), l));
        NDArray partnersWithNaN = f64(tPaired);
        partnersWithNaN.set(new ai.djl.ndarray.index.NDIndex("2, 0"), Double.NaN);
        expect("partners contains NaN", () -> loss.compute(f64(sUnpaired), f64(sPaired), partnersWithNaN, l));
        expect("partners contains NaN",
                () -> loss.loss(f64(sUnpaired), partnersWithNaN, manager.zeros(new Shape(U, P), DataType.FLOAT64), l));
        expect("targets must be float64 like the embeddings, got float32",
                () -> loss.loss(f64(sUnpaired), f64(tPaired), manager.zeros(new Shape(U, P)), l));
        expect("targets must have shape (U, P) = (6, 5), got (6, 4)",
                () -> loss.loss(f64(sUnpaired), f64(tPaired), manager.zeros(new Shape(U, 4), DataType.FLOAT64), l));
        expect("targetTemperature must be a positive finite number, got -1.0",
                () -> CaptionPseudoLabelLoss.builder().optTargetTemperature(-1));
        expect("Sinkhorn iterations must be >= 1, got 0",
                () -> CaptionPseudoLabelLoss.builder().optSinkhornIterations(0));
        expect("rule must not be null", () -> CaptionPseudoLabelLoss.builder().optRule(null));
    }
}
