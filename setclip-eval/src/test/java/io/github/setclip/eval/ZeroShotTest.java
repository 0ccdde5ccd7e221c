package io.github.setclip.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ZeroShotTest {

    private static NDManager manager;

    @BeforeAll
    static void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    private static NDArray matrix(float[][] rows) {
        return Matrices.of(manager, rows);
    }

    @Test
    void classifierNormalisesEachPromptBeforeAveragingAndAfter() {
        // (P=2, C=2, d=2). Class 0: (3,4) and (0,2) -> unit (0.6,0.8) and (0,1) -> mean (0.3,0.9)
        // -> (0.3,0.9)/sqrt(0.9). Averaging first would give (1.5,3) -> (1,2)/sqrt(5) instead.
        // Class 1: (2,0) and (0,-5) -> (1,0) and (0,-1) -> (1,-1)/sqrt(2).
        NDArray prompts = manager.create(new float[] {3, 4, 2, 0, 0, 2, 0, -5}, new Shape(2, 2, 2));
        NDArray w = ZeroShot.classifier(prompts);
        assertEquals(new Shape(2, 2), w.getShape());
        double r = Math.sqrt(0.9);
        double h = Math.sqrt(0.5);
        float[] expected = {(float) (0.3 / r), (float) (0.9 / r), (float) h, (float) -h};
        assertArrayEquals(expected, w.toFloatArray(), 1e-6f);
        assertThrows(IllegalArgumentException.class, () -> ZeroShot.classifier(matrix(new float[][] {{1}})));
    }

    @Test
    void ranksTheTrueClassAmongAllClasses() {
        // Identity classifier over 6 classes: each embedding row is the sample's score per class.
        float[][] identity = new float[6][6];
        for (int c = 0; c < 6; c++) {
            identity[c][c] = 1;
        }
        NDArray embeddings = matrix(new float[][] {
            {0.9f, 0.1f, 0, 0, 0, 0},          // class 0, rank 1
            {0.5f, 0.2f, 0.6f, 0.3f, 0.1f, 0}, // class 1, three classes higher: rank 4
            {0.9f, 0.8f, 0.1f, 0.7f, 0.6f, 0.5f}, // class 2, five higher: rank 6
            {0.5f, 0.5f, 0.5f, 0, 0, 0},       // class 0, tied with two others: rank 1
            {0.2f, 0.1f, 0, 0, 0, 0},          // class 1, rank 2
        });
        ZeroShot.Result r = ZeroShot.classify(embeddings, matrix(identity), new int[] {0, 1, 2, 0, 1});
        assertEquals(2 / 5.0, r.top1(), 1e-12);
        assertEquals(4 / 5.0, r.top5(), 1e-12);
        assertArrayEquals(new double[] {1, 0, 0, Double.NaN, Double.NaN, Double.NaN}, r.perClassTop1());
        assertArrayEquals(new int[] {2, 2, 1, 0, 0, 0}, r.perClassCount());
        assertEquals(Map.of("zs_top1", 0.4, "zs_top5", 0.8), r.toMap("zs_"));
    }

    @Test
    void withFewerThanFiveClassesTopFiveIsOne() {
        NDArray classifier = matrix(new float[][] {{1, 0}, {0, 1}});
        NDArray embeddings = matrix(new float[][] {{0.1f, 0.9f}, {0.2f, 0.8f}});
        ZeroShot.Result r = ZeroShot.classify(embeddings, classifier, new int[] {0, 0});
        assertEquals(0.0, r.top1());
        assertEquals(1.0, r.top5());
    }

    @Test
    void rejectsMismatchedShapesAndLabelsOutOfRange() {
        NDArray classifier = matrix(new float[][] {{1, 0}, {0, 1}});
        NDArray embeddings = matrix(new float[][] {{1, 0}, {0, 1}});
        IllegalArgumentException range = assertThrows(IllegalArgumentException.class,
                () -> ZeroShot.classify(embeddings, classifier, new int[] {0, 2}));
        assertTrue(range.getMessage().contains("label 2 of sample 1"), range.getMessage());
        IllegalArgumentException count = assertThrows(IllegalArgumentException.class,
                () -> ZeroShot.classify(embeddings, classifier, new int[] {0}));
        assertTrue(count.getMessage().contains("1 labels for 2"), count.getMessage());
        IllegalArgumentException dims = assertThrows(IllegalArgumentException.class,
                () -> ZeroShot.classify(matrix(new float[][] {{1, 0, 0}}), classifier, new int[] {0}));
        assertTrue(dims.getMessage().contains("same d"), dims.getMessage());
    }
}
