package io.github.setclip.train.session;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An evaluation inside the run, every {@link TrainingSession#evalEvery()} steps, handed to every
 * listener in turn: {@link #validation()} starts empty and is filled by the validation listener,
 * so that the listeners after it (metrics, early stopping, checkpoints) see its metrics.
 */
public final class EvaluationRecord {

    private final int epoch;
    private final long globalStep;
    private final Map<String, Double> validation = new LinkedHashMap<>();

    /**
     * Creates the record.
     *
     * @param epoch the epoch the evaluation falls in, 1-based
     * @param globalStep optimiser steps taken so far
     */
    public EvaluationRecord(int epoch, long globalStep) {
        this.epoch = epoch;
        this.globalStep = globalStep;
    }

    /** The epoch the evaluation falls in, 1-based. */
    public int epoch() {
        return epoch;
    }

    /** Optimiser steps taken so far. */
    public long globalStep() {
        return globalStep;
    }

    /** Validation metrics; empty until a validation listener has run. */
    public Map<String, Double> validation() {
        return validation;
    }
}
