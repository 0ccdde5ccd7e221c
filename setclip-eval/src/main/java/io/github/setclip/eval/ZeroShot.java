package io.github.setclip.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CLIP-style zero-shot classification: each class is represented by the embedding of prompts naming
 * it ("a picture of {class}."), and a sample is assigned to the class whose prompt embedding is most
 * similar (cosine, when both sides are unit vectors).
 */
public final class ZeroShot {

    private ZeroShot() {}

    /**
     * The classifier weights from prompt embeddings, as CLIP builds them: every prompt embedding is
     * L2-normalised, the P prompts of a class are averaged, and the mean is L2-normalised again.
     *
     * @param promptEmbeddings (P, C, d): template p of class c at [p, c]
     * @return (C, d) unit rows, one per class, on the input's manager
     */
    public static NDArray classifier(NDArray promptEmbeddings) {
        Shape shape = promptEmbeddings.getShape();
        if (shape.dimension() != 3 || shape.size() == 0) {
            throw new IllegalArgumentException(
                    "prompt embeddings must be a non-empty (P, C, d) array, got " + shape);
        }
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray unit = promptEmbeddings.normalize(2, 2, 1e-12);
            NDArray weights = unit.mean(new int[] {0}).normalize(2, 1, 1e-12);
            NDScope.unregister(weights);
            return weights;
        }
    }

    /**
     * Classifies every sample by its similarity to each class and scores the ranking of the true
     * class. A sample's rank is 1 plus the number of classes scoring strictly higher than its true
     * class (ties count in its favour, as in {@link Retrieval}); it is a top-k hit at rank <= k, so
     * with fewer than 5 classes top-5 is 1.
     *
     * @param embeddings (N, d) sample embeddings (unit rows for cosine similarity)
     * @param classifier (C, d) class embeddings, e.g. from {@link #classifier}
     * @param labels N true classes, each in [0, C)
     * @return top-1/top-5 accuracy overall and top-1 per class
     */
    public static Result classify(NDArray embeddings, NDArray classifier, int[] labels) {
        Shape es = embeddings.getShape();
        Shape cs = classifier.getShape();
        if (es.dimension() != 2 || cs.dimension() != 2 || es.get(1) != cs.get(1)) {
            throw new IllegalArgumentException("embeddings must be (N, d) and classifier (C, d) with"
                    + " the same d, got " + es + " and " + cs);
        }
        int n = Math.toIntExact(es.get(0));
        int numClasses = Math.toIntExact(cs.get(0));
        if (n == 0 || numClasses == 0) {
            throw new IllegalArgumentException("need at least one sample and one class, got "
                    + es + " and " + cs);
        }
        if (labels.length != n) {
            throw new IllegalArgumentException(
                    "got " + labels.length + " labels for " + n + " embeddings");
        }
        for (int i = 0; i < n; i++) {
            if (labels[i] < 0 || labels[i] >= numClasses) {
                throw new IllegalArgumentException("label " + labels[i] + " of sample " + i
                        + " is outside [0, " + numClasses + ")");
            }
        }
        long[] ranks;
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray scores = embeddings.toType(DataType.FLOAT64, false)
                    .matMul(classifier.toType(DataType.FLOAT64, false).transpose()); // (N, C)
            NDArray isTrue = embeddings.getManager()
                    .create(Arrays.stream(labels).asLongStream().toArray()).oneHot(numClasses)
                    .toType(DataType.BOOLEAN, false);
            NDArray floor = scores.getManager().full(scores.getShape(), Float.NEGATIVE_INFINITY,
                    DataType.FLOAT64);
            NDArray trueScore = NDArrays.where(isTrue, scores, floor).max(new int[] {1}, true);
            ranks = scores.gt(trueScore).sum(new int[] {1}).add(1).toType(DataType.INT64, false)
                    .toLongArray();
        }
        return Result.of(ranks, labels, numClasses);
    }

    /**
     * Zero-shot accuracy.
     *
     * @param top1 share of samples whose true class scores highest
     * @param top5 share whose true class is among the 5 highest
     * @param perClassTop1 top-1 accuracy of the samples of each class (C values; NaN for a class
     *     without samples)
     * @param perClassCount number of samples of each class (C values)
     */
    public record Result(double top1, double top5, double[] perClassTop1, int[] perClassCount) {

        static Result of(long[] ranks, int[] labels, int numClasses) {
            int[] count = new int[numClasses];
            int[] hits = new int[numClasses];
            int top1 = 0;
            int top5 = 0;
            for (int i = 0; i < ranks.length; i++) {
                count[labels[i]]++;
                if (ranks[i] == 1) {
                    hits[labels[i]]++;
                    top1++;
                }
                if (ranks[i] <= 5) {
                    top5++;
                }
            }
            double[] perClass = new double[numClasses];
            for (int c = 0; c < numClasses; c++) {
                perClass[c] = count[c] == 0 ? Double.NaN : hits[c] / (double) count[c];
            }
            return new Result(top1 / (double) ranks.length, top5 / (double) ranks.length, perClass,
                    count);
        }

        /** Top-1 and top-5 accuracy by name, each prefixed (e.g. {@code zeroshot_top1}). */
        public Map<String, Double> toMap(String prefix) {
            Map<String, Double> map = new LinkedHashMap<>();
            map.put(prefix + "top1", top1);
            map.put(prefix + "top5", top5);
            return map;
        }

        @Override
        public String toString() {
            return "ZeroShot.Result[top1=" + top1 + ", top5=" + top5 + ", perClassTop1="
                    + Arrays.toString(perClassTop1) + ", perClassCount="
                    + Arrays.toString(perClassCount) + "]";
        }
    }
}
