package io.github.setclip.core.pretrained;

/**
 * The engine that runs a pretrained encoder file. TorchScript runs on DJL's PyTorch engine and
 * can be fine-tuned; ONNX runs on DJL's OnnxRuntime engine, for inference only, so an ONNX tower
 * is always locked.
 */
public enum EncoderEngine {

    /** A TorchScript file ({@code torch.jit.trace} or {@code torch.jit.script}); trainable. */
    TORCHSCRIPT("PyTorch", "TorchScript"),

    /** An ONNX file; inference only. */
    ONNX("OnnxRuntime", "ONNX");

    private final String djlName;
    private final String fileKind;

    EncoderEngine(String djlName, String fileKind) {
        this.djlName = djlName;
        this.fileKind = fileKind;
    }

    /** Whether the engine can compute gradients of the model's parameters. */
    public boolean trainable() {
        return this == TORCHSCRIPT;
    }

    /** The DJL engine name. */
    String djlName() {
        return djlName;
    }

    /** What files of this engine are called in messages. */
    String fileKind() {
        return fileKind;
    }

    /** Loads a file on this engine. */
    EngineModel load(EncoderFile file) {
        return this == TORCHSCRIPT ? TorchScriptModel.load(file) : OnnxModel.load(file);
    }
}
