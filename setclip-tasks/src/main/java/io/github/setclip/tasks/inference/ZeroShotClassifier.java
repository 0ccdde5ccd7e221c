package io.github.setclip.tasks.inference;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import io.github.setclip.eval.ZeroShot;
import java.util.List;

/**
 * A zero-shot classifier built by {@link TrainedRun#zeroShot} from class names and prompt
 * templates: one unit vector per class (its prompts' embeddings, each normalised, averaged and
 * normalised again, see {@link ZeroShot#classifier}); a sample belongs to the class of highest
 * cosine similarity.
 */
public final class ZeroShotClassifier {

    private final List<String> classNames;
    private final NDArray weights;

    ZeroShotClassifier(List<String> classNames, NDArray weights) {
        this.classNames = List.copyOf(classNames);
        this.weights = weights;
    }

    /** The classes, in the order of the weights' rows and of the predicted indices. */
    public List<String> classNames() {
        return classNames;
    }

    /** (C, d) unit rows, one per class, owned by the run (valid until it is closed). */
    public NDArray weights() {
        return weights;
    }

    /**
     * Cosine similarity of every sample with every class.
     *
     * @param embeddings (N, d) unit rows from the run's other tower, e.g. {@link TrainedRun#embedImages}
     * @return (N, C) scores, on the embeddings' manager
     * @throws IllegalArgumentException if the embeddings are not (N, d)
     */
    public NDArray scores(NDArray embeddings) {
        Shape shape = embeddings.getShape();
        long d = weights.getShape().get(1);
        if (shape.dimension() != 2 || shape.get(0) == 0 || shape.get(1) != d) {
            throw new IllegalArgumentException("embeddings must be (N > 0, " + d + "), got " + shape);
        }
        return embeddings.matMul(weights.transpose());
    }

    /**
     * The most similar class of every sample.
     *
     * @param embeddings (N, d) unit rows
     * @return N class indices into {@link #classNames()}
     */
    public int[] predict(NDArray embeddings) {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            long[] best = scores(embeddings).argMax(1).toLongArray();
            int[] classes = new int[best.length];
            for (int i = 0; i < best.length; i++) {
                classes[i] = Math.toIntExact(best[i]);
            }
            return classes;
        }
    }

    /**
     * Top-1 and top-5 accuracy (overall and per class) of labelled samples.
     *
     * @param embeddings (N, d) unit rows
     * @param labels N true classes, indices into {@link #classNames()}
     * @return the accuracies
     */
    public ZeroShot.Result evaluate(NDArray embeddings, int[] labels) {
        return ZeroShot.classify(embeddings, weights, labels);
    }
}
