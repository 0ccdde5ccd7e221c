package io.github.setclip.tasks;

import ai.djl.ndarray.NDManager;
import ai.djl.util.JsonUtils;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonSyntaxException;
import io.github.setclip.core.TwoStreamModel;
import io.github.setclip.data.DamagedFileException;
import io.github.setclip.data.JsonFile;
import io.github.setclip.train.AlignmentTask;
import io.github.setclip.train.ParameterLoader;
import io.github.setclip.train.TrainingConfig;
import io.github.setclip.train.listener.EarlyStopping;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * A finished (or checkpointed) run folder opened for evaluation or to be resumed: its
 * configuration, its dataset and its trained model ({@code model/model.params}, which holds the
 * best epoch under early stopping). Every file read back is input like any other: a missing,
 * truncated or damaged one is an error naming it.
 *
 * @param directory the run folder
 * @param config the run's training configuration
 * @param dataset the run's dataset, or {@code null} for a run trained through the library API
 * @param earlyStopping the run's early-stopping rule, or {@code null} if it trained every epoch
 * @param checkpointEvery the steps between checkpoints inside epochs it was started with (0: at
 *     epoch ends only)
 * @param evalEvery the steps between validations it was started with (0: after every epoch)
 */
public record RunFolder(Path directory, TrainingConfig config, DatasetSpec dataset,
        EarlyStopping earlyStopping, long checkpointEvery, long evalEvery) {

    /** The configuration file's name. */
    public static final String CONFIG = "config.json";

    /**
     * Reads a run folder's config.json.
     *
     * @param directory the run folder
     * @return the run
     * @throws IllegalArgumentException if the folder does not exist, is a file or has no config.json
     * @throws DamagedFileException if config.json is truncated, not JSON, or lacks a usable
     *     training configuration, dataset or early-stopping rule
     * @throws IOException if it cannot be read
     */
    public static RunFolder open(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            throw new IllegalArgumentException(directory + " does not exist (expected a run folder of"
                    + " setclip pretrain)");
        }
        if (!Files.isDirectory(directory)) {
            throw new IllegalArgumentException(directory + " is a file, not a setclip run folder");
        }
        Path file = directory.resolve(CONFIG);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(directory + " is not a setclip run folder"
                    + " (no config.json)");
        }
        JsonObject json = JsonFile.read(file);
        TrainingConfig config = field(file, json, "training", "training configuration", TrainingConfig::fromJson);
        DatasetSpec spec = json.has("dataset_spec") && !json.get("dataset_spec").isJsonNull()
                ? field(file, json, "dataset_spec", "dataset", e -> DatasetSpec.fromJson(e.getAsJsonObject()))
                : null;
        EarlyStopping stopping = json.has("early_stopping") && !json.get("early_stopping").isJsonNull()
                ? field(file, json, "early_stopping", "early-stopping rule",
                        e -> JsonUtils.GSON.fromJson(e, EarlyStopping.class))
                : null;
        long every = json.has("checkpoint_every")
                ? field(file, json, "checkpoint_every", "checkpoint interval", JsonElement::getAsLong) : 0;
        long evalEvery = json.has("eval_every")
                ? field(file, json, "eval_every", "evaluation interval", JsonElement::getAsLong) : 0;
        return new RunFolder(directory, config, spec, stopping, every, evalEvery);
    }

    /** One part of config.json, any failure to read it a {@link DamagedFileException} naming the file. */
    private static <T> T field(Path file, JsonObject json, String name, String what,
            Function<JsonElement, T> read) throws DamagedFileException {
        try {
            T value = read.apply(json.get(name));
            if (value == null) {
                throw new IllegalArgumentException("missing");
            }
            return value;
        } catch (RuntimeException e) {
            throw new DamagedFileException(file, "holds no usable " + what + " ('" + name + "': "
                    + reason(e) + ")", e);
        }
    }

    /** A setting's own complaint if there is one (Gson wraps it), else the parser's. */
    private static String reason(RuntimeException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IllegalArgumentException) {
                return t.getMessage();
            }
        }
        return e instanceof JsonSyntaxException && e.getCause() != null ? e.getCause().getMessage()
                : e.getMessage();
    }

    /**
     * Builds the run's model for its task and loads the trained parameters.
     *
     * @param task the run's task (opened from {@link #dataset()} or given)
     * @param manager owns the parameters
     * @return the trained model
     * @throws DamagedFileException if the parameter file is truncated, damaged or another model's
     * @throws IOException if the parameters cannot be read
     */
    public TwoStreamModel loadModel(AlignmentTask task, NDManager manager) throws IOException {
        Path params = modelFile();
        task.prepare(directory, false);
        TwoStreamModel model = task.newModel(config.newObjective(), manager);
        ParameterLoader.load(model, manager, params);
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
