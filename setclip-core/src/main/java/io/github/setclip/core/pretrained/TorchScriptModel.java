package io.github.setclip.core.pretrained;

import ai.djl.Model;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A TorchScript file on DJL's PyTorch engine. Its parameters are the module's own tensors, so
 * gradients computed through the module land on them and an in-place update changes the module.
 */
final class TorchScriptModel implements EngineModel {

    private final Model model;
    private final List<Parameter> parameters;

    private TorchScriptModel(Model model) {
        this.model = model;
        Block block = model.getBlock();
        List<Parameter> list = new ArrayList<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            list.add(p.getValue());
        }
        this.parameters = List.copyOf(list);
    }

    static TorchScriptModel load(EncoderFile file) {
        Model model;
        try {
            model = Model.newInstance("encoder", EncoderEngine.TORCHSCRIPT.djlName());
        } catch (RuntimeException e) {
            throw new BadEncoderException("encoder file " + file.location() + ": the PyTorch engine is not"
                    + " available (" + BadEncoderException.firstLine(e) + ")", e);
        }
        try {
            model.load(file.open(), Map.of());
            return new TorchScriptModel(model);
        } catch (Exception e) {
            model.close();
            throw new BadEncoderException("encoder file " + file.location() + " is not a TorchScript model"
                    + " (PyTorch: " + BadEncoderException.firstLine(e) + ")", e);
        }
    }

    @Override
    public NDList forward(ParameterStore ps, NDList inputs, boolean training) {
        return model.getBlock().forward(ps, inputs, training);
    }

    @Override
    public List<String> inputNames() {
        return List.of();
    }

    @Override
    public List<Parameter> parameters() {
        return parameters;
    }

    @Override
    public void close() {
        model.close();
    }
}
