package io.github.setclip.tasks.inference;

/** What one tower of a trained run takes as input. */
public enum ModalityKind {

    /** RGB pictures (DJL {@code Image}s), resized to the run's picture size. */
    IMAGE,

    /** Texts, tokenised with the run's own tokenizer. */
    TEXT,

    /**
     * Rows of numbers of a fixed width: precomputed features, or the flattened pixels of a
     * Fashion-MNIST half (28 x 14 values in [0, 1]).
     */
    FEATURES
}
