package io.github.setclip.tasks.inference;

import ai.djl.ndarray.NDManager;
import io.github.setclip.core.TwoStreamModel;
import io.github.setclip.data.DamagedFileException;
import io.github.setclip.train.ParameterLoader;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Loads a run's parameter file into the model rebuilt for it ({@link ParameterLoader}), every way
 * the file can be wrong as an {@link IllegalArgumentException} naming it, as {@link TrainedRun}
 * documents.
 */
final class TrainedParameters {

    private TrainedParameters() {}

    /**
     * Loads the file.
     *
     * @param model the freshly built and initialised model
     * @param manager owns the loaded arrays
     * @param file the parameter file
     * @throws IllegalArgumentException if the file is truncated, malformed or another model's
     * @throws IOException if it cannot be read
     */
    static void load(TwoStreamModel model, NDManager manager, Path file) throws IOException {
        try {
            ParameterLoader.load(model, manager, file);
        } catch (DamagedFileException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
