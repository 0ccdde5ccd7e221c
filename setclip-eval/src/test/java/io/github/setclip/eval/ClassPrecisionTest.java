package io.github.setclip.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ClassPrecisionTest {

    @Test
    void countsTheShareOfSameClassItemsAmongTheKNearest() {
        try (NDManager m = NDManager.newBaseManager()) {
            // Gallery on a line: angles 0, 10, 20, 90, 100 degrees; classes 0, 0, 1, 1, 1.
            double[] angles = {0, 10, 20, 90, 100};
            float[] g = new float[10];
            for (int i = 0; i < 5; i++) {
                g[2 * i] = (float) Math.cos(Math.toRadians(angles[i]));
                g[2 * i + 1] = (float) Math.sin(Math.toRadians(angles[i]));
            }
            NDArray gallery = m.create(g, new Shape(5, 2));
            // Query at 5 degrees (class 0): nearest 2 are items 0 and 1 -> 2/2; nearest 3 add item 2 -> 2/3.
            // Query at 95 degrees (class 1): nearest 2 are items 3, 4 -> 2/2; nearest 3 add item 2 -> 3/3.
            NDArray queries = m.create(new float[] {
                (float) Math.cos(Math.toRadians(5)), (float) Math.sin(Math.toRadians(5)),
                (float) Math.cos(Math.toRadians(95)), (float) Math.sin(Math.toRadians(95))}, new Shape(2, 2));
            int[] galleryLabels = {0, 0, 1, 1, 1};
            int[] queryLabels = {0, 1};
            assertEquals(1.0, ClassPrecision.atK(queries, gallery, queryLabels, galleryLabels, 2), 1e-12);
            assertEquals((2 / 3.0 + 1) / 2, ClassPrecision.atK(queries, gallery, queryLabels, galleryLabels, 3), 1e-12);
            assertEquals((2 / 5.0 + 3 / 5.0) / 2,
                    ClassPrecision.atK(queries, gallery, queryLabels, galleryLabels, 5), 1e-12);
        }
    }

    @Test
    void randomEmbeddingsScoreNearTheClassShare() {
        try (NDManager m = NDManager.newBaseManager()) {
            Random random = new Random(3);
            int n = 3000;
            float[] x = new float[n * 16];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) random.nextGaussian();
            }
            int[] labels = new int[n];
            for (int i = 0; i < n; i++) {
                labels[i] = i % 4;
            }
            NDArray e = m.create(x, new Shape(n, 16));
            double p = ClassPrecision.atK(e.get("0:1000"), e.get("1000:3000"),
                    java.util.Arrays.copyOf(labels, 1000), java.util.Arrays.copyOfRange(labels, 1000, n), 10);
            assertTrue(Math.abs(p - 0.25) < 0.05, "chance is a quarter: " + p);
        }
    }

    @Test
    void rejectsLabelsThatDoNotMatchTheRowsAndKOutOfRange() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray e = m.ones(new Shape(3, 2));
            assertThrows(IllegalArgumentException.class,
                    () -> ClassPrecision.atK(e, e, new int[2], new int[3], 1));
            IllegalArgumentException k = assertThrows(IllegalArgumentException.class,
                    () -> ClassPrecision.atK(e, e, new int[3], new int[3], 4));
            assertTrue(k.getMessage().contains("k must be in [1, 3]"), k.getMessage());
        }
    }
}
