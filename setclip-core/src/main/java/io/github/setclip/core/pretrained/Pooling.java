package io.github.setclip.core.pretrained;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;

/** How a text encoder's token states (B, T, h) become one vector per text (B, h). */
public enum Pooling {

    /** The mean of the token states over the attention mask (sentence-transformers' default). */
    MEAN,

    /** The first token's state ([CLS] for BERT-style tokenizers). */
    CLS;

    /**
     * Pools token states.
     *
     * @param states (B, T, h) float
     * @param mask (B, T), 1 at tokens and 0 at padding
     * @return (B, h)
     */
    public NDArray pool(NDArray states, NDArray mask) {
        if (this == CLS) {
            return states.get(new NDIndex(":, 0, :"));
        }
        NDArray weights = mask.toType(states.getDataType(), false).expandDims(2);
        NDArray counts = weights.sum(new int[] {1}).clip(1e-9f, Float.MAX_VALUE);
        return states.mul(weights).sum(new int[] {1}).div(counts);
    }

    /** Lower-case name, as flags and config.json spell it. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * Parses a label.
     *
     * @param label {@code mean} or {@code cls}
     * @return the pooling
     */
    public static Pooling of(String label) {
        for (Pooling p : values()) {
            if (p.label().equals(label)) {
                return p;
            }
        }
        throw new IllegalArgumentException("pooling must be mean or cls, got " + label);
    }
}
