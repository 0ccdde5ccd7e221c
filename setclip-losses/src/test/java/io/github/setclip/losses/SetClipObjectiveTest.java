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
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SetClipObjectiveTest {

    private static final int N = 8;
    private static final int M = 3;
    private static NDManager manager;

    private final double[][] s = Fixtures.unitRows(41, N, 6);
    private final double[][] t = Fixtures.perturbed(s, 42, 0.6);
    private final double[][] sPlus = Fixtures.perturbed(s, 43, 0.2);
    private final double[][] tPlus = Fixtures.perturbed(t, 44, 0.2);

    @BeforeAll
    static void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    private static SetClipObjective initialised(SetClipObjective.Builder builder, DataType type) {
        SetClipObjective objective = builder.build();
        objective.initialize(manager, type);
        return objective;
    }

    private static double referenceTotal(
            double[][] s, double[][] t, double[][] sp, double[][] tp, int m, LossWeights w) {
        double cl = ReferenceLosses.contrastive(Fixtures.rows(s, range(m)), Fixtures.rows(t, range(m)), m, Math.log(1 / 0.07));
        double mmd = ReferenceLosses.mmd(s, t, new double[6]);
        double sdd = ReferenceLosses.sdd(s, t, 1.0, true, true);
        double ssl = ReferenceLosses.ntXent(s, sp, 0.05) + ReferenceLosses.ntXent(t, tp, 0.05);
        return w.cl() * cl + w.mmd() * mmd + w.sdd() * sdd + w.ssl() * ssl;
    }

    private static int[] range(int m) {
        int[] order = new int[m];
        for (int i = 0; i < m; i++) {
            order[i] = i;
        }
        return order;
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 3, 8})
    void totalIsTheWeightedSumOfTheReferenceTerms(int paired) {
        SetClipObjective objective = initialised(SetClipObjective.builder(), DataType.FLOAT64);
        LossTerms terms =
                objective.compute(
                        array(manager, s, DataType.FLOAT64),
                        array(manager, t, DataType.FLOAT64),
                        array(manager, sPlus, DataType.FLOAT64),
                        array(manager, tPlus, DataType.FLOAT64),
                        paired);
        double expected = referenceTotal(s, t, sPlus, tPlus, paired, LossWeights.DEFAULTS);
        assertClose(expected, scalar(terms.total()), 1e-6, "total at M=" + paired);
        Map<String, Double> values = terms.toMap();
        assertEquals(List.of("cl", "mmd", "sdd", "ssl", "total"), List.copyOf(values.keySet()));
        double recombined =
                values.get("cl") + 0.2 * values.get("mmd") + 0.7 * values.get("sdd")
                        + 0.15 * values.get("ssl");
        assertClose(values.get("total"), recombined, 1e-12, "terms add up");
    }

    @Test
    void float32AgreesWithTheFloat64Reference() {
        SetClipObjective objective = initialised(SetClipObjective.builder(), DataType.FLOAT32);
        LossTerms terms =
                objective.compute(
                        array(manager, s, DataType.FLOAT32),
                        array(manager, t, DataType.FLOAT32),
                        array(manager, sPlus, DataType.FLOAT32),
                        array(manager, tPlus, DataType.FLOAT32),
                        M);
        assertEquals(DataType.FLOAT32, terms.total().getDataType());
        double expected = referenceTotal(s, t, sPlus, tPlus, M, LossWeights.DEFAULTS);
        assertClose(expected, scalar(terms.total()), 1e-4, "float32 total");
    }

    @Test
    void withoutSecondViewsTheSslTermIsZero() {
        SetClipObjective objective = initialised(SetClipObjective.builder(), DataType.FLOAT64);
        LossTerms terms =
                objective.compute(
                        array(manager, s, DataType.FLOAT64), array(manager, t, DataType.FLOAT64), M);
        assertEquals(0.0, scalar(terms.ssl()));
    }

    @Test
    void clipWeightsGiveTheContrastiveTermAlone() {
        SetClipObjective objective =
                initialised(SetClipObjective.builder().optWeights(LossWeights.CLIP), DataType.FLOAT64);
        LossTerms terms =
                objective.compute(
                        array(manager, s, DataType.FLOAT64), array(manager, t, DataType.FLOAT64), M);
        assertEquals(scalar(terms.cl()), scalar(terms.total()), 1e-15);
        assertTrue(scalar(terms.mmd()) > 0, "MMD is still reported");
    }

    @Test
    void gradientsOfTheTotalMatchCentralDifferences() {
        // MMD's bandwidth is a constant by definition: hold it fixed so differences see the same.
        SetClipObjective objective =
                initialised(
                        SetClipObjective.builder()
                                .optFixedMmdBandwidth(ReferenceLosses.mmdBandwidth(s, t)),
                        DataType.FLOAT64);
        double error =
                GradientCheck.maxRelativeError(
                        manager,
                        List.of(s, t, sPlus, tPlus),
                        x -> objective.compute(x.get(0), x.get(1), x.get(2), x.get(3), M).total());
        assertTrue(error < 1e-4, "relative gradient error " + error);
    }

    @Test
    void float32GradientsFollowTheFloat64Ones() {
        // Guards against float64 promotion of 0-d float32 terms: a cast back would detach them.
        SetClipObjective f64 = initialised(SetClipObjective.builder(), DataType.FLOAT64);
        SetClipObjective f32 = initialised(SetClipObjective.builder(), DataType.FLOAT32);
        for (int which = 0; which < 4; which++) {
            double[][] expected = gradient(f64, DataType.FLOAT64, which);
            double[][] actual = gradient(f32, DataType.FLOAT32, which);
            double error = GradientCheck.relativeError(expected, actual);
            assertTrue(error < 1e-3, "float32 gradient of input " + which + " off by " + error);
        }
    }

    private double[][] gradient(SetClipObjective objective, DataType type, int which) {
        try (NDManager scope = manager.newSubManager()) {
            NDArray[] x = {
                array(scope, s, type), array(scope, t, type),
                array(scope, sPlus, type), array(scope, tPlus, type)
            };
            x[which].setRequiresGradient(true);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray total = objective.compute(x[0], x[1], x[2], x[3], M).total();
                assertEquals(type, total.getDataType());
                collector.backward(total);
            }
            double[] flat = x[which].getGradient().toType(DataType.FLOAT64, false).toDoubleArray();
            double[][] out = new double[N][6];
            for (int i = 0; i < N; i++) {
                System.arraycopy(flat, i * 6, out[i], 0, 6);
            }
            return out;
        }
    }

    @Test
    void gradientsSurviveGarbageCollectionBetweenForwardAndBackward() {
        // DJL frees a number's temporary array at GC; a loss that saved one for backward would
        // read freed memory here (see Scalars).
        SetClipObjective objective = initialised(SetClipObjective.builder(), DataType.FLOAT64);
        double[][] expected = null;
        for (int round = 0; round < 3; round++) {
            try (NDManager scope = manager.newSubManager()) {
                NDArray x = array(scope, s, DataType.FLOAT64);
                x.setRequiresGradient(true);
                try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    NDArray total =
                            objective.compute(x, array(scope, t, DataType.FLOAT64),
                                    array(scope, sPlus, DataType.FLOAT64),
                                    array(scope, tPlus, DataType.FLOAT64), M).total();
                    scribbleOverFreedDirectMemory();
                    collector.backward(total);
                }
                double[] flat = x.getGradient().toDoubleArray();
                double[][] grad = {flat};
                if (expected == null) {
                    expected = grad;
                } else {
                    assertArrayEquals(expected[0], grad[0], 0, "gradient changed after GC");
                }
            }
        }
        SetClipObjective fixedG =
                initialised(
                        SetClipObjective.builder()
                                .optFixedMmdBandwidth(ReferenceLosses.mmdBandwidth(s, t)),
                        DataType.FLOAT64);
        double[][] numeric = GradientCheck.numeric(manager, List.of(s, t, sPlus, tPlus), 0,
                x -> fixedG.compute(x.get(0), x.get(1), x.get(2), x.get(3), M).total());
        double[] flatNumeric = java.util.Arrays.stream(numeric).flatMapToDouble(java.util.Arrays::stream).toArray();
        assertTrue(GradientCheck.relativeError(new double[][] {flatNumeric}, expected) < 1e-4,
                "gradient after GC differs from central differences");
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
    void parametersOfAnotherDataTypeAreRejectedRatherThanSilentlyDetached() {
        SetClipObjective objective = initialised(SetClipObjective.builder(), DataType.FLOAT32);
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> objective.compute(
                                array(manager, s, DataType.FLOAT64),
                                array(manager, t, DataType.FLOAT64),
                                M));
        assertTrue(e.getMessage().contains("float32") && e.getMessage().contains("float64"),
                e.getMessage());
    }

    @Test
    void logitScaleAndKernelLogitsAreTrainableParameters() {
        SetClipObjective objective = initialised(SetClipObjective.builder(), DataType.FLOAT64);
        assertEquals(2, objective.getParameters().size());
        assertClose(1 / 0.07, objective.currentLogitScale(), 1e-6, "initial scale");
        assertArrayEquals(new double[] {1 / 6.0, 1 / 6.0, 1 / 6.0, 1 / 6.0, 1 / 6.0, 1 / 6.0},
                objective.currentKernelWeights(), 1e-7);
        ParameterStore store = new ParameterStore(manager, false);
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDList out =
                    objective.forward(
                            store,
                            new NDList(
                                    array(manager, s, DataType.FLOAT64),
                                    array(manager, t, DataType.FLOAT64),
                                    manager.create(M)),
                            true);
            collector.backward(out.head());
        }
        objective.getParameters().values().forEach(p -> {
            double norm = scalar(p.getArray().getGradient().square().sum());
            assertTrue(norm > 0, p.getName() + " received no gradient");
        });
    }

    @Test
    void uniformKernelWeightsOwnNoKernelParameter() {
        SetClipObjective objective =
                initialised(SetClipObjective.builder().optLearnedKernelWeights(false), DataType.FLOAT64);
        assertEquals(1, objective.getParameters().size());
        LossTerms terms =
                objective.compute(
                        array(manager, s, DataType.FLOAT64), array(manager, t, DataType.FLOAT64), M);
        assertClose(ReferenceLosses.mmd(s, t, new double[6]), scalar(terms.mmd()), 1e-6, "MMD");
    }

    @Test
    void parametersRoundTripThroughSaveAndLoad() throws Exception {
        SetClipObjective trained = initialised(SetClipObjective.builder(), DataType.FLOAT32);
        trained.getParameters().get("logit_scale").getArray().set(new float[] {3.5f});
        trained.getParameters().get("mmd_kernel_logits").getArray()
                .set(new float[] {1, 2, 3, 4, 5, 6});
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        trained.saveParameters(new DataOutputStream(bytes));

        SetClipObjective loaded = initialised(SetClipObjective.builder(), DataType.FLOAT32);
        loaded.loadParameters(manager, new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        assertEquals(Math.exp(3.5), loaded.currentLogitScale(), 1e-4);
        assertArrayEquals(trained.currentKernelWeights(), loaded.currentKernelWeights(), 0);
    }

    @Test
    void lossAdapterFollowsDjlsContract() {
        SetClipObjective objective = initialised(SetClipObjective.builder(), DataType.FLOAT64);
        SetClipLoss loss = new SetClipLoss(objective);
        NDArray value =
                loss.evaluate(
                        new NDList(manager.create(M)),
                        new NDList(
                                array(manager, s, DataType.FLOAT64),
                                array(manager, t, DataType.FLOAT64),
                                array(manager, sPlus, DataType.FLOAT64),
                                array(manager, tPlus, DataType.FLOAT64)));
        assertClose(referenceTotal(s, t, sPlus, tPlus, M, LossWeights.DEFAULTS), scalar(value), 1e-6, "Loss");
    }

    @Test
    void everySpecErrorCaseIsRejectedWithAUsefulMessage() {
        SetClipObjective objective = initialised(SetClipObjective.builder(), DataType.FLOAT32);
        NDArray a = manager.randomNormal(new Shape(4, 3));
        NDArray narrow = manager.randomNormal(new Shape(4, 2));
        NDArray shorter = manager.randomNormal(new Shape(3, 3));
        NDArray single = manager.randomNormal(new Shape(1, 3));
        NDArray withNaN = a.duplicate();
        withNaN.set(new ai.djl.ndarray.index.NDIndex("1, 2"), Float.NaN);
        NDArray withInf = a.duplicate();
        withInf.set(new ai.djl.ndarray.index.NDIndex("0, 0"), Float.POSITIVE_INFINITY);

        expect("N >= 2", () -> objective.compute(single, single, 0));
        expect("0 <= M <= N = 4, got 5", () -> objective.compute(a, a, 5));
        expect("got -1", () -> objective.compute(a, a, -1));
        expect("same width d", () -> objective.compute(a, narrow, 0));
        expect("same number of rows", () -> objective.compute(a, shorter, 0));
        expect("S contains NaN", () -> objective.compute(withNaN, a, 0));
        expect("T contains NaN or infinite", () -> objective.compute(a, withInf, 0));
        expect("both modalities", () -> objective.compute(a, a, a, null, 0));
        expect("weight w_sdd", () -> new LossWeights(1, 0.2, -0.1, 0));
        expect("2-D", () -> objective.compute(manager.ones(new Shape(4)), a, 0));
    }

    private static void expect(String fragment, Runnable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
        assertTrue(
                e.getMessage().contains(fragment),
                "message '" + e.getMessage() + "' should mention '" + fragment + "'");
    }

    @Test
    void anUninitialisedObjectiveSaysWhatToDo() {
        SetClipObjective objective = SetClipObjective.builder().build();
        NDArray a = manager.randomNormal(new Shape(4, 3));
        IllegalStateException e =
                assertThrows(IllegalStateException.class, () -> objective.compute(a, a, 0));
        assertTrue(e.getMessage().contains("initialize"), e.getMessage());
    }
}
