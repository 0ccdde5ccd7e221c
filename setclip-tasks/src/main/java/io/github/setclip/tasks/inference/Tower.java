package io.github.setclip.tasks.inference;

/** One of the two towers of a trained run: S (e.g. pictures) or T (e.g. captions). */
public enum Tower {

    /** The first modality (pictures in an image-text run). */
    S,

    /** The second modality (texts in an image-text run). */
    T
}
