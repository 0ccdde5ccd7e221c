package io.github.setclip.tasks.inference;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import io.github.setclip.core.TwoStreamModel;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Loads a run's parameter file into the model rebuilt for it, and turns every way the file can be
 * wrong into one message naming it. DJL takes each parameter's shape from the file without
 * comparing it with the block's, so a file of another model could load "successfully"; the shapes
 * are compared here.
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
        Map<String, Shape> built = shapes(model);
        try {
            model.load(manager, file);
        } catch (EOFException e) {
            throw new IllegalArgumentException(file + " is damaged: it ends before every parameter was"
                    + " read (a copy cut short?)", e);
        } catch (IOException e) {
            if (e.getCause() instanceof MalformedModelException
                    || e.getCause() instanceof IllegalArgumentException) {
                throw new IllegalArgumentException(file + " is damaged or not this run's model: "
                        + e.getCause().getMessage(), e);
            }
            throw e;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(file + " is damaged: " + e, e);
        }
        Map<String, Shape> loaded = shapes(model);
        for (Map.Entry<String, Shape> parameter : built.entrySet()) {
            Shape shape = loaded.get(parameter.getKey());
            if (!parameter.getValue().equals(shape)) {
                throw new IllegalArgumentException(file + " is not this run's model: parameter "
                        + parameter.getKey() + " has shape " + shape + " in the file, the run's"
                        + " configuration builds " + parameter.getValue());
            }
        }
    }

    private static Map<String, Shape> shapes(TwoStreamModel model) {
        Map<String, Shape> shapes = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : model.getParameters()) {
            shapes.put(p.getKey(), p.getValue().getArray().getShape());
        }
        return shapes;
    }
}
