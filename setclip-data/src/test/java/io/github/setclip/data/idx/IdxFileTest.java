package io.github.setclip.data.idx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxFileTest {

    @TempDir Path dir;

    private static IdxFile.Images images(int count, int rows, int columns) {
        byte[] pixels = new byte[count * rows * columns];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (i * 7);
        }
        return new IdxFile.Images(count, rows, columns, pixels);
    }

    private static byte[] header(int... ints) {
        ByteBuffer b = ByteBuffer.allocate(4 * ints.length);
        for (int v : ints) {
            b.putInt(v);
        }
        return b.array();
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }

    private static <T extends Throwable> void assertMessage(T e, String... parts) {
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "'" + part + "' missing in: " + e.getMessage());
        }
    }

    @Test
    void roundTripsImagesAndLabelsGzippedOrPlain() throws IOException {
        for (boolean gzip : new boolean[] {true, false}) {
            Path file = dir.resolve("images-" + gzip);
            IdxFile.writeImages(file, images(3, 4, 5), gzip);
            IdxFile.Images back = IdxFile.readImages(file);
            assertEquals(3, back.count());
            assertEquals(4, back.rows());
            assertEquals(5, back.columns());
            assertArrayEquals(images(3, 4, 5).pixels(), back.pixels());

            Path labels = dir.resolve("labels-" + gzip);
            IdxFile.writeLabels(labels, new byte[] {0, 9, (byte) 200}, gzip);
            assertArrayEquals(new byte[] {0, 9, (byte) 200}, IdxFile.readLabels(labels));
        }
        Path empty = dir.resolve("empty");
        IdxFile.writeLabels(empty, new byte[0], false);
        assertEquals(0, IdxFile.readLabels(empty).length);
    }

    @Test
    void recognisesGzipByItsMagicNotByTheName() throws IOException {
        Path gzipNamedPlain = dir.resolve("train-images-idx3-ubyte");
        IdxFile.writeImages(gzipNamedPlain, images(2, 3, 3), true);
        Path plainNamedGz = dir.resolve("t10k-images-idx3-ubyte.gz");
        IdxFile.writeImages(plainNamedGz, images(2, 3, 3), false);
        assertEquals(0x1f, Files.readAllBytes(gzipNamedPlain)[0] & 0xff);
        assertArrayEquals(images(2, 3, 3).pixels(), IdxFile.readImages(gzipNamedPlain).pixels());
        assertArrayEquals(images(2, 3, 3).pixels(), IdxFile.readImages(plainNamedGz).pixels());
    }

    @Test
    void rejectsAWrongMagicSayingWhatTheFileHolds() throws IOException {
        Path labels = dir.resolve("labels");
        IdxFile.writeLabels(labels, new byte[] {1, 2}, true);
        IOException asImages = assertThrows(IOException.class, () -> IdxFile.readImages(labels));
        assertMessage(asImages, labels.toString(), "1 dimensions", "expected an image file", "0x00000803");

        Path images = dir.resolve("images");
        IdxFile.writeImages(images, images(1, 2, 2), false);
        IOException asLabels = assertThrows(IOException.class, () -> IdxFile.readLabels(images));
        assertMessage(asLabels, images.toString(), "3 dimensions", "expected a label file");

        Path shorts = dir.resolve("shorts");
        Files.write(shorts, header(0x00000B03, 1, 1, 1));
        assertMessage(assertThrows(IOException.class, () -> IdxFile.readImages(shorts)),
                "element type 0x0b", "not unsigned bytes");

        Path png = dir.resolve("picture.png");
        Files.write(png, new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0});
        assertMessage(assertThrows(IOException.class, () -> IdxFile.readImages(png)),
                png.toString(), "not an IDX file");
    }

    @Test
    void rejectsTruncatedFilesNamingThem() throws IOException {
        Path whole = dir.resolve("whole");
        IdxFile.writeImages(whole, images(3, 4, 4), false);
        byte[] bytes = Files.readAllBytes(whole);

        Path data = dir.resolve("short-data");
        Files.write(data, Arrays.copyOf(bytes, bytes.length - 5));
        assertMessage(assertThrows(IOException.class, () -> IdxFile.readImages(data)),
                data.toString(), "truncated", "promises 48 data bytes", "holds 43");

        Path gz = dir.resolve("short-data.gz");
        Files.write(gz, gzip(Arrays.copyOf(bytes, bytes.length - 5)));
        assertMessage(assertThrows(IOException.class, () -> IdxFile.readImages(gz)), gz.toString(), "truncated");

        Path head = dir.resolve("short-header");
        Files.write(head, Arrays.copyOf(bytes, 9));
        assertMessage(assertThrows(IOException.class, () -> IdxFile.readImages(head)),
                head.toString(), "truncated IDX header");

        Path empty = dir.resolve("empty");
        Files.write(empty, new byte[0]);
        assertMessage(assertThrows(IOException.class, () -> IdxFile.readLabels(empty)), "truncated IDX header");
    }

    @Test
    void rejectsBytesAfterTheData() throws IOException {
        Path whole = dir.resolve("whole");
        IdxFile.writeLabels(whole, new byte[] {1, 2, 3}, false);
        byte[] longer = Arrays.copyOf(Files.readAllBytes(whole), 11 + 4);
        Path plain = dir.resolve("plain");
        Files.write(plain, longer);
        assertMessage(assertThrows(IOException.class, () -> IdxFile.readLabels(plain)),
                plain.toString(), "4 bytes after the 3 data bytes");
        Path gz = dir.resolve("gz");
        Files.write(gz, gzip(longer));
        assertMessage(assertThrows(IOException.class, () -> IdxFile.readLabels(gz)),
                gz.toString(), "bytes after the 3 data bytes");
    }

    @Test
    void rejectsImpossibleSizesBeforeAllocatingAnything() throws IOException {
        Path huge = dir.resolve("huge");
        Files.write(huge, header(0x00000803, 100_000, 1000, 1000));
        assertMessage(assertThrows(IOException.class, () -> IdxFile.readImages(huge)),
                huge.toString(), "too many for one array");
        Path negative = dir.resolve("negative");
        Files.write(negative, header(0x00000801, -1));
        assertMessage(assertThrows(IOException.class, () -> IdxFile.readLabels(negative)),
                negative.toString(), "corrupt header");
        Path zeroRows = dir.resolve("zero-rows");
        Files.write(zeroRows, header(0x00000803, 1, 0, 28));
        assertMessage(assertThrows(IOException.class, () -> IdxFile.readImages(zeroRows)),
                zeroRows.toString(), "0 x 28 pixels");
    }

    @Test
    void rejectsCorruptGzipAndMissingFilesNamingThem() throws IOException {
        Path corrupt = dir.resolve("corrupt.gz");
        Files.write(corrupt, new byte[] {0x1f, (byte) 0x8b, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11});
        assertMessage(assertThrows(IOException.class, () -> IdxFile.readImages(corrupt)),
                corrupt.toString(), "gzip");
        Path missing = dir.resolve("missing");
        assertMessage(assertThrows(FileNotFoundException.class, () -> IdxFile.readLabels(missing)),
                missing.toString());
    }
}
