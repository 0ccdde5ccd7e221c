package io.github.setclip.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class GeometryTest {

    private static NDManager manager;

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

    private static double[][] randomUnitRows(Random random, int n, int d) {
        double[][] x = new double[n][d];
        for (double[] row : x) {
            double norm = 0;
            for (int k = 0; k < d; k++) {
                row[k] = random.nextGaussian();
                norm += row[k] * row[k];
            }
            for (int k = 0; k < d; k++) {
                row[k] /= Math.sqrt(norm);
            }
        }
        return x;
    }

    private static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int k = 0; k < a.length; k++) {
            sum += a[k] * b[k];
        }
        return sum;
    }

    private static double squaredDistance(double[] a, double[] b) {
        double sum = 0;
        for (int k = 0; k < a.length; k++) {
            sum += (a[k] - b[k]) * (a[k] - b[k]);
        }
        return sum;
    }

    /** The definitions, literally, over all pairs. */
    private static double uniformityReference(double[][] x) {
        double sum = 0;
        int pairs = 0;
        for (int i = 0; i < x.length; i++) {
            for (int j = i + 1; j < x.length; j++) {
                sum += Math.exp(-2 * squaredDistance(x[i], x[j]));
                pairs++;
            }
        }
        return Math.log(sum / pairs);
    }

    @Test
    void matchesTheDefinitionsComputedPairByPair() {
        Random random = new Random(11);
        int n = 9;
        int d = 5;
        double[][] s = randomUnitRows(random, n, d);
        double[][] t = randomUnitRows(random, n, d);
        double[] meanDiff = new double[d];
        double alignment = 0;
        double pairCosine = 0;
        double randomCosine = 0;
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < d; k++) {
                meanDiff[k] += (s[i][k] - t[i][k]) / n;
            }
            alignment += squaredDistance(s[i], t[i]) / n;
            pairCosine += dot(s[i], t[i]) / n;
            for (int j = 0; j < n; j++) {
                if (j != i) {
                    randomCosine += dot(s[i], t[j]) / (n * (n - 1));
                }
            }
        }
        Geometry.Result r = Geometry.of(array(s), array(t));
        assertEquals(Math.sqrt(dot(meanDiff, meanDiff)), r.modalityGap(), 1e-12);
        assertEquals(alignment, r.alignment(), 1e-12);
        assertEquals(uniformityReference(s), r.uniformityS(), 1e-12);
        assertEquals(uniformityReference(t), r.uniformityT(), 1e-12);
        assertEquals(pairCosine, r.pairCosine(), 1e-12);
        assertEquals(randomCosine, r.randomPairCosine(), 1e-12);
    }

    @Test
    void tiledSumsEqualTheSingleTile() {
        Random random = new Random(5);
        NDArray s = array(randomUnitRows(random, 10, 4));
        NDArray t = array(randomUnitRows(random, 10, 4));
        Geometry.Result whole = Geometry.of(s, t, 64);
        for (int block : new int[] {1, 3, 4, 9}) { // 3 and 4 leave a partial last tile
            Geometry.Result tiled = Geometry.of(s, t, block);
            assertEquals(whole.uniformityS(), tiled.uniformityS(), 1e-12, "block " + block);
            assertEquals(whole.uniformityT(), tiled.uniformityT(), 1e-12, "block " + block);
        }
    }

    @Test
    void handComputedExtremes() {
        // Two antipodal points: ||s_0 - s_1||² = 4, uniformity log exp(-8) = -8.
        double[][] s = {{1, 0}, {-1, 0}};
        // t = s: perfectly aligned, no gap, pair cosine 1, the other pairing has cosine -1.
        Geometry.Result same = Geometry.of(array(s), array(s));
        assertEquals(0.0, same.modalityGap(), 1e-12);
        assertEquals(0.0, same.alignment(), 1e-12);
        assertEquals(-8.0, same.uniformityS(), 1e-12);
        assertEquals(1.0, same.pairCosine(), 1e-12);
        assertEquals(-1.0, same.randomPairCosine(), 1e-12);
        // Rows are normalised first, and a constant offset between the modalities is a gap:
        // s = (1,0),(0,1); t = (0,-3),(-2,0) -> (0,-1),(-1,0); means (0.5,0.5) and (-0.5,-0.5).
        Geometry.Result apart = Geometry.of(array(new double[][] {{1, 0}, {0, 1}}),
                array(new double[][] {{0, -3}, {-2, 0}}));
        assertEquals(Math.sqrt(2), apart.modalityGap(), 1e-12);
        assertEquals(2.0, apart.alignment(), 1e-12); // ||(1,1)||² both pairs
        assertEquals(0.0, apart.pairCosine(), 1e-12);
        assertEquals(-1.0, apart.randomPairCosine(), 1e-12);
        assertEquals(List.of("modality_gap", "alignment", "uniformity_s", "uniformity_t",
                "pair_cosine", "random_pair_cosine"), List.copyOf(apart.toMap().keySet()));
    }

    @Test
    void rejectsUnpairedOrSingleRows() {
        assertThrows(IllegalArgumentException.class, () -> Geometry.of(
                array(new double[][] {{1, 0}, {0, 1}}), array(new double[][] {{1, 0}})));
        assertThrows(IllegalArgumentException.class, () -> Geometry.of(
                array(new double[][] {{1, 0}}), array(new double[][] {{1, 0}})));
    }
}
