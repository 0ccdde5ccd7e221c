package io.github.setclip.data.text;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * A batch of tokenised captions, padded to one length.
 *
 * <p>{@code ids} is (B, L) int64 token ids; {@code attentionMask} is (B, L) int64 with 1 at real
 * tokens (special tokens included) and 0 at padding. Closing the batch closes both arrays.
 *
 * @param ids token ids, shape (B, L), int64
 * @param attentionMask 1 for a token, 0 for padding, shape (B, L), int64
 */
public record TokenBatch(NDArray ids, NDArray attentionMask) implements AutoCloseable {

    /**
     * Checks shapes and types.
     *
     * @throws IllegalArgumentException if an array is null, not (B, L) int64, or the shapes differ
     */
    public TokenBatch {
        if (ids == null || attentionMask == null) {
            throw new IllegalArgumentException("ids and attentionMask must not be null");
        }
        Shape shape = ids.getShape();
        if (shape.dimension() != 2 || !shape.equals(attentionMask.getShape())) {
            throw new IllegalArgumentException("ids and attentionMask must both be (B, L), got ids " + shape
                    + " and attentionMask " + attentionMask.getShape());
        }
        if (ids.getDataType() != DataType.INT64 || attentionMask.getDataType() != DataType.INT64) {
            throw new IllegalArgumentException("ids and attentionMask must be int64, got "
                    + ids.getDataType() + " and " + attentionMask.getDataType());
        }
    }

    /** B, the number of captions. */
    public int batchSize() {
        return Math.toIntExact(ids.getShape().get(0));
    }

    /** L, the padded length. */
    public int length() {
        return Math.toIntExact(ids.getShape().get(1));
    }

    /** {@code [ids, attentionMask]}, the usual input of a text encoder. */
    public NDList toNDList() {
        return new NDList(ids, attentionMask);
    }

    /** Closes both arrays. */
    @Override
    public void close() {
        ids.close();
        attentionMask.close();
    }
}
