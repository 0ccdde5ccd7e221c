package io.github.setclip.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LinearProbeTest {

    private static NDManager manager;

    @BeforeAll
    static void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    /** n samples per class around the corners 3·e_c (class c), with standard deviation sigma. */
    private static float[] blobs(Random random, int perClass, int classes, int d, double sigma,
            int[] labels) {
        float[] x = new float[perClass * classes * d];
        for (int i = 0; i < perClass * classes; i++) {
            int c = i % classes;
            labels[i] = c;
            for (int k = 0; k < d; k++) {
                x[i * d + k] = (float) ((k == c ? 3 : 0) + sigma * random.nextGaussian());
            }
        }
        return x;
    }

    @Test
    void separatesSeparableBlobs() {
        Random random = new Random(1);
        int d = 8;
        int[] trainY = new int[3 * 100];
        int[] testY = new int[3 * 100];
        NDArray trainX = manager.create(blobs(random, 100, 3, d, 0.4, trainY), new Shape(300, d));
        NDArray testX = manager.create(blobs(random, 100, 3, d, 0.4, testY), new Shape(300, d));
        LinearProbe.Result r = LinearProbe.builder().build()
                .fitAndScore(trainX, trainY, testX, testY, 3);
        assertEquals(1.0, r.trainAccuracy());
        assertEquals(1.0, r.testAccuracy());
        assertEquals(3, r.numClasses());
    }

    @Test
    void randomLabelsGiveChanceOnTheTestSplit() {
        Random random = new Random(2);
        int d = 16;
        float[] train = new float[400 * d];
        float[] test = new float[4000 * d];
        for (int i = 0; i < train.length; i++) {
            train[i] = (float) random.nextGaussian();
        }
        for (int i = 0; i < test.length; i++) {
            test[i] = (float) random.nextGaussian();
        }
        int[] trainY = random.ints(400, 0, 4).toArray();
        int[] testY = random.ints(4000, 0, 4).toArray();
        LinearProbe.Result r = LinearProbe.builder().build().fitAndScore(
                manager.create(train, new Shape(400, d)), trainY,
                manager.create(test, new Shape(4000, d)), testY, 4);
        // Chance is 1/4; the standard error over 4000 test samples is under 0.007.
        assertEquals(0.25, r.testAccuracy(), 0.04);
        assertTrue(r.trainAccuracy() > 0.3, "memorises some of the noise: " + r.trainAccuracy());
    }

    @Test
    void oneDimensionalFitMatchesTheScipyOptimum() {
        // Two classes, so the logit difference is w·z + c, z the standardised x; at the optimum
        // W = (-w/2, w/2) and the penalty (λ/2)||W||² is λw²/4.
        // python3 -c "import numpy as np; from scipy.optimize import minimize;
        //     x=np.array([-2.0,-1.5,-1.0,-0.5,0.0,0.5,1.0,1.5,2.0,3.0,4.0]);
        //     y=np.array([0,0,1,0,0,1,1,0,1,1,1]); z=(x-x.mean())/x.std(); s=2*y-1;
        //     f=lambda p: np.mean(np.logaddexp(0,-s*(p[0]*z+p[1])))+0.1*p[0]**2/4;
        //     print(minimize(f,np.zeros(2),method='BFGS',options={'gtol':1e-13}).x.tolist())"
        //     -> [1.1352884689813294, 0.2631387589267149]
        float[] x = {-2.0f, -1.5f, -1.0f, -0.5f, 0.0f, 0.5f, 1.0f, 1.5f, 2.0f, 3.0f, 4.0f};
        int[] y = {0, 0, 1, 0, 0, 1, 1, 0, 1, 1, 1};
        LinearProbe.Model model = LinearProbe.builder().optL2(0.1).build()
                .fit(manager.create(x, new Shape(11, 1)), y, 2);
        assertEquals(1.1352884689813294, model.weight()[1] - model.weight()[0], 1e-5);
        assertEquals(0.2631387589267149, model.bias()[1] - model.bias()[0], 1e-5);
        assertEquals(0.0, model.weight()[1] + model.weight()[0], 1e-6);
        // Standardisation used the training mean and the population standard deviation.
        assertEquals(7.0 / 11, model.mean()[0], 1e-6);
        double variance = 0;
        for (float v : x) {
            variance += (v - 7.0 / 11) * (v - 7.0 / 11) / 11;
        }
        assertEquals(Math.sqrt(variance), model.std()[0], 1e-6);
        // The boundary w·z + c = 0 lies between x = 0 and x = 0.5: all but x = -1 (class 1) and
        // x = 1.5 (class 0) are right.
        assertEquals(9 / 11.0, model.accuracy(manager.create(x, new Shape(11, 1)), y), 1e-12);
    }

    @Test
    void standardisationMakesTheFitInvariantToFeatureScaleAndOffset() {
        Random random = new Random(4);
        int[] y = new int[60];
        float[] x = blobs(random, 20, 3, 3, 1.0, y);
        float[] scaled = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            scaled[i] = 1000 * x[i] - 50;
        }
        LinearProbe probe = LinearProbe.builder().optIterations(100).build();
        LinearProbe.Model a = probe.fit(manager.create(x, new Shape(60, 3)), y, 3);
        LinearProbe.Model b = probe.fit(manager.create(scaled, new Shape(60, 3)), y, 3);
        assertArrayEquals(a.weight(), b.weight(), 1e-4);
        assertArrayEquals(a.bias(), b.bias(), 1e-4);
        // Deterministic: the same fit twice gives the same parameters.
        assertArrayEquals(a.weight(), probe.fit(manager.create(x, new Shape(60, 3)), y, 3).weight());
    }

    @Test
    void rejectsBadSettingsAndLabels() {
        assertThrows(IllegalArgumentException.class, () -> LinearProbe.builder().optL2(-1));
        assertThrows(IllegalArgumentException.class, () -> LinearProbe.builder().optIterations(0));
        assertThrows(IllegalArgumentException.class, () -> LinearProbe.builder().optLearningRate(0));
        NDArray x = manager.create(new float[] {1, 2, 3, 4}, new Shape(2, 2));
        LinearProbe probe = LinearProbe.builder().build();
        IllegalArgumentException range = assertThrows(IllegalArgumentException.class,
                () -> probe.fitAndScore(x, new int[] {0, 3}, x, new int[] {0, 1}, 2));
        assertTrue(range.getMessage().contains("label 3 of sample 1"), range.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> probe.fitAndScore(x, new int[] {0, 1}, x, new int[] {0}, 2));
        NDArray wide = manager.create(new float[] {1, 2, 3}, new Shape(1, 3));
        assertThrows(IllegalArgumentException.class,
                () -> probe.fitAndScore(x, new int[] {0, 1}, wide, new int[] {0}, 2));
    }
}
