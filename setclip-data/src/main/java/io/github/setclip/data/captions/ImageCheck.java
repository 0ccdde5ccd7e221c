package io.github.setclip.data.captions;

import io.github.setclip.data.BadRows;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Checks that an image file exists and is an image javax.imageio can read (PNG, JPEG, GIF, BMP,
 * TIFF) by reading its header only (format and size), so a 100,000-row manifest is checked without
 * decoding every picture. A file whose header is fine but whose pixel data is corrupt passes; it
 * fails when decoded. Results are cached per path, since datasets list an image once per caption.
 * One instance per file read; not thread-safe.
 */
final class ImageCheck {

    private static final String OK = "";

    private final Map<Path, String> problems = new HashMap<>();

    /**
     * True when usable; otherwise reports the row to the policy and returns false.
     *
     * @param image the file
     * @param where file and line of the row, for the message
     * @param policy what to do with a bad row
     * @return whether the image is usable
     */
    boolean usable(Path image, String where, BadRows policy) {
        String problem = problems.computeIfAbsent(image, ImageCheck::problem);
        if (problem.isEmpty()) {
            return true;
        }
        policy.bad(where, problem);
        return false;
    }

    /**
     * What is wrong with a picture whose bytes are already read, or "" when nothing is: the same
     * header check as {@link #problem(Path)}, without opening the file again.
     */
    static String problem(Path image, byte[] bytes) {
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            return headerProblem(image, in);
        } catch (IOException | RuntimeException e) {
            return "undecodable image " + image + " (" + reader(e) + ")";
        }
    }

    /** What is wrong with the file, or "" when nothing is. */
    static String problem(Path image) {
        if (!Files.exists(image)) {
            return "missing image " + image;
        }
        if (!Files.isRegularFile(image)) {
            return "image " + image + " is not a file";
        }
        if (!Files.isReadable(image)) {
            return "unreadable image " + image + " (no read permission)";
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(image.toFile())) {
            return headerProblem(image, in);
        } catch (IOException | RuntimeException e) {
            return "undecodable image " + image + " (" + reader(e) + ")";
        }
    }

    private static String headerProblem(Path image, ImageInputStream in) throws IOException {
        Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
        if (readers == null || !readers.hasNext()) {
            return "unreadable image " + image + " (not a PNG, JPEG, GIF, BMP or TIFF file)";
        }
        ImageReader reader = readers.next();
        try {
            reader.setInput(in, true, true);
            int width = reader.getWidth(0);
            int height = reader.getHeight(0);
            if (width < 1 || height < 1) {
                return "undecodable image " + image + " (" + width + " x " + height + " pixels)";
            }
        } finally {
            reader.dispose();
        }
        return OK;
    }

    private static String reader(Exception e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }
}
