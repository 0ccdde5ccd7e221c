package io.github.setclip.core.encoders;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;
import io.github.setclip.core.BatchDropout;
import io.github.setclip.core.Constants;
import java.util.ArrayList;
import java.util.List;

/**
 * A small pre-LayerNorm Transformer encoder over token ids with a padding mask, built from DJL
 * primitives (DJL's own {@code TransformerEncoderBlock} normalises with BatchNorm over pad tokens).
 *
 * <p>Input {@code NDList(ids, mask)}, both (B, L) integer arrays, mask 1 for a token and 0 for
 * padding, {@code L <= maxLength}. Each layer computes {@code x = x + Attn(LN(x))} and {@code x =
 * x + FFN(LN(x))} with the padded keys masked out of the attention; a final LayerNorm follows, and
 * the output (B, width) is the mean over the non-padding positions. Padding therefore never
 * changes the output.
 */
public final class TransformerTextEncoder extends AbstractBlock {

    private static final byte VERSION = 1;
    private static final float MASKED = -1e9f;

    private final int width;
    private final int heads;
    private final int maxLength;
    private final Parameter tokenEmbedding;
    private final Parameter positionEmbedding;
    private final List<EncoderLayer> layers = new ArrayList<>();
    private final LayerNorm finalNorm;

    private TransformerTextEncoder(Builder builder) {
        super(VERSION);
        this.width = builder.width;
        this.heads = builder.heads;
        this.maxLength = builder.maxLength;
        this.tokenEmbedding =
                addParameter(Parameter.builder().setName("token_embedding")
                        .setType(Parameter.Type.WEIGHT)
                        .optShape(new Shape(builder.vocabularySize, width))
                        .optInitializer(new NormalInitializer(0.02f))
                        .build());
        this.positionEmbedding =
                addParameter(Parameter.builder().setName("position_embedding")
                        .setType(Parameter.Type.WEIGHT)
                        .optShape(new Shape(maxLength, width))
                        .optInitializer(new NormalInitializer(0.02f))
                        .build());
        for (int i = 0; i < builder.layers; i++) {
            layers.add(new EncoderLayer(
                    addChildBlock("norm1_" + i, LayerNorm.builder().axis(2).build()),
                    addChildBlock("qkv_" + i, Linear.builder().setUnits(3L * width).build()),
                    addChildBlock("attn_out_" + i, Linear.builder().setUnits(width).build()),
                    addChildBlock("norm2_" + i, LayerNorm.builder().axis(2).build()),
                    addChildBlock("ff1_" + i, Linear.builder().setUnits(builder.feedForward).build()),
                    addChildBlock("ff2_" + i, Linear.builder().setUnits(width).build()),
                    addChildBlock("dropout_" + i, new BatchDropout(builder.dropout))));
        }
        this.finalNorm = addChildBlock("final_norm", LayerNorm.builder().axis(2).build());
    }

