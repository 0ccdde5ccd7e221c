package io.github.setclip.core.pretrained;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;

/** An ONNX file on DJL's OnnxRuntime engine; results are copied back to the caller's engine. */
final class OnnxModel implements EngineModel {

    private final Model model;
    private final List<String> inputNames;

    private OnnxModel(Model model) {
        this.model = model;
        List<String> names = new ArrayList<>();
        model.getBlock().describeInput().keys().forEach(names::add);
        this.inputNames = List.copyOf(names);
    }

    static OnnxModel load(EncoderFile file) {
        Model model;
        try {
            model = Model.newInstance("encoder", EncoderEngine.ONNX.djlName());
        } catch (RuntimeException e) {
            throw new BadEncoderException("encoder file " + file.location() + ": the OnnxRuntime engine is"
                    + " not available (" + BadEncoderException.firstLine(e) + ")", e);
        }
        try {
            model.load(file.open(), java.util.Map.of());
            return new OnnxModel(model);
        } catch (Exception e) {
            model.close();
            throw new BadEncoderException("encoder file " + file.location() + " is not an ONNX model"
                    + " (OnnxRuntime: " + BadEncoderException.firstLine(e) + ")", e);
        }
    }

    @Override
    public NDList forward(ParameterStore ps, NDList inputs, boolean training) {
        NDManager target = inputs.head().getManager();
        NDList named = new NDList(inputs.size());
        for (int i = 0; i < inputs.size(); i++) {
            NDArray copy = inputs.get(i).duplicate();
            copy.setName(inputNames.get(i));
            named.add(copy);
        }
        NDList outputs = model.getBlock().forward(ps, named, false);
        NDList converted = new NDList(outputs.size());
        for (NDArray output : outputs) {
            converted.add(target.from(output));
            output.close();
        }
        named.close();
        return converted;
    }

    @Override
    public List<String> inputNames() {
        return inputNames;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of();
    }

    @Override
    public void close() {
        model.close();
    }
}
