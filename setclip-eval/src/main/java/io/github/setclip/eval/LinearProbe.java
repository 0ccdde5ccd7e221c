package io.github.setclip.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Linear probe: multinomial logistic regression on frozen embeddings, the standard measure of how
 * linearly decodable a property is from them. Features are standardised with the training mean and
 * (population) standard deviation. The objective, mean cross-entropy + (λ/2)·||W||² (the bias is not
 * penalised), is minimised by full-batch Adam with a cosine-decayed step size, from zero weights, so
 * a fit is deterministic. The gradient is written out, softmax(XW + b) - onehot(y), rather than
 * taken by autograd: the engine's one gradient collector may be in use by a training loop.
 */
public final class LinearProbe {

    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.999;
    private static final double ADAM_EPS = 1e-8;

    private final double l2;
    private final int iterations;
    private final double learningRate;

    private LinearProbe(Builder builder) {
        this.l2 = builder.l2;
        this.iterations = builder.iterations;
        this.learningRate = builder.learningRate;
    }

    /** A builder with the defaults: λ = 1e-4, 500 iterations, learning rate 0.05. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Trains on one split and scores both.
     *
     * @param trainX (N, d) training embeddings
     * @param trainY N training labels in [0, numClasses)
     * @param testX (M, d) test embeddings
     * @param testY M test labels in [0, numClasses)
     * @param numClasses number of classes C >= 2
     * @return training and test accuracy (share of samples whose highest logit is the true class)
     */
    public Result fitAndScore(NDArray trainX, int[] trainY, NDArray testX, int[] testY,
            int numClasses) {
        Model model = fit(trainX, trainY, numClasses);
        return new Result(model.accuracy(trainX, trainY), model.accuracy(testX, testY), numClasses);
    }

