package io.github.setclip.core.encoders;

import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import io.github.setclip.core.BatchDropout;

/**
 * An MLP for precomputed feature vectors (B, in) (for example protein embeddings from a large
 * pretrained model): {@code Linear, GELU, Dropout} per hidden width, then a final Linear.
 */
public final class MlpEncoder {

    private MlpEncoder() {}

    /**
     * Builds the encoder.
     *
     * @param dropout dropout rate after each hidden layer
     * @param widths hidden widths followed by the output width
     * @return the encoder block, output (B, last width)
     */
    public static Block build(float dropout, int... widths) {
        if (widths.length == 0) {
            throw new IllegalArgumentException("at least the output width is required");
        }
        SequentialBlock net = new SequentialBlock();
        for (int i = 0; i < widths.length - 1; i++) {
            net.add(Linear.builder().setUnits(widths[i]).build())
                    .add(Activation.geluBlock())
                    .add(new BatchDropout(dropout));
        }
        return net.add(Linear.builder().setUnits(widths[widths.length - 1]).build());
    }
}
