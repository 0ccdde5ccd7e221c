package io.github.setclip.train;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import io.github.setclip.core.TwoStreamModel;
import io.github.setclip.data.DamagedFileException;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Loads parameter files ({@code model.params} of a run or a checkpoint) into a model built for
 * them, and turns every way a file can be wrong into a {@link DamagedFileException} naming it.
 * DJL takes each parameter's shape from the file without comparing it with the block's, so a file
 * of another model could load "successfully"; the shapes are compared with the model's layout as
 * it was built, which a failed load cannot change (it may have replaced some arrays already: load
 * a good file next, or build the model again).
 */
public final class ParameterLoader {

    private final TwoStreamModel model;
    private final Map<String, Shape> layout;

    /**
     * A loader for a model; create it before loading anything into the model.
     *
     * @param model the freshly built and initialised model
     */
    public ParameterLoader(TwoStreamModel model) {
        this.model = model;
        this.layout = shapes(model);
    }

    /**
     * Loads a file into a freshly built model.
     *
     * @param model the freshly built and initialised model
     * @param manager owns the loaded arrays
     * @param file the parameter file
     * @throws NoSuchFileException if the file does not exist
     * @throws DamagedFileException if it is truncated, malformed or another model's
     * @throws IOException if it cannot be read
     */
    public static void load(TwoStreamModel model, NDManager manager, Path file) throws IOException {
        new ParameterLoader(model).load(manager, file);
    }

    /**
     * Loads a file.
     *
     * @param manager owns the loaded arrays
     * @param file the parameter file
     * @throws NoSuchFileException if the file does not exist
     * @throws DamagedFileException if it is truncated, malformed or another model's
     * @throws IOException if it cannot be read
     */
    public void load(NDManager manager, Path file) throws IOException {
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString(), null, "no parameter file");
        }
        try {
            model.load(manager, file);
        } catch (EOFException e) {
            throw new DamagedFileException(file, "is damaged: it ends before every parameter was read"
                    + " (cut short?)", e);
        } catch (IOException e) {
            if (e.getCause() instanceof MalformedModelException
                    || e.getCause() instanceof IllegalArgumentException) {
                throw new DamagedFileException(file, "is damaged or not this run's model: "
                        + e.getCause().getMessage(), e);
            }
            throw e;
        } catch (RuntimeException e) {
            throw new DamagedFileException(file, "is damaged: " + e, e);
        }
        Map<String, Shape> loaded = shapes(model);
        for (Map.Entry<String, Shape> parameter : layout.entrySet()) {
            Shape shape = loaded.get(parameter.getKey());
            if (!parameter.getValue().equals(shape)) {
                throw new DamagedFileException(file, "is not this run's model: parameter "
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
