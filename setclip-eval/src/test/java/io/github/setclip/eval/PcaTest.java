package io.github.setclip.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PcaTest {

    private static NDManager manager;

    /** Six 3-D points; the expected values below are NumPy's. */
    private static final double[][] SMALL = {
        {2.0, 0.5, 1.0}, {1.0, -1.0, 0.0}, {3.5, 1.0, 2.0}, {0.0, 0.2, -1.5}, {-1.0, -2.0, 0.5},
        {4.0, 2.5, 1.0}};

    @BeforeAll
    static void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    private static NDArray array(double[][] rows) {
        return Matrices.of(manager, rows);
    }

    @Test
    void matchesNumpysEigendecompositionOfTheCovariance() {
        // python3 -c "import numpy as np; X=np.array(SMALL); w,v=np.linalg.eigh(np.cov(X,rowvar=False));
        //     o=np.argsort(w)[::-1]; print(w[o].tolist(), (w[o]/w.sum()).tolist(), v[:,o].T.tolist())"
        // with each eigenvector's sign flipped to make its largest |entry| positive.
        Pca.Fit fit = Pca.fit(array(SMALL), 3);
        assertArrayEquals(new double[] {6.468418100349372, 1.136104332673814, 0.09714423364348047},
                fit.explainedVariance(), 1e-12);
        assertArrayEquals(new double[] {0.8398725081604898, 0.1475140877741373, 0.012613404065372924},
                fit.explainedVarianceRatio(), 1e-12);
        double[][] expected = {
            {0.7659559393174639, 0.5667098818759555, 0.30356450518537614},
            {0.07951713729071364, -0.5520711180607898, 0.8299966900417127},
            {0.6379565219522341, -0.6116023139158729, -0.4679252992854292}};
        for (int c = 0; c < 3; c++) {
            assertArrayEquals(expected[c], fit.components()[c], 1e-10, "component " + c);
        }
        // print(((X - X.mean(0)) @ v[:, o][:, :2]).tolist()), first two rows:
        double[] projected = Pca.project(array(SMALL), 2).toDoubleArray();
        assertEquals(6 * 2, projected.length);
        assertArrayEquals(new double[] {0.6409435252044181, 0.2825091501404168,
            -1.278641742112355, 0.20110199989917504}, java.util.Arrays.copyOf(projected, 4), 1e-10);
    }

    @Test
    void recoversTheAxisTheDataIsStretchedAlong() {
        double[] axis = {0.48, 0.6, 0.64, 0}; // unit; largest loading positive
        Random random = new Random(3);
        int n = 500;
        double[][] x = new double[n][4];
        for (double[] row : x) {
            double along = 5 * random.nextGaussian();
            for (int k = 0; k < 4; k++) {
                row[k] = 7 + along * axis[k] + 0.3 * random.nextGaussian();
            }
        }
        Pca.Fit fit = Pca.fit(array(x), 1);
        assertArrayEquals(axis, fit.components()[0], 0.01);
        assertTrue(fit.explainedVarianceRatio()[0] > 0.98, "ratio " + fit.explainedVarianceRatio()[0]);
    }

    @Test
    void explainedVarianceIsTheVarianceOfTheProjectionAndRatiosSumToOne() {
        Random random = new Random(8);
        int n = 40;
        int d = 6;
        double[][] x = new double[n][d];
        for (double[] row : x) {
            for (int k = 0; k < d; k++) {
                row[k] = random.nextGaussian() * (k + 1) + (k == 2 ? row[0] : 0);
            }
        }
        Pca.Fit fit = Pca.fit(array(x), d);
        double[] coordinates = fit.apply(array(x)).toDoubleArray(); // (n, d), centred
        double totalVariance = 0;
        for (int k = 0; k < d; k++) {
            double mean = 0;
            for (double[] row : x) {
                mean += row[k] / n;
            }
            for (double[] row : x) {
                totalVariance += (row[k] - mean) * (row[k] - mean) / (n - 1);
            }
        }
        double ratioSum = 0;
        for (int c = 0; c < d; c++) {
            double variance = 0;
            for (int i = 0; i < n; i++) {
                variance += coordinates[i * d + c] * coordinates[i * d + c] / (n - 1);
            }
            assertEquals(variance, fit.explainedVariance()[c], 1e-9, "component " + c);
            assertEquals(variance / totalVariance, fit.explainedVarianceRatio()[c], 1e-12);
            if (c > 0) {
                assertTrue(fit.explainedVariance()[c] <= fit.explainedVariance()[c - 1]);
            }
            ratioSum += fit.explainedVarianceRatio()[c];
            for (int e = 0; e < d; e++) { // orthonormal components
                double dot = 0;
                for (int k = 0; k < d; k++) {
                    dot += fit.components()[c][k] * fit.components()[e][k];
                }
                assertEquals(c == e ? 1 : 0, dot, 1e-12);
            }
        }
        assertEquals(1.0, ratioSum, 1e-12);
    }

    @Test
    void twoDimensionalCovarianceHasClosedFormEigenvalues() {
        // Covariance [[a, b], [b, c]] has eigenvalues (a+c)/2 ± sqrt(((a-c)/2)² + b²).
        double[][] x = {{1, 2}, {2, 1}, {3, 5}, {4, 3}, {6, 7}};
        double a = 0;
        double b = 0;
        double c = 0;
        double mx = 16 / 5.0;
        double my = 18 / 5.0;
        for (double[] row : x) {
            a += (row[0] - mx) * (row[0] - mx) / 4;
            b += (row[0] - mx) * (row[1] - my) / 4;
            c += (row[1] - my) * (row[1] - my) / 4;
        }
        double root = Math.sqrt((a - c) * (a - c) / 4 + b * b);
        Pca.Fit fit = Pca.fit(array(x), 2);
        assertArrayEquals(new double[] {(a + c) / 2 + root, (a + c) / 2 - root},
                fit.explainedVariance(), 1e-12);
    }

    @Test
    void equalEigenvaluesStillGiveOrthonormalComponentsSpanningTheirPlane() {
        // Covariance diag(2/3, 2/3, 0) (N - 1 = 3): every unit vector of the x-y plane is an
        // eigenvector of the top two, so only their span and orthonormality are defined.
        double[][] x = {{1, 0, 5}, {-1, 0, 5}, {0, 1, 5}, {0, -1, 5}};
        Pca.Fit fit = Pca.fit(array(x), 3);
        assertArrayEquals(new double[] {2 / 3.0, 2 / 3.0, 0}, fit.explainedVariance(), 1e-12);
        double[][] c = fit.components();
        for (int i = 0; i < 2; i++) {
            assertEquals(0, c[i][2], 1e-12, "component " + i + " leaves the x-y plane");
            assertEquals(1, c[i][0] * c[i][0] + c[i][1] * c[i][1], 1e-12);
        }
        assertEquals(0, c[0][0] * c[1][0] + c[0][1] * c[1][1], 1e-12);
        assertEquals(1, Math.abs(c[2][2]), 1e-12);
    }

    @Test
    void oneFitProjectsOtherDataWithTheSameMeanAndAxes() {
        Pca.Fit fit = Pca.fit(array(SMALL), 2);
        double[] other = {1, 1, 1};
        double[] got = fit.apply(manager.create(other, new Shape(1, 3)).toType(DataType.FLOAT32, false))
                .toType(DataType.FLOAT64, false).toDoubleArray();
        for (int c = 0; c < 2; c++) {
            double expected = 0;
            for (int k = 0; k < 3; k++) {
                expected += (other[k] - fit.mean()[k]) * fit.components()[c][k];
            }
            assertEquals(expected, got[c], 1e-6);
        }
    }

    @Test
    void rejectsBadComponentCountsAndConstantData() {
        assertThrows(IllegalArgumentException.class, () -> Pca.fit(array(SMALL), 0));
        assertThrows(IllegalArgumentException.class, () -> Pca.fit(array(SMALL), 4));
        assertThrows(IllegalArgumentException.class,
                () -> Pca.fit(array(new double[][] {{1, 2}, {1, 2}}), 1));
        assertThrows(IllegalArgumentException.class,
                () -> Pca.fit(array(SMALL), 2).apply(array(new double[][] {{1, 2}})));
    }
}
