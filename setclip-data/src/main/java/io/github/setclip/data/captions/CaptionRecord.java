package io.github.setclip.data.captions;

import java.nio.file.Path;

/**
 * One (image, caption) row of a user's caption dataset.
 *
 * @param image the image file, resolved against the image root
 * @param caption the caption, trimmed, never blank
 * @param className the class, or {@code null} when the dataset has none
 * @param split {@code train}, {@code val}, {@code test}, or {@code null} when not given
 * @param group the group (album, page, site: a weak label shared by the image and its captions),
 *     trimmed, or {@code null} for none
 * @param source file and line it came from, for messages
 */
public record CaptionRecord(Path image, String caption, String className, String split, String group, String source) {

    /** A record without a group. */
    public CaptionRecord(Path image, String caption, String className, String split, String source) {
        this(image, caption, className, split, null, source);
    }
}
