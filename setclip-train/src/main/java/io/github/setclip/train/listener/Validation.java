package io.github.setclip.train.listener;

import ai.djl.ndarray.NDManager;
import io.github.setclip.core.TwoStreamModel;
import java.util.Map;

/** Evaluates the model on held-out data after each epoch (e.g. retrieval recalls). */
@FunctionalInterface
public interface Validation {

    /**
     * Scores the model.
     *
     * @param model the model, in its current state
     * @param manager a scope that owns every array made here; closed after the call
     * @return named metrics, higher is better for the one early stopping watches
     */
    Map<String, Double> evaluate(TwoStreamModel model, NDManager manager);
}
