package io.github.setclip.tasks.experiment;

import ai.djl.util.JsonUtils;
import com.google.gson.JsonParseException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * One trained (or deliberately untrained) run of an experiment, as stored in its
 * {@code result.json}.
 *
 * @param arm the arm's key
 * @param seed the seed
 * @param bestEpoch the epoch whose model was scored (0 when untrained)
 * @param epochs epochs trained
 * @param stepsToBest optimiser steps up to the scored epoch
 * @param samplesToBest rows per modality seen up to the scored epoch
 * @param secondsToBest training seconds up to the scored epoch
 * @param seconds training seconds of the whole run, validation included
 * @param metrics every metric on the scored split, as {@code section/metric}
 */
public record RunResult(String arm, long seed, int bestEpoch, int epochs, long stepsToBest,
        long samplesToBest, double secondsToBest, double seconds, Map<String, Double> metrics) {

    /**
     * This result filed under another arm key: a run read back counts for the arm whose folder
     * holds it (its configuration is checked against that arm's first), whatever key an earlier
     * release or a renamed folder wrote into it.
     *
     * @param key the arm's key
     * @return the same result with that key
     */
    RunResult forArm(String key) {
        return key.equals(arm) ? this : new RunResult(key, seed, bestEpoch, epochs, stepsToBest,
                samplesToBest, secondsToBest, seconds, metrics);
    }

    /**
     * Reads a finished run's {@code result.json}, filed under the arm whose folder holds it.
     *
     * @param file the result.json
     * @param arm the arm's key
     * @return the result
     * @throws IOException if the file cannot be read, is not JSON or has no metrics
     */
    static RunResult read(Path file, String arm) throws IOException {
        RunResult result;
        try {
            result = JsonUtils.GSON.fromJson(Files.readString(file), RunResult.class);
        } catch (JsonParseException e) {
            throw new IOException(file + " is damaged (not a run's result: " + e.getMessage() + ")", e);
        }
        if (result == null || result.metrics() == null || result.metrics().isEmpty()) {
            throw new IOException(file + " is damaged (no metrics)");
        }
        return result.forArm(arm);
    }
}
