package io.github.setclip.losses;

import static io.github.setclip.losses.Fixtures.array;
import static io.github.setclip.losses.Fixtures.assertClose;
import static io.github.setclip.losses.Fixtures.scalar;
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
import org.junit.jupiter.params.provider.CsvSource;

class SemanticDensityLossTest {

    private static NDManager manager;
    private final double[][] s = Fixtures.unitRows(31, 6, 4);
    private final double[][] t = Fixtures.perturbed(Fixtures.unitRows(32, 6, 4), 33, 0.3);

    @BeforeAll
    static void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    private static SemanticDensityLoss loss(double h, boolean relative, boolean kl) {
        return SemanticDensityLoss.builder()
                .optBandwidth(h)
                .optRelativeDistance(relative)
                .optDivergence(kl ? SddDivergence.SYMMETRIC_KL : SddDivergence.MSE)
                .build();
    }

    private double value(SemanticDensityLoss loss, double[][] a, double[][] b, DataType type) {
        return scalar(loss.compute(array(manager, a, type), array(manager, b, type)));
    }

    @ParameterizedTest(name = "h={0} relative={1} kl={2}")
    @CsvSource({
        "1.0, true, true",
        "0.3, true, true",
        "1.0, false, true",
        "1.0, true, false",
        "0.5, false, false"
    })
    void matchesTheReferenceInFloat64(double h, boolean relative, boolean kl) {
        double expected = ReferenceLosses.sdd(s, t, h, relative, kl);
        assertClose(expected, value(loss(h, relative, kl), s, t, DataType.FLOAT64), 1e-6, "SDD");
    }

    @Test
    void matchesTheReferenceInFloat32() {
        double[][] a = Fixtures.unitRows(34, 24, 16);
        double[][] b = Fixtures.perturbed(a, 35, 0.4);
        double expected = ReferenceLosses.sdd(a, b, 0.2, true, true);
        assertClose(expected, value(loss(0.2, true, true), a, b, DataType.FLOAT32), 1e-4, "SDD");
    }

    @ParameterizedTest(name = "h={0} relative={1} kl={2}")
    @CsvSource({"1.0, true, true", "0.4, false, true", "0.7, true, false"})
    void gradientsMatchCentralDifferences(double h, boolean relative, boolean kl) {
        SemanticDensityLoss loss = loss(h, relative, kl);
        double error =
                GradientCheck.maxRelativeError(
                        manager, List.of(s, t), x -> loss.compute(x.get(0), x.get(1)));
        assertTrue(error < 1e-4, "relative gradient error " + error);
    }

    @Test
    void isZeroForIdenticalSets() {
        assertEquals(0.0, value(loss(1, true, true), s, s, DataType.FLOAT64), 1e-15);
        assertEquals(0.0, value(loss(1, false, false), s, s, DataType.FLOAT64), 1e-15);
    }

    @Test
    void isNonNegativeSymmetricAndInvariantToRowOrder() {
        SemanticDensityLoss loss = loss(1, true, true);
        double base = value(loss, s, t, DataType.FLOAT64);
        assertTrue(base > 0, "distinct sets give a positive divergence, got " + base);
        assertClose(base, value(loss, t, s, DataType.FLOAT64), 1e-9, "swap S and T");
        double permuted =
                value(
                        loss,
                        Fixtures.rows(s, new int[] {5, 3, 1, 0, 2, 4}),
                        Fixtures.rows(t, new int[] {1, 0, 3, 2, 5, 4}),
                        DataType.FLOAT64);
        assertClose(base, permuted, 1e-9, "row permutation");
    }

    @Test
    void staysFiniteForTightSetsFarApart() {
        // Densities of the other set underflow to 0 without log-sum-exp.
        double[][] a = Fixtures.perturbed(new double[][] {{1, 0}, {1, 0}, {1, 0}}, 36, 1e-3);
        double[][] b = Fixtures.perturbed(new double[][] {{-1, 0}, {-1, 0}, {-1, 0}}, 37, 1e-3);
        double v = value(loss(1, true, true), a, b, DataType.FLOAT64);
        assertTrue(Double.isFinite(v) && v > 0, "SDD of separated tight sets was " + v);
        double f32 = value(loss(1, true, true), a, b, DataType.FLOAT32);
        assertTrue(Double.isFinite(f32) && f32 > 0, "float32 SDD was " + f32);
    }

    @Test
    void varianceIsBesselCorrected() {
        NDArray x = manager.create(new double[] {0, 0, 2, 0}, new Shape(2, 2));
        assertEquals(2.0, scalar(SetStatistics.variance(x)), 1e-12);
    }

    @Test
    void rejectsFewerThanTwoRowsAndBadBandwidths() {
        NDArray one = manager.ones(new Shape(1, 3));
        IllegalArgumentException rows =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> loss(1, true, true).compute(one, one));
        assertTrue(rows.getMessage().contains("at least 2 rows"), rows.getMessage());
        IllegalArgumentException h =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> SemanticDensityLoss.builder().optBandwidth(-1));
        assertTrue(h.getMessage().contains("bandwidth") && h.getMessage().contains("-1"));
    }
}
