package io.github.setclip.losses;

import static io.github.setclip.losses.Fixtures.array;
import static io.github.setclip.losses.Fixtures.assertClose;
import static io.github.setclip.losses.Fixtures.scalar;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NtXentLossTest {

    private static NDManager manager;

    @BeforeAll
    static void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    @ParameterizedTest
    @CsvSource({"1, 0.05", "2, 0.05", "6, 0.05", "6, 0.5", "11, 1.0"})
    void matchesTheReferenceInFloat64(int n, double tau) {
        double[][] z = Fixtures.unitRows(11, n, 5);
        double[][] zPlus = Fixtures.perturbed(z, 12, 0.3);
        double expected = ReferenceLosses.ntXent(z, zPlus, tau);
        double actual =
                scalar(
                        new NtXentLoss(tau)
                                .compute(
                                        array(manager, z, DataType.FLOAT64),
                                        array(manager, zPlus, DataType.FLOAT64)));
        assertClose(expected, actual, 1e-6, "NT-Xent float64");
    }

    @Test
    void matchesTheReferenceInFloat32() {
        double[][] z = Fixtures.unitRows(13, 16, 32);
        double[][] zPlus = Fixtures.unitRows(14, 16, 32);
        double expected = ReferenceLosses.ntXent(z, zPlus, 0.05);
        double actual =
                scalar(
                        new NtXentLoss()
                                .compute(
                                        array(manager, z, DataType.FLOAT32),
                                        array(manager, zPlus, DataType.FLOAT32)));
        assertClose(expected, actual, 1e-4, "NT-Xent float32");
    }

    @Test
    void gradientsMatchCentralDifferences() {
        double[][] z = Fixtures.unitRows(15, 5, 4);
        double[][] zPlus = Fixtures.perturbed(z, 16, 0.4);
        NtXentLoss loss = new NtXentLoss(0.5);
        double error =
                GradientCheck.maxRelativeError(
                        manager, List.of(z, zPlus), x -> loss.compute(x.get(0), x.get(1)));
        assertTrue(error < 1e-4, "relative gradient error " + error);
    }

    @Test
    void rejectsANonPositiveTemperature() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> new NtXentLoss(0));
        assertTrue(e.getMessage().contains("temperature"), e.getMessage());
    }
}
