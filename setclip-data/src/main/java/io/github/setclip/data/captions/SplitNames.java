package io.github.setclip.data.captions;

import java.util.Locale;

/**
 * The canonical split names, {@code train}, {@code val}, {@code test}, from the names files use:
 * {@code restval} (the part of COCO's validation images that Karpathy's split gives to training)
 * counts as {@code train} and {@code validation} as {@code val}; case-insensitive. Only the names:
 * which image goes to which split is {@link CaptionSplits}' job.
 */
final class SplitNames {

    private SplitNames() {}

    /**
     * The canonical name of a split.
     *
     * @param raw the name as written; blank or {@code null} for none
     * @return {@code train}, {@code val}, {@code test}, or {@code null} for none
     * @throws IllegalArgumentException for any other name, with a message saying which are known
     */
    static String canonical(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        return switch (raw.trim().toLowerCase(Locale.ROOT)) {
            case "train", "restval" -> "train";
            case "val", "validation" -> "val";
            case "test" -> "test";
            default -> throw new IllegalArgumentException("unknown split '" + raw.trim()
                    + "' (expected train, val or test; restval counts as train, validation as val)");
        };
    }
}
