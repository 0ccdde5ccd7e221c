package io.github.setclip.tasks;

import ai.djl.ndarray.NDManager;
import ai.djl.util.JsonUtils;
import com.google.gson.JsonObject;
import io.github.setclip.core.TwoStreamModel;
import io.github.setclip.train.AlignmentTask;
import io.github.setclip.train.TrainingConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A finished (or checkpointed) run folder opened for evaluation: its configuration, its dataset
 * and its trained model ({@code model/model.params}, which holds the best epoch under early
 * stopping).
 *
 * @param directory the run folder
 * @param config the run's training configuration
 * @param dataset the run's dataset, or {@code null} for a run trained through the library API
 */
public record RunFolder(Path directory, TrainingConfig config, DatasetSpec dataset) {

    /**
     * Reads a run folder's config.json.
     *
     * @param directory the run folder
     * @return the run
     * @throws IOException if config.json is missing or unreadable
     */
    public static RunFolder open(Path directory) throws IOException {
        Path file = directory.resolve("config.json");
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(directory + " is not a setclip run folder"
                    + " (no config.json)");
        }
        JsonObject json = JsonUtils.GSON.fromJson(Files.readString(file), JsonObject.class);
        TrainingConfig config = TrainingConfig.fromJson(json.get("training"));
        DatasetSpec spec = json.has("dataset_spec") && json.get("dataset_spec").isJsonObject()
                ? DatasetSpec.fromJson(json.getAsJsonObject("dataset_spec")) : null;
        return new RunFolder(directory, config, spec);
    }

    /**
     * Builds the run's model for its task and loads the trained parameters.
     *
     * @param task the run's task (opened from {@link #dataset()} or given)
     * @param manager owns the parameters
     * @return the trained model
     * @throws IOException if the parameters cannot be read
     */
    public TwoStreamModel loadModel(AlignmentTask task, NDManager manager) throws IOException {
        Path params = modelFile();
        task.prepare(directory, false);
        TwoStreamModel model = task.newModel(config.newObjective(), manager);
        model.load(manager, params);
        return model;
    }

    /**
     * The trained parameters: {@code model/model.params}, or {@code best/model.params} of a run
     * stopped after its best epoch was saved.
     *
     * @return the parameter file
     * @throws IllegalArgumentException if the run has neither
     */
    public Path modelFile() {
        Path params = directory.resolve("model/model.params");
        if (Files.isRegularFile(params)) {
            return params;
        }
        Path best = directory.resolve("best/model.params");
        if (Files.isRegularFile(best)) {
            return best;
        }
        throw new IllegalArgumentException(directory.toString()
                + " has no trained model (model/model.params); did the run finish?");
    }
}