    /** A builder; vocabulary size is required, the rest has small defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray ids = inputs.get(0);
        NDArray mask = inputs.get(1);
        long batch = ids.getShape().get(0);
        long length = ids.getShape().get(1);
        if (length > maxLength) {
            throw new IllegalArgumentException(
                    "sequence length " + length + " exceeds the encoder's maxLength " + maxLength);
        }
        NDArray tokens = ps.getValue(tokenEmbedding, ids.getDevice(), training);
        NDArray positions = ps.getValue(positionEmbedding, ids.getDevice(), training);
        NDArray x = Embedding.embedding(ids, tokens, SparseFormat.DENSE).head()
                .add(positions.get("0:{}", length));
        NDArray keep = mask.toType(x.getDataType(), false);
        // Additive attention bias: 0 for tokens, -1e9 for padded keys; shape (B, 1, 1, L).
        NDArray bias = keep.sub(1).mul(-MASKED).reshape(batch, 1, 1, length);
        int headWidth = width / heads;
        NDArray scale = Constants.like(x, Math.sqrt(headWidth));
        for (EncoderLayer layer : layers) {
            NDArray h = layer.norm1.forward(ps, new NDList(x), training).head();
            NDArray qkv = layer.qkv.forward(ps, new NDList(h), training).head()
                    .reshape(batch, length, 3, heads, headWidth)
                    .transpose(2, 0, 3, 1, 4);
            NDArray scores = qkv.get(0).matMul(qkv.get(1).transpose(0, 1, 3, 2)).div(scale)
                    .add(bias);
            NDArray attention = layer.dropout.apply(scores.softmax(-1), training);
            NDArray context = attention.matMul(qkv.get(2)).transpose(0, 2, 1, 3)
                    .reshape(batch, length, width);
            NDArray attended = layer.attentionOut.forward(ps, new NDList(context), training).head();
            x = x.add(layer.dropout.apply(attended, training));
            h = layer.norm2.forward(ps, new NDList(x), training).head();
            h = layer.feedForward1.forward(ps, new NDList(h), training).head();
            h = layer.feedForward2.forward(ps, new NDList(Activation.gelu(h)), training).head();
            x = x.add(layer.dropout.apply(h, training));
        }
        x = finalNorm.forward(ps, new NDList(x), training).head();
        NDArray counts = keep.sum(new int[] {1}, true).clip(1, Float.MAX_VALUE);
        NDArray pooled = x.mul(keep.expandDims(2)).sum(new int[] {1}).div(counts);
        return new NDList(pooled);
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), width)};
    }

    /** {@inheritDoc} */
    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape sequence = new Shape(inputShapes[0].get(0), inputShapes[0].get(1), width);
        for (EncoderLayer layer : layers) {
            layer.norm1.initialize(manager, dataType, sequence);
            layer.qkv.initialize(manager, dataType, sequence);
            layer.attentionOut.initialize(manager, dataType, sequence);
            layer.norm2.initialize(manager, dataType, sequence);
            layer.feedForward1.initialize(manager, dataType, sequence);
            Shape ff = layer.feedForward1.getOutputShapes(new Shape[] {sequence})[0];
            layer.feedForward2.initialize(manager, dataType, ff);
            layer.dropout.initialize(manager, dataType, sequence);
        }
        finalNorm.initialize(manager, dataType, sequence);
    }

    /** The blocks of one encoder layer. */
    private record EncoderLayer(
            LayerNorm norm1,
            Linear qkv,
            Linear attentionOut,
            LayerNorm norm2,
            Linear feedForward1,
            Linear feedForward2,
            BatchDropout dropout) {}

    /** Configures the encoder. */
    public static final class Builder {
        private int vocabularySize = -1;
        private int maxLength = 32;
        private int width = 128;
        private int heads = 4;
        private int layers = 2;
        private int feedForward = 256;
        private float dropout = 0.1f;

        Builder() {}

        /** Sets the vocabulary size (required). */
        public Builder setVocabularySize(int vocabularySize) {
            this.vocabularySize = vocabularySize;
            return this;
        }

        /** Sets the longest sequence (default 32). */
        public Builder optMaxLength(int maxLength) {
            this.maxLength = maxLength;
            return this;
        }

        /** Sets the model width (default 128) and the number of heads (default 4). */
        public Builder optWidth(int width, int heads) {
            this.width = width;
            this.heads = heads;
            return this;
        }

        /** Sets the number of layers (default 2). */
        public Builder optLayers(int layers) {
            this.layers = layers;
            return this;
        }

        /** Sets the feed-forward width (default 256). */
        public Builder optFeedForward(int feedForward) {
            this.feedForward = feedForward;
            return this;
        }

        /** Sets the dropout rate (default 0.1), also the source of SimCSE second views. */
        public Builder optDropout(float dropout) {
            this.dropout = dropout;
            return this;
        }

        /** Builds the encoder. */
        public TransformerTextEncoder build() {
            if (vocabularySize < 2 || maxLength < 1 || width < 1 || heads < 1
                    || width % heads != 0 || layers < 1 || feedForward < 1
                    || !(dropout >= 0 && dropout < 1)) {
                throw new IllegalArgumentException(
                        "invalid text encoder: vocabulary " + vocabularySize + ", maxLength "
                                + maxLength + ", width " + width + ", heads " + heads
                                + " (width must divide by heads), layers " + layers
                                + ", feed-forward " + feedForward + ", dropout " + dropout);
            }
            return new TransformerTextEncoder(this);
        }
    }
}
