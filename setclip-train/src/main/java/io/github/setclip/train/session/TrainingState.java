package io.github.setclip.train.session;

import ai.djl.util.JsonUtils;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.reflect.TypeToken;
import io.github.setclip.data.DamagedFileException;
import io.github.setclip.data.JsonFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where a run stands, as a checkpoint records it besides weights and moments ({@code state.json}):
 * the epochs completed, the optimiser steps taken (a checkpoint written mid-epoch has more steps
 * than its completed epochs account for), the seconds spent so far and the best epoch under early
 * stopping, so that a resumed run keeps counting cost and keeps the right best model.
 *
 * @param epoch epochs completed
 * @param steps optimiser steps taken
 * @param seconds training seconds so far, summed over resumed processes
 * @param best the best epoch under early stopping, or {@code null}
 */
public record TrainingState(int epoch, long steps, double seconds, BestEpoch best) {

    /** The file a checkpoint keeps its state in. */
    public static final String FILE = "state.json";

    /** Writes this state into a checkpoint folder as {@code state.json}. */
    public void write(Path checkpoint) throws IOException {
        Files.writeString(checkpoint.resolve(FILE), JsonUtils.GSON_PRETTY.toJson(this) + "\n");
    }

    /**
     * Reads a checkpoint's state.
     *
     * @throws DamagedFileException if state.json is missing, not JSON or lacks a field
     */
    public static TrainingState read(Path checkpoint) throws IOException {
        Path file = checkpoint.resolve(FILE);
        if (!Files.exists(file)) {
            throw new DamagedFileException(checkpoint, "has no " + FILE);
        }
        JsonObject json = JsonFile.read(file);
        try {
            BestEpoch best = null;
            if (json.has("best") && !json.get("best").isJsonNull()) {
                JsonObject b = json.getAsJsonObject("best");
                Map<String, Double> validation = JsonUtils.GSON.fromJson(b.get("validation"),
                        new TypeToken<Map<String, Double>>() { }.getType());
                best = new BestEpoch(b.get("epoch").getAsInt(), b.get("value").getAsDouble(),
                        b.get("steps").getAsLong(), b.get("samples").getAsLong(),
                        b.get("seconds").getAsDouble(), validation);
            }
            double seconds = json.has("seconds") ? json.get("seconds").getAsDouble() : 0;
            int epoch = required(json, "epoch").getAsInt();
            long steps = required(json, "steps").getAsLong();
            if (epoch < 0 || steps < 0) {
                throw new IllegalArgumentException("negative epoch or steps");
            }
            return new TrainingState(epoch, steps, seconds, best);
        } catch (RuntimeException e) {
            throw new DamagedFileException(file, "is damaged: " + e.getMessage(), e);
        }
    }

    private static JsonElement required(JsonObject json, String name) {
        JsonElement value = json.get(name);
        if (value == null || value.isJsonNull()) {
            throw new IllegalArgumentException("no '" + name + "'");
        }
        return value;
    }
}
