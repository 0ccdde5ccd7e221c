package io.github.setclip.core.pretrained;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;

/**
 * What every pretrained encoder shares: the loaded model file, its parameters exposed as this
 * block's own (so the optimiser, gradient clipping and checkpoints see them), and saving and
 * loading that write the module's tensors in place, so that the engine keeps running on the very
 * tensors the optimiser updates.
 */
abstract class PretrainedEncoder extends AbstractBlock implements AutoCloseable {

    private static final byte VERSION = 1;

    private final EncoderFile file;
    private final EncoderEngine engine;
    private final EngineModel model;
    private int width = -1;
    private boolean attached;
    private boolean closed;

    PretrainedEncoder(EncoderFile file, EncoderEngine engine) {
        super(VERSION);
        this.file = file;
        this.engine = engine;
        this.model = engine.load(file);
        for (Parameter p : model.parameters()) {
            addParameter(p);
        }
        // DJL loads TorchScript parameters frozen; a trainable engine's are unfrozen here, and a
        // locked tower freezes them again.
        freezeParameters(!engine.trainable());
    }

    /** The model file. */
    public EncoderFile file() {
        return file;
    }

    /** The engine running it. */
    public EncoderEngine engine() {
        return engine;
    }

    /** Width of the features this encoder outputs, read from the model when it was initialised. */
    public int width() {
        if (width < 0) {
            throw new IllegalStateException("initialise the encoder first: its width is read from the model");
        }
        return width;
    }

    EngineModel model() {
        return model;
    }

    /** Runs the model once on an example batch and returns the output width, or fails by name. */
    abstract int probeWidth(NDManager manager, Shape[] inputShapes);

    @Override
    protected void initializeChildBlocks(NDManager manager, ai.djl.ndarray.types.DataType dataType,
            Shape... shapes) {
        if (width < 0) {
            try (NDManager scope = manager.newSubManager()) {
                width = probeWidth(scope, shapes);
            }
        }
        if (!attached) {
            // The engine's model lives as long as the manager that owns the rest of the parameters.
            manager.attachInternal("pretrained-encoder-" + System.identityHashCode(this), this);
            attached = true;
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), width())};
    }

    /** Writes every parameter of the module, in the module's order. */
    @Override
    public void saveParameters(DataOutputStream os) throws IOException {
        os.writeByte(VERSION);
        List<Parameter> parameters = model.parameters();
        os.writeInt(parameters.size());
        for (Parameter p : parameters) {
            byte[] encoded = p.getArray().encode();
            os.writeInt(encoded.length);
            os.write(encoded);
        }
    }

    /** Reads what {@link #saveParameters} wrote into the module's own tensors, bit for bit. */
    @Override
    public void loadParameters(NDManager manager, DataInputStream is)
            throws IOException, MalformedModelException {
        byte version = is.readByte();
        if (version != VERSION) {
            throw new MalformedModelException("unsupported pretrained encoder version " + version);
        }
        List<Parameter> parameters = model.parameters();
        int count = is.readInt();
        if (count != parameters.size()) {
            throw new MalformedModelException("the file holds " + count + " parameters of a pretrained"
                    + " encoder, " + file.location() + " has " + parameters.size());
        }
        for (Parameter p : parameters) {
            byte[] encoded = new byte[is.readInt()];
            is.readFully(encoded);
            NDArray target = p.getArray();
            try (NDArray loaded = NDArray.decode(target.getManager(), encoded)) {
                if (!loaded.getShape().equals(target.getShape())) {
                    throw new MalformedModelException("parameter " + p.getName() + " has shape "
                            + loaded.getShape() + " in the file, " + target.getShape() + " in "
                            + file.location());
                }
                boolean grad = p.requiresGradient();
                target.setRequiresGradient(false);
                target.set(loaded.toByteBuffer());
                target.setRequiresGradient(grad);
            }
        }
    }

    /** Releases the engine's model (also done when the manager it was initialised with closes). */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            model.close();
        }
    }
}
