package io.github.setclip.core;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;

/** Builds one modality's tower: encoder, {@link ProjectionHead}, L2 normalisation. */
public final class Towers {

    private Towers() {}

    /**
     * Builds a tower.
     *
     * @param encoder any block mapping the modality's input to (B, features)
     * @param head the projection head, e.g. {@link ProjectionHead#build}
     * @return a block mapping the input to unit vectors (B, projectionDim)
     */
    public static Block of(Block encoder, Block head) {
        return new SequentialBlock()
                .add(encoder)
                .add(head)
                .add(LambdaBlock.singleton(Towers::normalise, "l2_normalise"));
    }

    /**
     * Builds a tower whose encoder is locked: frozen, run in inference mode, its outputs cached
     * (see {@link LockedTower}); only the head learns.
     *
     * @param encoder any block mapping the modality's input to (B, features), e.g. a pretrained
     *     encoder
     * @param head the projection head
     * @param encoderKey what identifies the encoder's outputs, e.g. its file's SHA-256, or {@code
     *     null} to use the SHA-256 of its parameters
     * @return a block mapping the input to unit vectors (B, projectionDim)
     */
    public static LockedTower locked(Block encoder, Block head, String encoderKey) {
        return new LockedTower(encoder, head, encoderKey);
    }

    /** Divides every row by its L2 norm (floored at 1e-12). */
    static NDArray normalise(NDArray x) {
        return x.div(x.norm(new int[] {1}, true).clip(1e-12f, Float.MAX_VALUE));
    }
}
