package io.github.setclip.losses;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Random;

/** Seeded inputs shared by the loss tests. */
final class Fixtures {

    private Fixtures() {}

    /** Rows drawn from a seeded Gaussian and L2-normalised, as the encoders produce them. */
    static double[][] unitRows(long seed, int n, int d) {
        Random random = new Random(seed);
        double[][] x = new double[n][d];
        for (double[] row : x) {
            double norm = 0;
            for (int k = 0; k < d; k++) {
                row[k] = random.nextGaussian();
                norm += row[k] * row[k];
            }
            norm = Math.sqrt(norm);
            for (int k = 0; k < d; k++) {
                row[k] /= norm;
            }
        }
        return x;
    }

    /** Each row of {@code base} nudged by seeded noise of the given size (a correlated set). */
    static double[][] perturbed(double[][] base, long seed, double noise) {
        Random random = new Random(seed);
        double[][] x = new double[base.length][];
        for (int i = 0; i < base.length; i++) {
            x[i] = base[i].clone();
            for (int k = 0; k < x[i].length; k++) {
                x[i][k] += noise * random.nextGaussian();
            }
        }
        return x;
    }

    static NDArray array(NDManager manager, double[][] x, DataType type) {
        int n = x.length;
        int d = x[0].length;
        double[] flat = new double[n * d];
        for (int i = 0; i < n; i++) {
            System.arraycopy(x[i], 0, flat, i * d, d);
        }
        return manager.create(flat, new Shape(n, d)).toType(type, false);
    }

    static double[][] rows(double[][] x, int[] order) {
        double[][] out = new double[order.length][];
        for (int i = 0; i < order.length; i++) {
            out[i] = x[order[i]];
        }
        return out;
    }

    static double scalar(NDArray x) {
        return x.toType(DataType.FLOAT64, false).getDouble();
    }

    static void assertClose(double expected, double actual, double relTol, String what) {
        // Relative, with an absolute floor of 1e-12 for values that are (near) zero.
        double err = Math.abs(expected - actual) / Math.max(Math.abs(expected), 1e-12 / relTol);
        if (!(err <= relTol)) {
            throw new AssertionError(
                    what + ": expected " + expected + ", got " + actual + " (relative error " + err
                            + " > " + relTol + ")");
        }
    }
}
