package io.github.setclip.core;

import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import java.util.List;

/**
 * The projection head of each tower: {@code p = Linear(x)}, {@code h = Dropout(Linear(GELU(p)))},
 * {@code out = LayerNorm(h + p)}. Input (B, features), output (B, projectionDim).
 */
public final class ProjectionHead {

    private ProjectionHead() {}

    /**
     * Builds a head.
     *
     * @param projectionDim width of the shared embedding space
     * @param dropout dropout rate after the second linear layer, in [0, 1)
     * @return the head block
     */
    public static Block build(int projectionDim, float dropout) {
        if (projectionDim < 1 || !(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException(
                    "projection dim must be >= 1 and dropout in [0, 1), got " + projectionDim
                            + " and " + dropout);
        }
        Block mlp =
                new SequentialBlock()
                        .add(Activation.geluBlock())
                        .add(Linear.builder().setUnits(projectionDim).build())
                        .add(new BatchDropout(dropout));
        Block residual =
                new ParallelBlock(
                        (List<NDList> branches) ->
                                new NDList(branches.get(0).head().add(branches.get(1).head())),
                        List.of(mlp, Blocks.identityBlock()));
        return new SequentialBlock()
                .add(Linear.builder().setUnits(projectionDim).build())
                .add(residual)
                .add(LayerNorm.builder().axis(1).build());
    }
}
