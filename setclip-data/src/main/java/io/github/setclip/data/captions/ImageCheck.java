package io.github.setclip.data.captions;

import io.github.setclip.data.BadRows;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Checks that an image file exists and is a readable image by reading its header only (the size),
 * so a 100,000-row manifest is checked without decoding every picture.
 */
final class ImageCheck {

    private ImageCheck() {}

    /** True when usable; otherwise reports the row to the policy and returns false. */
    static boolean usable(Path image, String where, BadRows policy) {
        if (!Files.isRegularFile(image)) {
            policy.bad(where, "missing image " + image);
            return false;
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(image.toFile())) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                policy.bad(where, "unreadable image " + image + " (not a PNG, JPEG, GIF or BMP)");
                return false;
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in);
                if (reader.getWidth(0) < 1 || reader.getHeight(0) < 1) {
                    policy.bad(where, "empty image " + image);
                    return false;
                }
            } finally {
                reader.dispose();
            }
            return true;
        } catch (IOException | RuntimeException e) {
            policy.bad(where, "unreadable image " + image + " (" + e.getMessage() + ")");
            return false;
        }
    }
}
