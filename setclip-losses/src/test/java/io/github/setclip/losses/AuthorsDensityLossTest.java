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
import org.junit.jupiter.params.provider.ValueSource;

class AuthorsDensityLossTest {

    private static NDManager manager;
    // Gaussian rows: every dimension's max and min are attained by one row each, far enough from
    // the runner-up that a finite-difference step does not change which row it is.
    private final double[][] s = Fixtures.unitRows(51, 7, 4);
    private final double[][] t = Fixtures.perturbed(Fixtures.unitRows(52, 7, 4), 53, 0.3);

    @BeforeAll
    static void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    private static AuthorsDensityLoss loss(double h) {
        return AuthorsDensityLoss.builder().optBandwidth(h).build();
    }

    private double value(AuthorsDensityLoss loss, double[][] a, double[][] b, DataType type) {
        return scalar(loss.compute(array(manager, a, type), array(manager, b, type)));
    }

    @Test
    void defaultsToTheAuthorsBandwidthOfOneHalf() {
        AuthorsDensityLoss loss = AuthorsDensityLoss.builder().build();
        assertEquals(0.5, loss.bandwidth());
        assertEquals(SddForm.AUTHORS, loss.form());
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.5, 0.3, 1.2})
    void matchesTheReferenceInFloat64(double h) {
        double expected = ReferenceLosses.sddAuthors(s, t, h);
        assertClose(expected, value(loss(h), s, t, DataType.FLOAT64), 1e-9, "authors' SDD h=" + h);
    }

    @Test
    void matchesTheReferenceInFloat32() {
        double[][] a = Fixtures.unitRows(54, 24, 16);
        double[][] b = Fixtures.perturbed(a, 55, 0.4);
        double expected = ReferenceLosses.sddAuthors(a, b, 0.5);
        assertClose(expected, value(loss(0.5), a, b, DataType.FLOAT32), 1e-4, "float32");
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.5, 0.8})
    void gradientsMatchCentralDifferences(double h) {
        AuthorsDensityLoss loss = loss(h);
        double error =
                GradientCheck.maxRelativeError(
                        manager, List.of(s, t), x -> loss.compute(x.get(0), x.get(1)));
        assertTrue(error < 1e-4, "relative gradient error " + error);
    }

    @Test
    void isZeroForIdenticalSets() {
        assertEquals(0.0, value(loss(0.5), s, s, DataType.FLOAT64), 1e-15);
    }

    @Test
    void isPositiveSymmetricAndInvariantToRowOrder() {
        AuthorsDensityLoss loss = loss(0.5);
        double base = value(loss, s, t, DataType.FLOAT64);
        assertTrue(base > 0, "distinct sets give a positive divergence, got " + base);
        assertClose(base, value(loss, t, s, DataType.FLOAT64), 1e-12, "swap S and T");
        double permuted =
                value(
                        loss,
                        Fixtures.rows(s, new int[] {6, 3, 1, 0, 2, 5, 4}),
                        Fixtures.rows(t, new int[] {1, 0, 3, 2, 6, 5, 4}),
                        DataType.FLOAT64);
        assertClose(base, permuted, 1e-12, "row permutation");
    }

    @Test
    void aSetWithoutSpreadIsAClearError() {
        NDArray same = manager.create(new double[] {1, 2, 1, 2, 1, 2}, new Shape(3, 2));
        NDArray other = array(manager, Fixtures.unitRows(56, 3, 2), DataType.FLOAT64);
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> loss(0.5).compute(other, same));
        assertTrue(e.getMessage().contains("spread(T)") && e.getMessage().contains("identical"),
                e.getMessage());
    }

    @Test
    void inheritsTheErrorsOfSdd() {
        NDArray one = manager.ones(new Shape(1, 3));
        IllegalArgumentException rows =
                assertThrows(IllegalArgumentException.class, () -> loss(0.5).compute(one, one));
        assertTrue(rows.getMessage().contains("at least 2 rows"), rows.getMessage());
        NDArray a = manager.ones(new Shape(3, 3));
        NDArray narrow = manager.ones(new Shape(3, 2));
        IllegalArgumentException width =
                assertThrows(IllegalArgumentException.class, () -> loss(0.5).compute(a, narrow));
        assertTrue(width.getMessage().contains("same width"), width.getMessage());
        IllegalArgumentException h =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> AuthorsDensityLoss.builder().optBandwidth(0));
        assertTrue(h.getMessage().contains("bandwidth") && h.getMessage().contains("0.0"));
    }
}
