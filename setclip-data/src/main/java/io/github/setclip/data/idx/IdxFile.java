package io.github.setclip.data.idx;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The IDX format of MNIST and Fashion-MNIST: a big-endian magic number ({@code 0x0000080D} with D
 * dimensions, type unsigned byte), D big-endian dimension sizes, then the bytes. Files may be
 * gzipped; that is recognised by the gzip magic, not by the name.
 */
public final class IdxFile {

    private static final int IMAGES_MAGIC = 0x00000803;
    private static final int LABELS_MAGIC = 0x00000801;

    private IdxFile() {}

    /**
     * Images of an IDX3 file.
     *
     * @param count number of images
     * @param rows rows per image
     * @param columns columns per image
     * @param pixels {@code count * rows * columns} unsigned bytes, image after image, row-major
     */
    public record Images(int count, int rows, int columns, byte[] pixels) {}

    /**
     * Reads an IDX3 image file.
     *
     * @param file the file (gzipped or not)
     * @return the images
     * @throws IOException if the file cannot be read, has the wrong magic or is truncated
     */
    public static Images readImages(Path file) throws IOException {
        try (DataInputStream in = open(file)) {
            int magic = in.readInt();
            if (magic != IMAGES_MAGIC) {
                throw new IOException(file + ": not an IDX image file (magic 0x"
                        + Integer.toHexString(magic) + ", expected 0x803)");
            }
            int count = in.readInt();
            int rows = in.readInt();
            int columns = in.readInt();
            if (count < 0 || rows <= 0 || columns <= 0) {
                throw new IOException(file + ": bad dimensions " + count + " x " + rows + " x " + columns);
            }
            byte[] pixels = new byte[Math.multiplyExact(Math.multiplyExact(count, rows), columns)];
            readFully(in, pixels, file);
            return new Images(count, rows, columns, pixels);
        } catch (EOFException e) {
            throw new IOException(file + ": truncated IDX header", e);
        }
    }

    /**
     * Reads an IDX1 label file.
     *
     * @param file the file (gzipped or not)
     * @return one unsigned byte per label
     * @throws IOException if the file cannot be read, has the wrong magic or is truncated
     */
    public static byte[] readLabels(Path file) throws IOException {
        try (DataInputStream in = open(file)) {
            int magic = in.readInt();
            if (magic != LABELS_MAGIC) {
                throw new IOException(file + ": not an IDX label file (magic 0x"
                        + Integer.toHexString(magic) + ", expected 0x801)");
            }
            int count = in.readInt();
            if (count < 0) {
                throw new IOException(file + ": bad label count " + count);
            }
            byte[] labels = new byte[count];
            readFully(in, labels, file);
            return labels;
        } catch (EOFException e) {
            throw new IOException(file + ": truncated IDX header", e);
        }
    }

    /**
     * Writes an IDX3 image file (tests and fixtures).
     *
     * @param file the target
     * @param images the images
     * @param gzip whether to gzip it
     * @throws IOException if writing fails
     */
    public static void writeImages(Path file, Images images, boolean gzip) throws IOException {
        try (DataOutputStream out = create(file, gzip)) {
            out.writeInt(IMAGES_MAGIC);
            out.writeInt(images.count());
            out.writeInt(images.rows());
            out.writeInt(images.columns());
            out.write(images.pixels());
        }
    }

    /**
     * Writes an IDX1 label file (tests and fixtures).
     *
     * @param file the target
     * @param labels the labels
     * @param gzip whether to gzip it
     * @throws IOException if writing fails
     */
    public static void writeLabels(Path file, byte[] labels, boolean gzip) throws IOException {
        try (DataOutputStream out = create(file, gzip)) {
            out.writeInt(LABELS_MAGIC);
            out.writeInt(labels.length);
            out.write(labels);
        }
    }

    private static void readFully(DataInputStream in, byte[] target, Path file) throws IOException {
        try {
            in.readFully(target);
        } catch (EOFException e) {
            throw new IOException(file + ": truncated, expected " + target.length + " data bytes", e);
        }
    }

    private static DataInputStream open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new java.io.FileNotFoundException(file + ": no such file");
        }
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        raw.mark(2);
        int b0 = raw.read();
        int b1 = raw.read();
        raw.reset();
        InputStream in = b0 == 0x1f && b1 == 0x8b ? new GZIPInputStream(raw, 1 << 16) : raw;
        return new DataInputStream(new BufferedInputStream(in, 1 << 16));
    }

    private static DataOutputStream create(Path file, boolean gzip) throws IOException {
        OutputStream out = Files.newOutputStream(file);
        return new DataOutputStream(new java.io.BufferedOutputStream(gzip ? new GZIPOutputStream(out) : out));
    }
}
