package io.github.setclip.train;

/** The keywords S-CLIP's keyword loss classifies an unpaired row among. */
public enum KeywordVocabulary {
    /**
     * The distinct keywords of every paired training item, embedded by the T tower at every step:
     * S-CLIP's fixed per-dataset list. The default.
     */
    GLOBAL,
    /** The distinct keywords of the batch's true pairs only (cheaper; the form before issue 22). */
    BATCH
}
