package io.github.setclip.core.encoders;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import java.util.List;

/**
 * A small ResNet-style CNN for (B, 3, H, W) float images: a 3x3 stem, one residual basic block
 * per stage (the first at stride 1, each later one halving the resolution), global average
 * pooling. Output (B, last stage width). Built from DJL's blocks; fast enough for 32 x 32 images
 * on a CPU.
 */
public final class ConvImageEncoder {

    private ConvImageEncoder() {}

    /**
     * Builds the encoder.
     *
     * @param widths channels of each stage, e.g. {@code 32, 64, 128}
     * @return the encoder block
     */
    public static Block build(int... widths) {
        if (widths.length == 0) {
            throw new IllegalArgumentException("at least one stage width is required");
        }
        SequentialBlock net =
                new SequentialBlock()
                        .add(conv(widths[0], 1, 3))
                        .add(BatchNorm.builder().build())
                        .add(Activation.reluBlock());
        int channels = widths[0];
        for (int i = 0; i < widths.length; i++) {
            int stride = i == 0 ? 1 : 2;
            net.add(basicBlock(widths[i], stride, channels != widths[i] || stride != 1));
            channels = widths[i];
        }
        return net.add(Pool.globalAvgPool2dBlock());
    }

    private static Block basicBlock(int width, int stride, boolean project) {
        Block main =
                new SequentialBlock()
                        .add(conv(width, stride, 3))
                        .add(BatchNorm.builder().build())
                        .add(Activation.reluBlock())
                        .add(conv(width, 1, 3))
                        .add(BatchNorm.builder().build());
        Block shortcut =
                project
                        ? new SequentialBlock()
                                .add(conv(width, stride, 1))
                                .add(BatchNorm.builder().build())
                        : Blocks.identityBlock();
        return new SequentialBlock()
                .add(new ParallelBlock(
                        (List<NDList> b) -> new NDList(b.get(0).head().add(b.get(1).head())),
                        List.of(main, shortcut)))
                .add(Activation.reluBlock());
    }

    private static Block conv(int filters, int stride, int kernel) {
        return Conv2d.builder()
                .setFilters(filters)
                .setKernelShape(new Shape(kernel, kernel))
                .optStride(new Shape(stride, stride))
                .optPadding(new Shape(kernel / 2, kernel / 2))
                .optBias(false)
                .build();
    }
}