    /** Fits the probe; the parameters come back as Java arrays. */
    Model fit(NDArray x, int[] y, int numClasses) {
        int d = checkData(x, y, numClasses, -1);
        long n = x.getShape().get(0);
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDManager manager = x.getManager();
            NDArray x64 = x.toType(DataType.FLOAT64, false);
            NDArray mean = x64.mean(new int[] {0});
            NDArray std = x64.sub(mean).square().mean(new int[] {0}).sqrt();
            std = NDArrays.where(std.gt(1e-12), std, manager.ones(std.getShape(), DataType.FLOAT64));
            NDArray z = x64.sub(mean).div(std).toType(DataType.FLOAT32, false); // (N, d)
            NDArray zT = z.transpose();
            NDArray target = labels(manager, y).oneHot(numClasses, DataType.FLOAT32); // (N, C)
            NDArray w = manager.zeros(new Shape(d, numClasses), DataType.FLOAT32);
            NDArray b = manager.zeros(new Shape(numClasses), DataType.FLOAT32);
            NDArray[] moments = {w.zerosLike(), w.zerosLike(), b.zerosLike(), b.zerosLike()};
            for (int t = 1; t <= iterations; t++) {
                try (NDScope step = new NDScope()) {
                    step.suppressNotUsedWarning();
                    NDArray residual = z.matMul(w).add(b).softmax(1).sub(target).div(n); // (N, C)
                    NDArray gradW = zT.matMul(residual).add(w.mul(l2));
                    NDArray gradB = residual.sum(new int[] {0});
                    double rate = learningRate * 0.5 * (1 + Math.cos(Math.PI * (t - 1) / iterations));
                    adam(w, gradW, moments[0], moments[1], t, rate);
                    adam(b, gradB, moments[2], moments[3], t, rate);
                }
            }
            return new Model(mean.toDoubleArray(), std.toDoubleArray(),
                    w.toType(DataType.FLOAT64, false).toDoubleArray(),
                    b.toType(DataType.FLOAT64, false).toDoubleArray(), numClasses);
        }
    }

    /** One in-place Adam update of param, with bias-corrected moments. */
    private static void adam(NDArray param, NDArray grad, NDArray first, NDArray second, int t,
            double rate) {
        first.muli(BETA1).addi(grad.mul(1 - BETA1));
        second.muli(BETA2).addi(grad.square().mul(1 - BETA2));
        double firstCorrection = 1 - Math.pow(BETA1, t);
        double secondCorrection = 1 - Math.pow(BETA2, t);
        param.subi(first.div(firstCorrection)
                .div(second.div(secondCorrection).sqrt().add(ADAM_EPS)).mul(rate));
    }

    private static NDArray labels(NDManager manager, int[] y) {
        return manager.create(Arrays.stream(y).asLongStream().toArray());
    }

    /** Validates (N, d) data against N labels in [0, C); returns d. */
    private static int checkData(NDArray x, int[] y, int numClasses, int expectedD) {
        if (numClasses < 2) {
            throw new IllegalArgumentException("a probe needs at least 2 classes, got " + numClasses);
        }
        Shape shape = x.getShape();
        if (shape.dimension() != 2 || shape.get(0) == 0) {
            throw new IllegalArgumentException("embeddings must be non-empty (N, d), got " + shape);
        }
        if (expectedD >= 0 && shape.get(1) != expectedD) {
            throw new IllegalArgumentException("expected (N, " + expectedD + ") embeddings, got " + shape);
        }
        if (y.length != shape.get(0)) {
            throw new IllegalArgumentException("got " + y.length + " labels for " + shape.get(0)
                    + " embeddings");
        }
        for (int i = 0; i < y.length; i++) {
            if (y[i] < 0 || y[i] >= numClasses) {
                throw new IllegalArgumentException("label " + y[i] + " of sample " + i
                        + " is outside [0, " + numClasses + ")");
            }
        }
        return Math.toIntExact(shape.get(1));
    }

    /**
     * A fitted probe: logits = ((x - mean) / std) · weight + bias.
     *
     * @param mean (d) training feature means
     * @param std (d) training feature standard deviations (1 where constant)
     * @param weight (d, C) weights, row-major
     * @param bias (C) biases
     * @param numClasses C
     */
    record Model(double[] mean, double[] std, double[] weight, double[] bias, int numClasses) {

        /** Share of rows of x (N, d) whose highest logit is their label. */
        double accuracy(NDArray x, int[] y) {
            int d = checkData(x, y, numClasses, mean.length);
            long[] predicted;
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                NDManager manager = x.getManager();
                predicted = x.toType(DataType.FLOAT64, false)
                        .sub(manager.create(mean)).div(manager.create(std))
                        .matMul(manager.create(weight, new Shape(d, numClasses)))
                        .add(manager.create(bias))
                        .argMax(1).toType(DataType.INT64, false).toLongArray();
            }
            int hits = 0;
            for (int i = 0; i < y.length; i++) {
                if (predicted[i] == y[i]) {
                    hits++;
                }
            }
            return hits / (double) y.length;
        }
    }

    /**
     * Probe accuracy.
     *
     * @param trainAccuracy accuracy on the training split
     * @param testAccuracy accuracy on the test split
     * @param numClasses number of classes (chance is about 1 / numClasses for balanced classes)
     */
    public record Result(double trainAccuracy, double testAccuracy, int numClasses) {

        /** Both accuracies by name, each prefixed (e.g. {@code probe_test_accuracy}). */
        public Map<String, Double> toMap(String prefix) {
            Map<String, Double> map = new LinkedHashMap<>();
            map.put(prefix + "train_accuracy", trainAccuracy);
            map.put(prefix + "test_accuracy", testAccuracy);
            return map;
        }
    }

    /** Settings of a {@link LinearProbe}. */
    public static final class Builder {

        private double l2 = 1e-4;
        private int iterations = 500;
        private double learningRate = 0.05;

        private Builder() {}

        /** L2 weight decay λ on the weights (not the biases), >= 0; default 1e-4. */
        public Builder optL2(double l2) {
            if (!(l2 >= 0) || Double.isInfinite(l2)) {
                throw new IllegalArgumentException("l2 must be finite and >= 0, got " + l2);
            }
            this.l2 = l2;
            return this;
        }

        /** Number of full-batch Adam steps, >= 1; default 500. */
        public Builder optIterations(int iterations) {
            if (iterations < 1) {
                throw new IllegalArgumentException("iterations must be >= 1, got " + iterations);
            }
            this.iterations = iterations;
            return this;
        }

        /** Peak Adam step size (on standardised features), cosine-decayed to 0; default 0.05. */
        public Builder optLearningRate(double learningRate) {
            if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
                throw new IllegalArgumentException(
                        "learning rate must be finite and > 0, got " + learningRate);
            }
            this.learningRate = learningRate;
            return this;
        }

        /** The probe. */
        public LinearProbe build() {
            return new LinearProbe(this);
        }
    }
}
