package io.github.setclip.losses;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import java.util.List;
import java.util.function.Function;

/**
 * Central finite differences against autograd, in float64.
 *
 * <p>The error is measured over the whole gradient, {@code ||g_auto - g_fd|| / max(||g_auto||,
 * ||g_fd||)}, so that components near zero do not dominate.
 */
final class GradientCheck {

    static final double STEP = 1e-6;

    private GradientCheck() {}

    /**
     * Relative error between autograd and central differences of {@code loss} with respect to
     * each input; returns the largest.
     */
    static double maxRelativeError(
            NDManager manager, List<double[][]> inputs, Function<List<NDArray>, NDArray> loss) {
        double worst = 0;
        for (int which = 0; which < inputs.size(); which++) {
            double[][] autograd = autograd(manager, inputs, which, loss);
            double[][] numeric = numeric(manager, inputs, which, loss);
            worst = Math.max(worst, relativeError(autograd, numeric));
        }
        return worst;
    }

    static double[][] autograd(
            NDManager manager,
            List<double[][]> inputs,
            int which,
            Function<List<NDArray>, NDArray> loss) {
        try (NDManager scope = manager.newSubManager()) {
            List<NDArray> arrays = arrays(scope, inputs);
            arrays.get(which).setRequiresGradient(true);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                collector.backward(loss.apply(arrays));
            }
            double[] flat = arrays.get(which).getGradient().toDoubleArray();
            return reshape(flat, inputs.get(which));
        }
    }

    static double[][] numeric(
            NDManager manager,
            List<double[][]> inputs,
            int which,
            Function<List<NDArray>, NDArray> loss) {
        double[][] x = inputs.get(which);
        double[][] grad = new double[x.length][x[0].length];
        for (int i = 0; i < x.length; i++) {
            for (int k = 0; k < x[i].length; k++) {
                double original = x[i][k];
                x[i][k] = original + STEP;
                double plus = evaluate(manager, inputs, loss);
                x[i][k] = original - STEP;
                double minus = evaluate(manager, inputs, loss);
                x[i][k] = original;
                grad[i][k] = (plus - minus) / (2 * STEP);
            }
        }
        return grad;
    }

    static double evaluate(
            NDManager manager, List<double[][]> inputs, Function<List<NDArray>, NDArray> loss) {
        try (NDManager scope = manager.newSubManager()) {
            return Fixtures.scalar(loss.apply(arrays(scope, inputs)));
        }
    }

    static double relativeError(double[][] a, double[][] b) {
        double diff = 0;
        double normA = 0;
        double normB = 0;
        for (int i = 0; i < a.length; i++) {
            for (int k = 0; k < a[i].length; k++) {
                diff += (a[i][k] - b[i][k]) * (a[i][k] - b[i][k]);
                normA += a[i][k] * a[i][k];
                normB += b[i][k] * b[i][k];
            }
        }
        double scale = Math.sqrt(Math.max(normA, normB));
        if (scale == 0) {
            throw new AssertionError("both gradients are zero: the check would prove nothing");
        }
        return Math.sqrt(diff) / scale;
    }

    private static List<NDArray> arrays(NDManager manager, List<double[][]> inputs) {
        return inputs.stream().map(x -> Fixtures.array(manager, x, DataType.FLOAT64)).toList();
    }

    private static double[][] reshape(double[] flat, double[][] like) {
        double[][] out = new double[like.length][like[0].length];
        for (int i = 0; i < like.length; i++) {
            System.arraycopy(flat, i * like[0].length, out[i], 0, like[0].length);
        }
        return out;
    }
}
