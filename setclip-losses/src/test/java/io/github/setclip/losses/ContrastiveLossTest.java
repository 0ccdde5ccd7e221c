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
}
