package io.github.setclip.losses;

import static io.github.setclip.losses.Fixtures.array;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every term computed in tiles gives the value and gradients of the whole-matrix computation: in
 * float64 to 1e-9 and in float32 to 1e-5 (relative), on sizes that are not multiples of the block
 * size (N = 37, B = 8), for every option.
 */
class BlockedComputationTest {

    private static final int N = 37;
    private static final int D = 6;
    private static final int B = 8;
    private static final int Q = 11;
    private static NDManager manager;

    private final double[][] s = Fixtures.unitRows(71, N, D);
    private final double[][] t = Fixtures.perturbed(Fixtures.unitRows(72, N, D), 73, 0.4);
    private final double[][] memoryS = Fixtures.unitRows(74, Q, D);
    private final double[][] memoryT = Fixtures.unitRows(75, Q, D);

    @BeforeAll
    static void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    /** A value and the gradient with respect to every input, read back as float64. */
    private record Outcome(double value, List<double[]> gradients) {}

    private static Outcome run(
            DataType type, List<double[][]> inputs, Function<List<NDArray>, NDArray> loss) {
        try (NDManager scope = manager.newSubManager()) {
            List<NDArray> arrays = new ArrayList<>();
            for (double[][] x : inputs) {
                NDArray a = array(scope, x, type);
                a.setRequiresGradient(true);
                arrays.add(a);
            }
            double value;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray result = loss.apply(arrays);
                assertTrue(result.getDataType() == type, "result is " + result.getDataType());
                value = Fixtures.scalar(result);
                collector.backward(result);
            }
            List<double[]> gradients = new ArrayList<>();
            for (NDArray a : arrays) {
                gradients.add(a.getGradient().toType(DataType.FLOAT64, false).toDoubleArray());
            }
            return new Outcome(value, gradients);
        }
    }

    private static void assertSame(
            String what,
            List<double[][]> inputs,
            Function<List<NDArray>, NDArray> whole,
            Function<List<NDArray>, NDArray> tiled) {
        assertSame(what, inputs, whole, tiled, DataType.FLOAT64, DataType.FLOAT32);
    }

    private static void assertSame(
            String what,
            List<double[][]> inputs,
            Function<List<NDArray>, NDArray> whole,
            Function<List<NDArray>, NDArray> tiled,
            DataType... types) {
        for (DataType type : types) {
            double tolerance = type == DataType.FLOAT64 ? 1e-9 : 1e-5;
            Outcome expected = run(type, inputs, whole);
            Outcome actual = run(type, inputs, tiled);
            Fixtures.assertClose(expected.value(), actual.value(), tolerance, what + " value " + type);
            for (int k = 0; k < inputs.size(); k++) {
                if (isZero(expected.gradients().get(k)) && isZero(actual.gradients().get(k))) {
                    continue; // constants such as memory rows
                }
                double error =
                        GradientCheck.relativeError(
                                new double[][] {expected.gradients().get(k)},
                                new double[][] {actual.gradients().get(k)});
                assertTrue(
                        error <= tolerance,
                        what + " gradient of input " + k + " (" + type + ") off by " + error);
            }
        }
    }

    private static boolean isZero(double[] x) {
        for (double v : x) {
            if (v != 0) {
                return false;
            }
        }
        return true;
    }

    private static SemanticDensityLoss sdd(
            Blocking blocking, double h, boolean relative, SddDivergence divergence) {
        return SemanticDensityLoss.builder()
                .optBandwidth(h)
                .optRelativeDistance(relative)
                .optDivergence(divergence)
                .optBlocking(blocking)
                .optBlockSize(B)
                .build();
    }

    @ParameterizedTest(name = "h={0} relative={1} {2}")
    @CsvSource({
        "1.0, true, SYMMETRIC_KL",
        "0.2, true, SYMMETRIC_KL",
        "0.5, false, SYMMETRIC_KL",
        "0.3, true, MSE",
        "0.7, false, MSE"
    })
    void specSddMatchesTheWholeMatrix(double h, boolean relative, SddDivergence divergence) {
        SemanticDensityLoss whole = sdd(Blocking.NEVER, h, relative, divergence);
        SemanticDensityLoss tiled = sdd(Blocking.ALWAYS, h, relative, divergence);
        assertSame(
                "SDD",
                List.of(s, t),
                x -> whole.compute(x.get(0), x.get(1)),
                x -> tiled.compute(x.get(0), x.get(1)));
        assertSame(
                "SDD with memory rows",
                List.of(s, t, memoryS, memoryT),
                x -> whole.compute(PairwiseGeometry.of(x.get(0), x.get(1), x.get(2), x.get(3))),
                x -> tiled.compute(PairwiseGeometry.of(x.get(0), x.get(1), x.get(2), x.get(3))));
    }

    @ParameterizedTest(name = "h={0}")
    @CsvSource({"0.5", "0.9"})
    void authorsSddMatchesTheWholeMatrix(double h) {
        AuthorsDensityLoss whole =
                AuthorsDensityLoss.builder().optBandwidth(h).optBlocking(Blocking.NEVER).build();
        AuthorsDensityLoss tiled =
                AuthorsDensityLoss.builder()
                        .optBandwidth(h)
                        .optBlocking(Blocking.ALWAYS)
                        .optBlockSize(B)
                        .build();
        assertSame(
                "authors' SDD",
                List.of(s, t),
                x -> whole.compute(x.get(0), x.get(1)),
                x -> tiled.compute(x.get(0), x.get(1)));
        assertSame(
                "authors' SDD with memory rows",
                List.of(s, t, memoryS, memoryT),
                x -> whole.compute(PairwiseGeometry.of(x.get(0), x.get(1), x.get(2), x.get(3))),
                x -> tiled.compute(PairwiseGeometry.of(x.get(0), x.get(1), x.get(2), x.get(3))));
    }

    private static final double[][] KERNEL_LOGITS = {{0.3, -0.2, 0.0, 0.5, -0.4, 0.1}};

    private static MultiKernelMmd.Builder mmd(Blocking blocking, boolean polynomial, double g) {
        MultiKernelMmd.Builder builder =
                MultiKernelMmd.builder()
                        .optPolynomialKernel(polynomial)
                        .optBlocking(blocking)
                        .optBlockSize(B);
        return g > 0 ? builder.optFixedBandwidth(g) : builder;
    }

    @ParameterizedTest(name = "polynomial={0} g={1}")
    @CsvSource({"true, 0", "false, 0", "true, 0.8"})
    void mmdWithLearnedWeightsMatchesTheWholeMatrix(boolean polynomial, double g) {
        MultiKernelMmd whole = mmd(Blocking.NEVER, polynomial, g).build();
        MultiKernelMmd tiled = mmd(Blocking.ALWAYS, polynomial, g).build();
        int k = whole.kernelCount();
        double[][] logits = {java.util.Arrays.copyOf(KERNEL_LOGITS[0], k)};
        // The kernel logits are an input: their (reversed) gradient is compared too.
        assertSame(
                "MMD",
                List.of(s, t, logits),
                x -> whole.compute(x.get(0), x.get(1), x.get(2).reshape(k)).value(),
                x -> tiled.compute(x.get(0), x.get(1), x.get(2).reshape(k)).value());
        assertSame(
                "MMD with memory rows",
                List.of(s, t, memoryS, memoryT, logits),
                x -> whole.compute(PairwiseGeometry.of(x.get(0), x.get(1), x.get(2), x.get(3)),
                        x.get(4).reshape(k)).value(),
                x -> tiled.compute(PairwiseGeometry.of(x.get(0), x.get(1), x.get(2), x.get(3)),
                        x.get(4).reshape(k)).value());
    }

    @ParameterizedTest(name = "exponents {0}..{1}")
    @CsvSource({"-2, 2", "-1, 3", "0, 0"})
    void mmdWithUniformWeightsMatchesTheWholeMatrix(int min, int max) {
        MultiKernelMmd whole = mmd(Blocking.NEVER, true, 0).optGaussianExponents(min, max).build();
        MultiKernelMmd tiled = mmd(Blocking.ALWAYS, true, 0).optGaussianExponents(min, max).build();
        assertSame(
                "MMD",
                List.of(s, t),
                x -> whole.compute(x.get(0), x.get(1), null).value(),
                x -> tiled.compute(x.get(0), x.get(1), null).value());
    }

    private static final double[] OMEGA = weights(13);

    private static double[] weights(int p) {
        double[] w = new double[p];
        for (int i = 0; i < p; i++) {
            w[i] = (i % 4) * 0.5; // includes zeros
        }
        return w;
    }

    private static ContrastiveLoss contrastive(Blocking blocking, ClNegatives negatives) {
        return ContrastiveLoss.builder()
                .optNegatives(negatives)
                .optBlocking(blocking)
                .optBlockSize(B)
                .build();
    }

    @ParameterizedTest(name = "{0} P={1} weighted={2} l={3}")
    @CsvSource({
        "PAIRED, 13, false, 2.659",
        "PAIRED, 13, true, 2.659",
        "PAIRED, 37, false, 1.0",
        "ALL, 13, false, 2.659",
        "ALL, 13, true, 2.659",
        "ALL, 37, true, 1.0",
        "ALL, 5, false, 5.0",
        "ONE_SIDED, 13, false, 2.659",
        "ONE_SIDED, 13, true, 2.659",
        "ONE_SIDED, 37, true, 1.0"
    })
    void contrastiveMatchesTheWholeMatrix(
            ClNegatives negatives, int p, boolean weighted, double logScale) {
        ContrastiveLoss whole = contrastive(Blocking.NEVER, negatives);
        ContrastiveLoss tiled = contrastive(Blocking.ALWAYS, negatives);
        double[] omega = weighted ? java.util.Arrays.copyOf(OMEGA, p) : null;
        // The log-scale is an input; at l = 5 the scale is capped and gets no gradient.
        Function<ContrastiveLoss, Function<List<NDArray>, NDArray>> loss =
                cl -> x -> cl.compute(x.get(0), x.get(1), p,
                        omega == null ? null : x.get(0).getManager().create(omega)
                                .toType(x.get(0).getDataType(), false),
                        x.get(2));
        assertSame("CL", List.of(s, t, new double[][] {{logScale}}), loss.apply(whole),
                loss.apply(tiled));
    }

    @ParameterizedTest(name = "tau={0}")
    @CsvSource({"0.05", "0.5"})
    void ntXentMatchesTheWholeMatrix(double tau) {
        NtXentLoss whole = new NtXentLoss(tau, Blocking.NEVER, B);
        NtXentLoss tiled = new NtXentLoss(tau, Blocking.ALWAYS, B);
        double[][] sPlus = Fixtures.perturbed(s, 76, 0.2);
        assertSame(
                "NT-Xent",
                List.of(s, sPlus),
                x -> whole.compute(x.get(0), x.get(1)),
                x -> tiled.compute(x.get(0), x.get(1)));
    }

    /** Terms, input gradients and parameter gradients of one objective evaluation. */
    private record ObjectiveOutcome(
            java.util.Map<String, Double> terms, List<double[]> gradients, List<double[]> parameters) {}

    private ObjectiveOutcome evaluate(
            SetClipObjective.Builder builder, DataType type, int positives, boolean weighted,
            boolean memory) {
        SetClipObjective objective = builder.build();
        try (NDManager scope = manager.newSubManager()) {
            objective.initialize(scope, type);
            double[][] sPlus = Fixtures.perturbed(s, 77, 0.2);
            double[][] tPlus = Fixtures.perturbed(t, 78, 0.2);
            List<NDArray> inputs = new ArrayList<>();
            for (double[][] x : List.of(s, t, sPlus, tPlus)) {
                NDArray a = array(scope, x, type);
                a.setRequiresGradient(true);
                inputs.add(a);
            }
            ObjectiveBatch.Builder batch =
                    ObjectiveBatch.builder()
                            .setEmbeddings(inputs.get(0), inputs.get(1))
                            .setPositiveRows(positives)
                            .optSecondViews(inputs.get(2), inputs.get(3));
            if (weighted) {
                batch.optPositiveWeights(
                        scope.create(java.util.Arrays.copyOf(OMEGA, positives)).toType(type, false));
            }
            if (memory) {
                batch.optMemory(array(scope, memoryS, type), array(scope, memoryT, type));
            }
            java.util.Map<String, Double> terms;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                LossTerms result = objective.compute(null, batch.build());
                terms = result.toMap();
                collector.backward(result.total());
            }
            List<double[]> gradients = new ArrayList<>();
            for (NDArray a : inputs) {
                gradients.add(a.getGradient().toType(DataType.FLOAT64, false).toDoubleArray());
            }
            List<double[]> parameters = new ArrayList<>();
            objective.getParameters().values().forEach(p -> parameters.add(
                    p.getArray().getGradient().toType(DataType.FLOAT64, false).toDoubleArray()));
            return new ObjectiveOutcome(terms, gradients, parameters);
        }
    }

    @ParameterizedTest(name = "{0} {1} P={2} weighted={3} memory={4} weights={5} learned={6}")
    @CsvSource({
        "PAIRED, SPEC, 13, false, false, default, true",
        "ALL, SPEC, 13, true, true, default, true",
        "ALL, AUTHORS, 20, false, true, default, false",
        "PAIRED, AUTHORS, 0, false, false, default, true",
        "ALL, SPEC, 37, true, false, no-mmd, true",
        "PAIRED, SPEC, 9, false, true, no-sdd, false"
    })
    void theWholeObjectiveMatchesTheWholeMatrices(
            ClNegatives negatives, SddForm form, int positives, boolean weighted, boolean memory,
            String weights, boolean learned) {
        LossWeights w =
                switch (weights) {
                    case "no-mmd" -> new LossWeights(1, 0, 0.7, 0.15);
                    case "no-sdd" -> new LossWeights(1, 0.2, 0, 0.15);
                    default -> LossWeights.DEFAULTS;
                };
        java.util.function.Function<Blocking, SetClipObjective.Builder> builder =
                blocking ->
                        SetClipObjective.builder()
                                .optClNegatives(negatives)
                                .optSddForm(form)
                                .optBandwidth(0.4)
                                .optWeights(w)
                                .optLearnedKernelWeights(learned)
                                .optBlocking(blocking)
                                .optBlockSize(B);
        for (DataType type : new DataType[] {DataType.FLOAT64, DataType.FLOAT32}) {
            double tolerance = type == DataType.FLOAT64 ? 1e-9 : 1e-5;
            ObjectiveOutcome whole =
                    evaluate(builder.apply(Blocking.NEVER), type, positives, weighted, memory);
            ObjectiveOutcome tiled =
                    evaluate(builder.apply(Blocking.ALWAYS), type, positives, weighted, memory);
            for (String term : whole.terms().keySet()) {
                Fixtures.assertClose(whole.terms().get(term), tiled.terms().get(term), tolerance,
                        term + " " + type);
            }
            List<double[]> expected = new ArrayList<>(whole.gradients());
            expected.addAll(whole.parameters());
            List<double[]> actual = new ArrayList<>(tiled.gradients());
            actual.addAll(tiled.parameters());
            for (int k = 0; k < expected.size(); k++) {
                if (isZero(expected.get(k)) && isZero(actual.get(k))) {
                    continue;
                }
                double error =
                        GradientCheck.relativeError(
                                new double[][] {expected.get(k)}, new double[][] {actual.get(k)});
                assertTrue(error <= tolerance,
                        "gradient " + k + " (" + type + ") off by " + error);
            }
        }
    }

    @org.junit.jupiter.api.Test
    void outsideAGradientCollectorTheTiledValuesStayTheSame() {
        SetClipObjective whole = SetClipObjective.builder().optBlocking(Blocking.NEVER).build();
        SetClipObjective tiled =
                SetClipObjective.builder().optBlocking(Blocking.ALWAYS).optBlockSize(B).build();
        whole.initialize(manager, DataType.FLOAT64);
        tiled.initialize(manager, DataType.FLOAT64);
        NDArray a = array(manager, s, DataType.FLOAT64);
        NDArray b = array(manager, t, DataType.FLOAT64);
        java.util.Map<String, Double> expected = whole.compute(a, b, a, b, 10).toMap();
        java.util.Map<String, Double> actual = tiled.compute(a, b, a, b, 10).toMap();
        for (String term : expected.keySet()) {
            Fixtures.assertClose(expected.get(term), actual.get(term), 1e-9, term);
        }
    }

    @org.junit.jupiter.api.Test
    void automaticBlockingSwitchesAboveTwoThousandFortyEightRows() {
        BlockPlan plan = BlockPlan.DEFAULT;
        assertTrue(!plan.blocks(2048) && plan.blocks(2049), "AUTO threshold");
        assertTrue(plan.withMode(Blocking.ALWAYS).blocks(2), "ALWAYS");
        assertTrue(!plan.withMode(Blocking.NEVER).blocks(1 << 20), "NEVER");
        IllegalArgumentException e =
                org.junit.jupiter.api.Assertions.assertThrows(
                        IllegalArgumentException.class,
                        () -> SetClipObjective.builder().optBlockSize(0));
        assertTrue(e.getMessage().contains("block size must be >= 1 row, got 0"), e.getMessage());
    }

    @org.junit.jupiter.api.Test
    void tightSetsFarApartFallBackToTheExactLogSumExp() {
        // Cross densities underflow when shifted by 0: the exact running maximum takes over.
        // (Float64 only: distances of 1e-6 from a float32 Gram matrix are rounding noise, so
        // two float32 computations of these sets agree only to about 1e-3.)
        double[][] a = Fixtures.perturbed(new double[19][3], 79, 1e-3);
        double[][] b = Fixtures.perturbed(new double[19][3], 80, 1e-3);
        for (double[] row : a) {
            row[0] += 1;
        }
        for (double[] row : b) {
            row[0] -= 1;
        }
        SemanticDensityLoss whole = sdd(Blocking.NEVER, 1, true, SddDivergence.SYMMETRIC_KL);
        SemanticDensityLoss tiled = sdd(Blocking.ALWAYS, 1, true, SddDivergence.SYMMETRIC_KL);
        assertSame(
                "separated SDD",
                List.of(a, b),
                x -> whole.compute(x.get(0), x.get(1)),
                x -> tiled.compute(x.get(0), x.get(1)),
                DataType.FLOAT64);
        Outcome f32 = run(DataType.FLOAT32, List.of(a, b), x -> tiled.compute(x.get(0), x.get(1)));
        assertTrue(Double.isFinite(f32.value()) && f32.value() > 0, "float32 value " + f32.value());
    }

    @org.junit.jupiter.api.Test
    void ntXentFallsBackWhenTheNormBoundIsLoose() {
        // One long row makes max ||x||^2 / tau far above the other rows' similarities.
        double[][] z = Fixtures.unitRows(81, 21, 4);
        double[][] zPlus = Fixtures.perturbed(z, 82, 0.1);
        z[3] = new double[] {3, 0, 0, 0};
        NtXentLoss whole = new NtXentLoss(0.05, Blocking.NEVER, B);
        NtXentLoss tiled = new NtXentLoss(0.05, Blocking.ALWAYS, B);
        assertSame(
                "NT-Xent with a loose bound",
                List.of(z, zPlus),
                x -> whole.compute(x.get(0), x.get(1)),
                x -> tiled.compute(x.get(0), x.get(1)));
    }
}
