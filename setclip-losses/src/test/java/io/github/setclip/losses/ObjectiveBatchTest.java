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
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The objective's batch entry point: P positive rows, weights, memory rows, forms, overrides. */
class ObjectiveBatchTest {

    private static final int N = 9;
    private static final int D = 5;
    private static final int P = 4;
    private static final int Q = 3;
    /** The objective's initial log-scale, as its float parameter holds it. */
    private static final double LOG_SCALE = (float) Math.log(1 / 0.07);
    private static final double[] OMEGA = {1.5, 0.25, 0, 2};
    private static NDManager manager;

    private final double[][] s = Fixtures.unitRows(61, N, D);
    private final double[][] t = Fixtures.perturbed(s, 62, 0.5);
    private final double[][] sPlus = Fixtures.perturbed(s, 63, 0.2);
    private final double[][] tPlus = Fixtures.perturbed(t, 64, 0.2);
    private final double[][] memoryS = Fixtures.unitRows(65, Q, D);
    private final double[][] memoryT = Fixtures.unitRows(66, Q, D);

    @BeforeAll
    static void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    private static SetClipObjective objective(SetClipObjective.Builder builder) {
        SetClipObjective objective = builder.build();
        objective.initialize(manager, DataType.FLOAT64);
        return objective;
    }

    private static NDArray f64(double[][] x) {
        return array(manager, x, DataType.FLOAT64);
    }

    private ObjectiveBatch.Builder batch() {
        return ObjectiveBatch.builder().setEmbeddings(f64(s), f64(t)).setPositiveRows(P);
    }

    @Test
    void theOldOverloadsGiveTheSameTermsAsTheBatchForm() {
        SetClipObjective objective = objective(SetClipObjective.builder());
        NDArray a = f64(s);
        NDArray b = f64(t);
        NDArray ap = f64(sPlus);
        NDArray bp = f64(tPlus);
        Map<String, Double> old = objective.compute(a, b, ap, bp, P).toMap();
        Map<String, Double> batch =
                objective
                        .compute(
                                null,
                                ObjectiveBatch.builder()
                                        .setEmbeddings(a, b)
                                        .setPositiveRows(P)
                                        .optSecondViews(ap, bp)
                                        .build())
                        .toMap();
        assertEquals(old, batch);
    }

    @Test
    void positiveRowWeightsWeighTheContrastiveTerm() {
        SetClipObjective objective =
                objective(SetClipObjective.builder().optClNegatives(ClNegatives.ALL));
        LossTerms terms =
                objective.compute(
                        null,
                        batch().optPositiveWeights(manager.create(OMEGA)).build());
        double expected = ReferenceLosses.contrastive(s, t, P, OMEGA, true, LOG_SCALE);
        assertClose(expected, scalar(terms.cl()), 1e-9, "weighted CL with all negatives");
    }

    @Test
    void pairedNegativesAreTheDefault() {
        SetClipObjective objective = objective(SetClipObjective.builder());
        assertEquals(ClNegatives.PAIRED, objective.contrastive().negatives());
        LossTerms terms = objective.compute(null, batch().build());
        double expected = ReferenceLosses.contrastive(s, t, P, null, false, LOG_SCALE);
        assertClose(expected, scalar(terms.cl()), 1e-9, "CL on the pairs");
    }

    @Test
    void perCallWeightsReplaceTheObjectivesWeights() {
        SetClipObjective objective = objective(SetClipObjective.builder());
        LossWeights balanced = new LossWeights(0.5, 3, 0.1, 0.7);
        LossTerms terms =
                objective.compute(
                        null,
                        batch().optSecondViews(f64(sPlus), f64(tPlus)).optWeights(balanced).build());
        Map<String, Double> v = terms.toMap();
        double expected =
                0.5 * v.get("cl") + 3 * v.get("mmd") + 0.1 * v.get("sdd") + 0.7 * v.get("ssl");
        assertClose(expected, v.get("total"), 1e-12, "total under the override");
        LossTerms plain =
                objective.compute(null, batch().optSecondViews(f64(sPlus), f64(tPlus)).build());
        assertEquals(scalar(plain.sdd()), v.get("sdd"), "the terms themselves do not change");
    }

