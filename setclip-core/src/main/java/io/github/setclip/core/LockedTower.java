package io.github.setclip.core;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A tower whose encoder is locked: the encoder's parameters are frozen (no gradient, so no
 * optimiser state) and it always runs in inference mode; only the projection head learns. The
 * encoder's outputs go through a {@link LockedTowerCache}, so each distinct input is embedded once
 * and a training step costs the head only. Same input and output as {@link Towers#of}: the
 * modality's input to (B, projectionDim) unit vectors.
 *
 * <p>What is stored: rows embedded in inference mode (the warm-up over the training items,
 * validation and test); rows first met in a training step (an augmented second view, new every
 * step) are embedded by the locked encoder and not kept.
 */
public final class LockedTower extends AbstractBlock {

    private static final byte VERSION = 1;

    private final Block encoder;
    private final Block head;
    private final String encoderKey;
    private final LockedTowerCache cache = new LockedTowerCache();

    /**
     * Creates the tower; prefer {@link Towers#locked}.
     *
     * @param encoder the encoder to lock, input to (B, features)
     * @param head the trainable projection head
     * @param encoderKey what identifies the encoder's outputs (its file's SHA-256), or {@code null}
     *     to use the SHA-256 of its parameters once initialised
     */
    LockedTower(Block encoder, Block head, String encoderKey) {
        super(VERSION);
        this.encoder = addChildBlock("encoder", encoder);
        this.head = addChildBlock("head", head);
        this.encoderKey = encoderKey;
        encoder.freezeParameters(true);
    }

    /** The locked encoder. */
    public Block encoder() {
        return encoder;
    }

    /** The trainable head. */
    public Block head() {
        return head;
    }

    /** The cache of the encoder's outputs. */
    public LockedTowerCache cache() {
        return cache;
    }

    /**
     * What identifies this encoder's outputs, for naming its cache file: the SHA-256 of the
     * encoder file, or of the encoder's parameters (a locked builtin encoder: random features).
     */
    public String encoderKey() {
        if (encoderKey != null) {
            return encoderKey;
        }
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        for (Pair<String, Parameter> p : encoder.getParameters()) {
            digest.update(p.getKey().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            digest.update(p.getValue().getArray().toByteArray());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /**
     * The locked encoder's features for inputs, from the cache when it has them.
     *
     * @param ps the parameter store
     * @param inputs the modality's inputs
     * @param store whether newly embedded rows are kept
     * @return (B, features), no gradient
     */
    public NDArray features(ParameterStore ps, NDList inputs, boolean store) {
        return cache.features(inputs, store, rows -> encoder.forward(ps, rows, false).head().stopGradient());
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray features = features(ps, inputs, !training);
        NDArray projected = head.forward(ps, new NDList(features), training).head();
        return new NDList(Towers.normalise(projected));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... shapes) {
        encoder.initialize(manager, dataType, shapes);
        head.initialize(manager, dataType, encoder.getOutputShapes(shapes));
        encoder.freezeParameters(true);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return head.getOutputShapes(encoder.getOutputShapes(inputShapes));
    }
}
