package io.github.setclip.train.session;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one epoch did, handed to every listener in turn.
 *
 * <p>{@link #diagnostics()} holds the trainer's measurements at the epoch's last batch (each
 * term's gradient norm at the embeddings, the learned kernel weights, the logit scale, memory
 * peaks). {@link #validation()} starts empty and is filled by the validation listener, so that
 * the listeners after it (metrics, early stopping) see the epoch's validation metrics.
 */
public final class EpochRecord {

    private final int epoch;
    private final long globalStep;
    private final double seconds;
    private final Map<String, Object> diagnostics;
    private final Map<String, Double> validation = new LinkedHashMap<>();

    /**
     * Creates the record.
     *
     * @param epoch the epoch just completed, 1-based
     * @param globalStep optimiser steps taken so far
     * @param seconds wall seconds of this epoch's steps in this process
     * @param diagnostics measurements at the epoch's last batch
     */
    public EpochRecord(int epoch, long globalStep, double seconds, Map<String, Object> diagnostics) {
        this.epoch = epoch;
        this.globalStep = globalStep;
        this.seconds = seconds;
        this.diagnostics = Collections.unmodifiableMap(new LinkedHashMap<>(diagnostics));
    }

    /** The epoch just completed, 1-based. */
    public int epoch() {
        return epoch;
    }

    /** Optimiser steps taken so far. */
    public long globalStep() {
        return globalStep;
    }

    /** Wall seconds of this epoch's steps in this process. */
    public double seconds() {
        return seconds;
    }

    /** The trainer's measurements at the epoch's last batch, by name. */
    public Map<String, Object> diagnostics() {
        return diagnostics;
    }

    /** Validation metrics of this epoch; empty until a validation listener has run. */
    public Map<String, Double> validation() {
        return validation;
    }
}
