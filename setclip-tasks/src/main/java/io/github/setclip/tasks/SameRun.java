package io.github.setclip.tasks;

import ai.djl.util.JsonUtils;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.github.setclip.data.InvalidSettingException;
import io.github.setclip.train.TrainingConfig;
import io.github.setclip.train.listener.EarlyStopping;
import java.util.Objects;
import java.util.TreeSet;

/**
 * A resumed run must continue the run in its folder: the same configuration, data and early
 * stopping as its config.json records, or its checkpoints would be trained on as something they
 * are not. Only the learning rate and the gradient clip may change (what a diverged run needs).
 */
final class SameRun {

    private SameRun() {}

    /**
     * Checks what a resumed run is given against what its folder records.
     *
     * @param stored the run folder as opened
     * @param config the configuration given now
     * @param spec the dataset given now, or {@code null} for an open task
     * @param stopping the early-stopping rule given now, or {@code null}
     * @param evalEvery the evaluation interval given now, in optimiser steps (0: after each epoch)
     * @throws InvalidSettingException naming the first setting that differs
     */
    static void require(RunFolder stored, TrainingConfig config, DatasetSpec spec, EarlyStopping stopping,
            long evalEvery) {
        String where = stored.directory().resolve(RunFolder.CONFIG).toString();
        TrainingConfig before = stored.config().toBuilder().optLearningRate(config.learningRate())
                .optGradientClip(config.gradientClip()).build();
        difference(JsonUtils.GSON.toJsonTree(before.canonical()), JsonUtils.GSON.toJsonTree(config.canonical()),
                "", where);
        if (spec != null && stored.dataset() != null) {
            difference(JsonUtils.GSON.toJsonTree(stored.dataset().toMap()),
                    JsonUtils.GSON.toJsonTree(spec.toMap()), "", where);
        }
        if (!Objects.equals(stored.earlyStopping(), stopping)) {
            throw new InvalidSettingException("patience", "is " + describe(stopping) + " here but "
                    + describe(stored.earlyStopping()) + " in " + where + rule());
        }
        if (stored.evalEvery() != evalEvery) {
            throw new InvalidSettingException("evalEvery", "is " + evalEvery + " steps here but "
                    + stored.evalEvery() + " in " + where + rule());
        }
    }

    private static void difference(JsonElement was, JsonElement now, String name, String where) {
        if (was.isJsonObject() && now.isJsonObject()) {
            JsonObject a = was.getAsJsonObject();
            JsonObject b = now.getAsJsonObject();
            TreeSet<String> keys = new TreeSet<>(a.keySet());
            keys.addAll(b.keySet());
            for (String key : keys) {
                difference(a.has(key) ? a.get(key) : com.google.gson.JsonNull.INSTANCE,
                        b.has(key) ? b.get(key) : com.google.gson.JsonNull.INSTANCE, key, where);
            }
        } else if (!was.equals(now)) {
            throw new InvalidSettingException(camel(name), "is " + now + " here but " + was + " in " + where
                    + rule());
        }
    }

    private static String rule() {
        return ": a resumed run keeps its settings (only learningRate and gradientClip may change)";
    }

    private static String describe(EarlyStopping stopping) {
        if (stopping == null) {
            return "off";
        }
        String floor = stopping.minSteps() == EarlyStopping.HALF_BUDGET ? "half the budget"
                : stopping.minSteps() + " steps";
        return stopping.patience() + " epochs on " + stopping.metric() + ", no stop before " + floor;
    }

    /** {@code s_features} as the library spells it, {@code sFeatures}. */
    private static String camel(String name) {
        StringBuilder out = new StringBuilder();
        boolean upper = false;
        for (char c : name.toCharArray()) {
            if (c == '_') {
                upper = true;
            } else {
                out.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return out.toString();
    }
}
