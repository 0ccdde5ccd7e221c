package io.github.setclip.data.idx;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipException;

/**
 * The IDX format of MNIST and Fashion-MNIST: a big-endian magic number {@code 0x000008DD} (type
 * {@code 08}, unsigned byte; {@code DD} dimensions), DD big-endian int32 dimension sizes, then the
 * bytes, row-major. Files may be gzipped; that is recognised by the gzip magic {@code 1f 8b}, not
 * by the name.
 *
 * <p>Every failure names the file: a wrong magic (with what it does say: another element type or
 * number of dimensions), a negative or zero size, a size too big for one Java array, a file shorter
 * than its header promises, bytes after the data, corrupt gzip data.
 */
public final class IdxFile {

    private static final int IMAGES_MAGIC = 0x00000803;
    private static final int LABELS_MAGIC = 0x00000801;
    private static final int UNSIGNED_BYTE = 0x08;
    private static final int MAX_BYTES = Integer.MAX_VALUE - 8;
    private static final int BUFFER = 1 << 16;

    private IdxFile() {}

    /**
     * Images of an IDX3 file.
     *
     * @param count number of images (IDX dimension 0)
     * @param rows rows per image
     * @param columns columns per image
     * @param pixels {@code count * rows * columns} unsigned bytes, image after image, row-major
     */
    public record Images(int count, int rows, int columns, byte[] pixels) {

        /**
         * Checks the sizes.
         *
         * @throws IllegalArgumentException if a size is negative or the pixels do not fill them
         */
        public Images {
            if (count < 0 || rows < 1 || columns < 1) {
                throw new IllegalArgumentException(
                        "sizes must be count >= 0, rows >= 1, columns >= 1; got " + count + " x " + rows
                                + " x " + columns);
            }
            if (pixels == null || pixels.length != (long) count * rows * columns) {
                throw new IllegalArgumentException(count + " x " + rows + " x " + columns + " images need "
                        + (long) count * rows * columns + " bytes, got "
                        + (pixels == null ? "null" : pixels.length));
            }
        }
    }

    /**
     * Reads an IDX3 image file ({@code 0x00000803}).
     *
     * @param file the file (gzipped or not)
     * @return the images
     * @throws FileNotFoundException if there is no such file
     * @throws IOException if the file cannot be read, has the wrong magic or sizes, is truncated or
     *     has bytes after the data
     */
    public static Images readImages(Path file) throws IOException {
        Raw raw = read(file, IMAGES_MAGIC, "an image file: count, rows, columns");
        int[] dims = raw.dims();
        if (dims[1] < 1 || dims[2] < 1) {
            throw new IOException(file + ": images of " + dims[1] + " x " + dims[2] + " pixels");
        }
        return new Images(dims[0], dims[1], dims[2], raw.data());
    }

    /**
     * Reads an IDX1 label file ({@code 0x00000801}).
     *
     * @param file the file (gzipped or not)
     * @return one unsigned byte per label
     * @throws FileNotFoundException if there is no such file
     * @throws IOException if the file cannot be read, has the wrong magic, is truncated or has bytes
     *     after the data
     */
    public static byte[] readLabels(Path file) throws IOException {
        return read(file, LABELS_MAGIC, "a label file: count").data();
    }

    /**
     * Writes an IDX3 image file (fixtures for tests and benchmarks).
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
     * Writes an IDX1 label file (fixtures for tests and benchmarks).
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

    /** Sizes and bytes of an unsigned-byte IDX file. */
    private record Raw(int[] dims, byte[] data) {}

    private static Raw read(Path file, int expectedMagic, String expected) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new FileNotFoundException(file + ": no such file");
        }
        boolean gzip = isGzip(file);
        try (InputStream stream = open(file, gzip); DataInputStream in = new DataInputStream(stream)) {
            int magic = readHeaderInt(in, file);
            if (magic != expectedMagic) {
                throw new IOException(file + ": " + describe(magic, expectedMagic) + "; expected "
                        + expected + ", magic " + hex(expectedMagic));
            }
            int[] dims = new int[expectedMagic & 0xff];
            long total = 1;
            for (int d = 0; d < dims.length; d++) {
                dims[d] = readHeaderInt(in, file);
                if (dims[d] < 0) {
                    throw new IOException(file + ": dimension " + d + " is " + Integer.toUnsignedString(dims[d])
                            + " (negative as int32: corrupt header)");
                }
                total *= dims[d];
                if (total > MAX_BYTES) {
                    throw new IOException(file + ": the header promises more than " + MAX_BYTES
                            + " bytes of data, too many for one array (corrupt header?)");
                }
            }
            long header = 4L + 4L * dims.length;
            if (!gzip) {
                long size = Files.size(file);
                if (size - header < total) {
                    throw new IOException(file + ": truncated: the header promises " + total
                            + " data bytes, the file holds " + (size - header));
                }
                if (size - header > total) {
                    throw new IOException(file + ": " + (size - header - total)
                            + " bytes after the " + total + " data bytes the header promises");
                }
            }
            byte[] data = new byte[(int) total];
            try {
                in.readFully(data);
            } catch (EOFException e) {
                throw new IOException(file + ": truncated: the header promises " + total
                        + " data bytes, the (gunzipped) file holds fewer", e);
            }
            if (gzip && in.read() >= 0) {
                throw new IOException(file + ": bytes after the " + total
                        + " data bytes the header promises");
            }
            return new Raw(dims, data);
        } catch (ZipException e) {
            throw new IOException(file + ": corrupt gzip data (" + e.getMessage() + ")", e);
        } catch (EOFException e) {
            throw new IOException(file + ": truncated gzip stream (" + e.getMessage() + ")", e);
        }
    }

    private static int readHeaderInt(DataInputStream in, Path file) throws IOException {
        try {
            return in.readInt();
        } catch (EOFException e) {
            throw new IOException(file + ": truncated IDX header", e);
        }
    }

    /** What a wrong magic number says about the file. */
    private static String describe(int magic, int expected) {
        if ((magic >>> 16) != 0) {
            return "not an IDX file (magic " + hex(magic) + ")";
        }
        int type = (magic >>> 8) & 0xff;
        if (type != UNSIGNED_BYTE) {
            return "an IDX file of element type " + String.format("0x%02x", type)
                    + ", not unsigned bytes (0x08)";
        }
        return "an IDX file with " + (magic & 0xff) + " dimensions (magic " + hex(magic) + ")";
    }

    private static String hex(int value) {
        return String.format("0x%08x", value);
    }

    private static boolean isGzip(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.read() == 0x1f && in.read() == 0x8b;
        }
    }

    private static InputStream open(Path file, boolean gzip) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), BUFFER);
        try {
            return gzip ? new BufferedInputStream(new GZIPInputStream(raw, BUFFER), BUFFER) : raw;
        } catch (IOException e) {
            raw.close();
            throw e;
        }
    }

    private static DataOutputStream create(Path file, boolean gzip) throws IOException {
        OutputStream out = Files.newOutputStream(file);
        return new DataOutputStream(new BufferedOutputStream(gzip ? new GZIPOutputStream(out) : out));
    }
}
