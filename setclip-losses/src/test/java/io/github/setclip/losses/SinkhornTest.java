package io.github.setclip.losses;

import static io.github.setclip.losses.Fixtures.array;
import static io.github.setclip.losses.Fixtures.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SinkhornTest {

    private static NDManager manager;

    /** A fixed 5 x 7 problem: cosine costs of seeded unit rows, costs in [0, 2]. */
    private static final double[][] COST = cosineCost(Fixtures.unitRows(41, 5, 4), Fixtures.unitRows(42, 7, 4));

    private static final double[] ROW_MARGINAL = {0.1, 0.3, 0.2, 0.25, 0.15};
    private static final double[] COLUMN_MARGINAL = {0.2, 0.1, 0.1, 0.15, 0.05, 0.3, 0.1};

    @BeforeAll
    static void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    private static double[][] cosineCost(double[][] x, double[][] y) {
        double[][] c = new double[x.length][y.length];
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < y.length; j++) {
                c[i][j] = 1 - ReferencePseudoLabels.dot(x[i], y[j]);
            }
        }
        return c;
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

    private static void assertMarginals(double[][] plan, double[] a, double[] b, double tol) {
        for (int i = 0; i < a.length; i++) {
            double sum = 0;
            for (double v : plan[i]) {
                sum += v;
            }
            assertEquals(a[i], sum, tol, "row " + i + " sum");
        }
        for (int j = 0; j < b.length; j++) {
            double sum = 0;
            for (double[] row : plan) {
                sum += row[j];
            }
            assertEquals(b[j], sum, tol, "column " + j + " sum");
        }
    }

    @Test
    void convergedPlanHasTheUniformMarginalsWithinOneMillionth() {
        Sinkhorn sinkhorn = Sinkhorn.builder().optIterations(500).build();
        double[][] plan = matrix(sinkhorn.plan(array(manager, COST, DataType.FLOAT64), 0.1));
        assertMarginals(plan, ReferencePseudoLabels.uniform(5), ReferencePseudoLabels.uniform(7), 1e-6);
    }

    @Test
    void convergedPlanHasGivenMarginalsWithinOneMillionth() {
        Sinkhorn sinkhorn = Sinkhorn.builder().optIterations(500).build();
        double[][] plan =
                matrix(
                        sinkhorn.plan(
                                array(manager, COST, DataType.FLOAT64),
                                0.1,
                                manager.create(ROW_MARGINAL),
                                manager.create(COLUMN_MARGINAL)));
        assertMarginals(plan, ROW_MARGINAL, COLUMN_MARGINAL, 1e-6);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 10, 50})
    void planEqualsTheFloat64ReferenceAfterEachIterationCount(int iterations) {
        Sinkhorn sinkhorn = Sinkhorn.builder().optIterations(iterations).build();
        double[][] expected =
                ReferencePseudoLabels.sinkhorn(COST, 0.2, ROW_MARGINAL, COLUMN_MARGINAL, iterations);
        double[][] actual =
                matrix(
                        sinkhorn.plan(
                                array(manager, COST, DataType.FLOAT64),
                                0.2,
                                manager.create(ROW_MARGINAL),
                                manager.create(COLUMN_MARGINAL)));
        for (int i = 0; i < expected.length; i++) {
            for (int j = 0; j < expected[i].length; j++) {
                assertClose(expected[i][j], actual[i][j], 1e-9, "plan[" + i + "][" + j + "]");
            }
        }
    }

    @Test
    void rowSumsAreExactAfterEveryIterationButColumnsOnlyConverge() {
        Sinkhorn sinkhorn = Sinkhorn.builder().optIterations(2).build();
        double[][] plan = matrix(sinkhorn.plan(array(manager, COST, DataType.FLOAT64), 0.05));
        double worstColumn = 0;
        for (int j = 0; j < 7; j++) {
            double sum = 0;
            for (double[] row : plan) {
                sum += row[j];
            }
            worstColumn = Math.max(worstColumn, Math.abs(sum - 1.0 / 7));
        }
        for (double[] row : plan) {
            assertEquals(0.2, java.util.Arrays.stream(row).sum(), 1e-12);
        }
        assertTrue(worstColumn > 1e-6, "two iterations should not have converged: " + worstColumn);
    }

    @Test
    void logPlanOfAScaledSimilarityIsTheCosinePlan() {
        // -C/eps = (c - 1)/eps: the constant -1/eps does not change the plan.
        Sinkhorn sinkhorn = Sinkhorn.builder().build();
        NDArray cost = array(manager, COST, DataType.FLOAT64);
        double[][] fromCost = matrix(sinkhorn.plan(cost, 0.1));
        double[][] fromSimilarity =
                matrix(sinkhorn.logPlan(cost.neg().add(1).mul(10)).exp());
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 7; j++) {
                assertClose(fromCost[i][j], fromSimilarity[i][j], 1e-12, "plan");
            }
        }
    }

    @Test
    void float32AgreesWithTheFloat64Reference() {
        Sinkhorn sinkhorn = Sinkhorn.builder().build();
        NDArray plan = sinkhorn.plan(array(manager, COST, DataType.FLOAT32), 0.1);
        assertEquals(DataType.FLOAT32, plan.getDataType());
        double[][] expected =
                ReferencePseudoLabels.sinkhorn(
                        COST, 0.1, ReferencePseudoLabels.uniform(5), ReferencePseudoLabels.uniform(7), 10);
        double[][] actual = matrix(plan);
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 7; j++) {
                assertEquals(expected[i][j], actual[i][j], 1e-6, "plan[" + i + "][" + j + "]");
            }
        }
    }

    @Test
    void gradientsThroughTheIterationsMatchCentralDifferences() {
        Sinkhorn sinkhorn = Sinkhorn.builder().optIterations(5).build();
        double[][] weights = Fixtures.unitRows(43, 5, 7);
        double error =
                GradientCheck.maxRelativeError(
                        manager,
                        List.<double[][]>of(COST),
                        x -> sinkhorn.plan(x.get(0), 0.3)
                                .mul(array(x.get(0).getManager(), weights, DataType.FLOAT64))
                                .sum());
        assertTrue(error < 1e-6, "relative gradient error " + error);
    }

    @Test
    void emptySetsGiveAnEmptyPlan() {
        NDArray plan = Sinkhorn.builder().build().plan(manager.zeros(new Shape(0, 3), DataType.FLOAT64), 1);
        assertEquals(new Shape(0, 3), plan.getShape());
    }

    @Test
    void badInputsAreRejectedWithTheirNameAndValue() {
        Sinkhorn sinkhorn = Sinkhorn.builder().build();
        NDArray cost = array(manager, COST, DataType.FLOAT64);
        NDArray withNaN = cost.duplicate();
        withNaN.set(new ai.djl.ndarray.index.NDIndex("1, 2"), Double.NaN);
        expect("epsilon must be a positive finite number, got 0.0", () -> sinkhorn.plan(cost, 0));
        expect("iterations must be >= 1, got 0", () -> Sinkhorn.builder().optIterations(0));
        expect("cost must be a 2-D", () -> sinkhorn.plan(manager.ones(new Shape(3)), 1));
        expect("cost contains NaN", () -> sinkhorn.plan(withNaN, 1));
        expect("rowMarginal must have shape (5)",
                () -> sinkhorn.plan(cost, 1, manager.create(new double[] {1, 1}), null));
        expect("columnMarginal must be positive",
                () -> sinkhorn.plan(cost, 1, null, manager.create(new double[] {1, 0, 0, 0, 0, 0, 0})));
        expect("same total",
                () -> sinkhorn.plan(cost, 1, manager.create(ROW_MARGINAL), manager.create(new double[] {1, 1, 1, 1, 1, 1, 1})));
        expect("rowMarginal must be float64 like the cost, got float32",
                () -> sinkhorn.plan(cost, 1, manager.create(new float[] {1, 1, 1, 1, 1}), null));
    }

    static void expect(String fragment, Runnable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
        assertTrue(
                e.getMessage().contains(fragment),
                "message '" + e.getMessage() + "' should mention '" + fragment + "'");
    }
}
