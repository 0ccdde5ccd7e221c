package io.github.setclip.core.pretrained;

import ai.djl.ndarray.NDList;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.util.List;

/** A loaded model file on its engine, seen the same way whichever engine runs it. */
interface EngineModel extends AutoCloseable {

    /**
     * Runs the model.
     *
     * @param ps the parameter store (unused by foreign engines)
     * @param inputs the inputs, in the order of {@link #inputNames()} when the model has names
     * @param training whether in training mode (dropout, batch statistics)
     * @return the outputs as arrays of the inputs' manager and engine
     */
    NDList forward(ParameterStore ps, NDList inputs, boolean training);

    /** The model's named inputs (ONNX), or an empty list when inputs are positional (TorchScript). */
    List<String> inputNames();

    /** The parameters as DJL sees them (empty when the engine cannot train the model). */
    List<Parameter> parameters();

    @Override
    void close();
}
