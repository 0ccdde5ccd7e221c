package io.github.setclip.core;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The two-stream model: a tower per modality (S and T, e.g. image and text) mapping each input to
 * unit vectors in one shared space, plus the objective block that owns the losses' learnable
 * parameters (logit scale, MMD kernel weights), so that the optimiser trains them and a save keeps
 * them.
 *
 * <p>As a block, {@code forward} takes the S inputs followed by the T inputs, split after {@code
 * sInputCount} arrays, and returns {@code NDList(sEmbeddings, tEmbeddings)}.
 */
public final class TwoStreamModel extends AbstractBlock {

    private static final byte VERSION = 1;

    private final Block sTower;
    private final Block tTower;
    private final Block objective;
    private final int sInputCount;
    private Shape[] sShapes;
    private Shape[] tShapes;

    /**
     * Creates the model.
     *
     * @param sTower the S tower, e.g. from {@link Towers#of}
     * @param sInputCount how many arrays the S tower takes (1 for images, 2 for ids and mask)
     * @param tTower the T tower
     * @param objective the block owning the objective's parameters, or {@code null}
     */
    public TwoStreamModel(Block sTower, int sInputCount, Block tTower, Block objective) {
        super(VERSION);
        this.sTower = addChildBlock("s_tower", sTower);
        this.tTower = addChildBlock("t_tower", tTower);
        this.objective = objective == null ? null : addChildBlock("objective", objective);
        this.sInputCount = sInputCount;
    }

    /** The S tower. */
    public Block sTower() {
        return sTower;
    }

    /** The T tower. */
    public Block tTower() {
        return tTower;
    }

    /** The objective block, or {@code null}. */
    public Block objective() {
        return objective;
    }

    /**
     * Initialises every parameter.
     *
     * @param manager the manager that owns the parameters
     * @param dataType their data type
     * @param sInputShapes shapes of the S tower's inputs (batch size is free)
     * @param tInputShapes shapes of the T tower's inputs
     */
    public void initialize(
            NDManager manager, DataType dataType, Shape[] sInputShapes, Shape[] tInputShapes) {
        Shape[] all = new Shape[sInputShapes.length + tInputShapes.length];
        System.arraycopy(sInputShapes, 0, all, 0, sInputShapes.length);
        System.arraycopy(tInputShapes, 0, all, sInputShapes.length, tInputShapes.length);
        initialize(manager, dataType, all);
    }

    /** Embeds S inputs: (B, d) unit vectors. */
    public NDArray embedS(ParameterStore ps, NDList input, boolean training) {
        return sTower.forward(ps, input, training).head();
    }

    /** Embeds T inputs: (B, d) unit vectors. */
    public NDArray embedT(ParameterStore ps, NDList input, boolean training) {
        return tTower.forward(ps, input, training).head();
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList s = new NDList(inputs.subList(0, sInputCount));
        NDList t = new NDList(inputs.subList(sInputCount, inputs.size()));
        return new NDList(embedS(ps, s, training), embedT(ps, t, training));
    }

    /** {@inheritDoc} */
    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... shapes) {
        sShapes = java.util.Arrays.copyOfRange(shapes, 0, sInputCount);
        tShapes = java.util.Arrays.copyOfRange(shapes, sInputCount, shapes.length);
        sTower.initialize(manager, dataType, sShapes);
        tTower.initialize(manager, dataType, tShapes);
        if (objective != null) {
            objective.initialize(manager, dataType);
        }
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape[] s = sTower.getOutputShapes(java.util.Arrays.copyOfRange(inputShapes, 0, sInputCount));
        Shape[] t = tTower.getOutputShapes(
                java.util.Arrays.copyOfRange(inputShapes, sInputCount, inputShapes.length));
        return new Shape[] {s[0], t[0]};
    }

    /**
     * Writes every parameter (towers and objective) to a file, atomically.
     *
     * @param file the destination, e.g. {@code model.params}
     * @throws IOException if writing fails
     */
    public void save(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path temp = Files.createTempFile(parent, file.getFileName().toString(), ".tmp");
        try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(temp));
                DataOutputStream out = new DataOutputStream(os)) {
            saveParameters(out);
        }
        Files.move(temp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Reads parameters written by {@link #save} into this initialised model of the same layout.
     *
     * @param manager the manager that owns the loaded arrays
     * @param file the parameter file
     * @throws IOException if reading fails or the file does not match the model
     */
    public void load(NDManager manager, Path file) throws IOException {
        try (InputStream is = new BufferedInputStream(Files.newInputStream(file));
                DataInputStream in = new DataInputStream(is)) {
            loadParameters(manager, in);
        } catch (MalformedModelException | IllegalArgumentException e) {
            throw new IOException(file + ": does not match this model's layout: " + e.getMessage(), e);
        }
        // DJL's Parameter.load replaces the arrays without attaching gradients again.
        getParameters().values().stream()
                .filter(ai.djl.nn.Parameter::requiresGradient)
                .forEach(p -> p.getArray().setRequiresGradient(true));
    }
}