    @Test
    void aZeroWeightInTheOverrideDetachesItsTerm() {
        SetClipObjective objective = objective(SetClipObjective.builder());
        double[] withDetachedTerms = gradientOfS(objective, true);
        double[] clAlone = gradientOfS(objective, false);
        assertTrue(GradientCheck.relativeError(new double[][] {clAlone},
                new double[][] {withDetachedTerms}) < 1e-15, "MMD and SDD add no gradient");
    }

    private double[] gradientOfS(SetClipObjective objective, boolean everyTerm) {
        NDArray a = f64(s);
        a.setRequiresGradient(true);
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            LossTerms terms =
                    objective.compute(
                            null,
                            ObjectiveBatch.builder()
                                    .setEmbeddings(a, f64(t))
                                    .setPositiveRows(P)
                                    .optWeights(new LossWeights(1, 0, 0, 0))
                                    .build());
            collector.backward(
                    everyTerm ? terms.total().add(terms.sdd()).add(terms.mmd()) : terms.cl());
        }
        return a.getGradient().toDoubleArray();
    }

    @Test
    void authorsFormDefaultsToBandwidthOneHalfAndSpecFormToOne() {
        assertEquals(1.0, objective(SetClipObjective.builder()).sdd().bandwidth());
        SetClipObjective authors =
                objective(SetClipObjective.builder().optSddForm(SddForm.AUTHORS));
        assertEquals(0.5, authors.sdd().bandwidth());
        assertEquals(SddForm.AUTHORS, authors.sdd().form());
        assertEquals(
                0.3,
                objective(SetClipObjective.builder().optBandwidth(0.3).optSddForm(SddForm.AUTHORS))
                        .sdd()
                        .bandwidth());
        assertEquals(0.3, objective(SetClipObjective.builder().optBandwidth(0.3)).sdd().bandwidth());
        LossTerms terms = authors.compute(null, batch().build());
        assertClose(ReferenceLosses.sddAuthors(s, t, 0.5), scalar(terms.sdd()), 1e-9, "authors");
    }

    @Test
    void authorsFormRejectsOptionsItDoesNotHave() {
        expect(
                "divergence MSE",
                () ->
                        SetClipObjective.builder()
                                .optSddForm(SddForm.AUTHORS)
                                .optSddDivergence(SddDivergence.MSE)
                                .build());
        expect(
                "relative distance off",
                () ->
                        SetClipObjective.builder()
                                .optSddForm(SddForm.AUTHORS)
                                .optRelativeDistance(false)
                                .build());
    }

    @Test
    void memoryRowsExtendTheSetsThatMmdAndSddCompare() {
        SetClipObjective objective = objective(SetClipObjective.builder());
        LossTerms terms =
                objective.compute(null, batch().optMemory(f64(memoryS), f64(memoryT)).build());
        double[][] sAll = ReferenceLosses.concat(s, memoryS);
        double[][] tAll = ReferenceLosses.concat(t, memoryT);
        assertClose(ReferenceLosses.mmd(sAll, tAll, new double[6]), scalar(terms.mmd()), 1e-9, "MMD");
        assertClose(ReferenceLosses.sdd(sAll, tAll, 1, true, true), scalar(terms.sdd()), 1e-9, "SDD");
        double cl = ReferenceLosses.contrastive(s, t, P, null, false, LOG_SCALE);
        assertClose(cl, scalar(terms.cl()), 1e-9, "CL ignores the memory");

        SetClipObjective authors =
                objective(SetClipObjective.builder().optSddForm(SddForm.AUTHORS));
        LossTerms authorsTerms =
                authors.compute(null, batch().optMemory(f64(memoryS), f64(memoryT)).build());
        assertClose(ReferenceLosses.sddAuthors(sAll, tAll, 0.5), scalar(authorsTerms.sdd()), 1e-9,
                "authors' SDD");
    }

    @Test
    void emptyMemoryChangesNothing() {
        SetClipObjective objective = objective(SetClipObjective.builder());
        NDArray empty = manager.zeros(new Shape(0, D), DataType.FLOAT64);
        assertEquals(
                objective.compute(null, batch().build()).toMap(),
                objective.compute(null, batch().optMemory(empty, empty).build()).toMap());
    }

    @Test
    void memoryRowsGetNoGradientAndBatchRowsGetTheConcatenatedGradient() {
        // Held fixed, g is the same constant in both computations.
        double g =
                ReferenceLosses.mmdBandwidth(
                        ReferenceLosses.concat(s, memoryS), ReferenceLosses.concat(t, memoryT));
        for (SddForm form : SddForm.values()) {
            SetClipObjective objective =
                    objective(
                            SetClipObjective.builder()
                                    .optSddForm(form)
                                    .optFixedMmdBandwidth(g)
                                    .optWeights(new LossWeights(0, 0.2, 0.7, 0)));
            NDArray[] withMemory = {f64(s), f64(t), f64(memoryS), f64(memoryT)};
            for (NDArray x : withMemory) {
                x.setRequiresGradient(true);
            }
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                collector.backward(
                        objective
                                .compute(
                                        null,
                                        ObjectiveBatch.builder()
                                                .setEmbeddings(withMemory[0], withMemory[1])
                                                .setPositiveRows(0)
                                                .optMemory(withMemory[2], withMemory[3])
                                                .build())
                                .total());
            }
            assertEquals(0.0, scalar(withMemory[2].getGradient().abs().sum()), "Q_S gradient");
            assertEquals(0.0, scalar(withMemory[3].getGradient().abs().sum()), "Q_T gradient");

            NDArray sAll = f64(ReferenceLosses.concat(s, memoryS));
            NDArray tAll = f64(ReferenceLosses.concat(t, memoryT));
            sAll.setRequiresGradient(true);
            tAll.setRequiresGradient(true);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                collector.backward(objective.compute(sAll, tAll, 0).total());
            }
            for (int which = 0; which < 2; which++) {
                NDArray concatenated = (which == 0 ? sAll : tAll).getGradient().get("0:{}", N);
                NDArray batchOnly = withMemory[which].getGradient();
                double error =
                        scalar(concatenated.sub(batchOnly).norm())
                                / scalar(concatenated.norm());
                assertTrue(error < 1e-12, form + " gradient of input " + which + " off by " + error);
            }
        }
    }

    @Test
    void badBatchesAreRejectedWithAUsefulMessage() {
        SetClipObjective objective = objective(SetClipObjective.builder());
        NDArray a = f64(s);
        NDArray narrow = manager.zeros(new Shape(Q, D - 1), DataType.FLOAT64);
        NDArray q3 = f64(memoryS);
        NDArray q2 = manager.zeros(new Shape(2, D), DataType.FLOAT64);
        NDArray withNaN = q3.duplicate();
        withNaN.set(new ai.djl.ndarray.index.NDIndex("1, 2"), Double.NaN);
        expect("setEmbeddings", () -> ObjectiveBatch.builder().setPositiveRows(0).build());
        expect("setPositiveRows", () -> ObjectiveBatch.builder().setEmbeddings(a, a).build());
        expect("P must be >= 0, got -2", () -> ObjectiveBatch.builder().setPositiveRows(-2));
        expect("Q_S only", () -> ObjectiveBatch.builder().optMemory(q3, null));
        expect("S+ only", () -> ObjectiveBatch.builder().optSecondViews(a, null));
        expect("0 <= M <= N = 9, got 10",
                () -> objective.compute(null, batch().setPositiveRows(10).build()));
        expect("same number of rows Q, got 3 and 2",
                () -> objective.compute(null, batch().optMemory(q3, q2).build()));
        expect("same width d",
                () -> objective.compute(null, batch().optMemory(narrow, narrow).build()));
        expect("memory Q_T contains NaN",
                () -> objective.compute(null, batch().optMemory(q3, withNaN).build()));
        expect("shape (4)",
                () -> objective.compute(null,
                        batch().optPositiveWeights(manager.ones(new Shape(3))).build()));
        expect("got -1.0 at row 2",
                () -> objective.compute(null,
                        batch().optPositiveWeights(manager.create(new double[] {1, 1, -1, 1}))
                                .build()));
    }

    private static void expect(String fragment, Runnable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
        assertTrue(
                e.getMessage().contains(fragment),
                "message '" + e.getMessage() + "' should mention '" + fragment + "'");
    }
}
