package io.github.setclip.tasks.inference;

import ai.djl.Model;
import ai.djl.nn.Block;
import ai.djl.nn.BlockFactory;
import io.github.setclip.tasks.RunFolder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * DJL's block factory for a setclip run folder: builds the run's two-stream model and loads its
 * trained parameters ({@code model/model.params}, the block's raw parameters rather than a {@code
 * DJL@} model file) into the model's manager. Use it with the option {@code hasParameter=false},
 * since the parameters are already loaded, and with {@link RunTranslatorFactory}, which picks the
 * tower; {@link TrainedRun#criteria} sets all three.
 */
public final class RunBlockFactory implements BlockFactory {

    private static final long serialVersionUID = 1L;

    /** A factory; it holds no state. */
    public RunBlockFactory() {}

    /**
     * Builds the run's model with its trained parameters.
     *
     * @param model the DJL model (its manager owns the parameters)
     * @param modelPath the run folder
     * @param arguments unused
     * @return the {@link io.github.setclip.core.TwoStreamModel}, initialised and loaded
     * @throws IOException if a file of the run cannot be read
     * @throws IllegalArgumentException if the folder is not a run or its model file is missing,
     *     damaged or another model's
     */
    @Override
    public Block newBlock(Model model, Path modelPath, Map<String, ?> arguments) throws IOException {
        return RunLayout.of(RunFolder.open(modelPath)).loadModel(model.getNDManager());
    }
}
