package io.github.setclip.data.idx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FashionMnistTest {

    @TempDir Path dir;

    /** Image i has pixel (r, c) = (i + r + 2c) mod 256; labels i mod 10. */
    private static IdxFile.Images images(int count) {
        byte[] pixels = new byte[count * 28 * 28];
        for (int i = 0; i < count; i++) {
            for (int r = 0; r < 28; r++) {
                for (int c = 0; c < 28; c++) {
                    pixels[(i * 28 + r) * 28 + c] = (byte) ((i + r + 2 * c) % 256);
                }
            }
        }
        return new IdxFile.Images(count, 28, 28, pixels);
    }

    private static byte[] labels(int count) {
        byte[] labels = new byte[count];
        for (int i = 0; i < count; i++) {
            labels[i] = (byte) (i % 10);
        }
        return labels;
    }

    private Path fixture(Path folder, boolean gzip, int train, int test) throws IOException {
        Files.createDirectories(folder);
        String gz = gzip ? ".gz" : "";
        IdxFile.writeImages(folder.resolve("train-images-idx3-ubyte" + gz), images(train), gzip);
        IdxFile.writeLabels(folder.resolve("train-labels-idx1-ubyte" + gz), labels(train), gzip);
        IdxFile.writeImages(folder.resolve("t10k-images-idx3-ubyte" + gz), images(test), gzip);
        IdxFile.writeLabels(folder.resolve("t10k-labels-idx1-ubyte" + gz), labels(test), gzip);
        return folder;
    }

    @Test
    void idxFilesRoundTripGzippedOrNot() throws IOException {
        for (boolean gzip : new boolean[] {true, false}) {
            Path file = dir.resolve("images" + gzip);
            IdxFile.writeImages(file, images(3), gzip);
            IdxFile.Images back = IdxFile.readImages(file);
            assertEquals(3, back.count());
            assertArrayEquals(images(3).pixels(), back.pixels());
        }
    }

    @Test
    void halvesAreTheLeftAndRightFourteenColumnsScaledToOne() throws IOException {
        FashionMnist data = FashionMnist.load(FashionMnistFiles.search(List.of(fixture(dir.resolve("fm"), true, 5, 2))));
        assertEquals(5, data.trainCount());
        assertEquals(2, data.testCount());
        assertEquals(3, data.label(true, 3));
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray left = data.halves(m, true, new int[] {4, 1}, true);
            NDArray right = data.halves(m, true, new int[] {4, 1}, false);
            assertEquals(new ai.djl.ndarray.types.Shape(2, 1, 28, 14), left.getShape());
            // image 4, row 5, column 3 -> (4 + 5 + 6) / 255; right half column 3 is image column 17.
            assertEquals(15 / 255f, left.getFloat(0, 0, 5, 3), 1e-6);
            assertEquals((4 + 5 + 34) / 255f, right.getFloat(0, 0, 5, 3), 1e-6);
            assertEquals((1 + 0 + 0) / 255f, left.getFloat(1, 0, 0, 0), 1e-6);
        }
    }

    @Test
    void theSearchTakesTheFirstCompleteFolderAndNamesEveryPlaceWhenNoneIs() throws IOException {
        Path incomplete = dir.resolve("incomplete");
        Files.createDirectories(incomplete);
        IdxFile.writeLabels(incomplete.resolve("train-labels-idx1-ubyte"), labels(2), false);
        Path plain = fixture(dir.resolve("plain"), false, 2, 2);
        assertEquals(plain, FashionMnistFiles.search(List.of(incomplete, plain)).folder());

        FileNotFoundException e = assertThrows(FileNotFoundException.class,
                () -> FashionMnistFiles.search(List.of(incomplete, dir.resolve("nowhere"))));
        assertTrue(e.getMessage().contains(incomplete.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("nowhere"), e.getMessage());
        assertTrue(e.getMessage().contains("apt install dataset-fashion-mnist")
                && e.getMessage().contains("--download"), e.getMessage());
    }

    @Test
    void badFilesAreRejectedNamingTheFile() throws IOException {
        Path folder = fixture(dir.resolve("bad"), false, 3, 2);
        IdxFile.writeLabels(folder.resolve("train-labels-idx1-ubyte"), labels(2), false);
        IOException mismatch = assertThrows(IOException.class,
                () -> FashionMnist.load(FashionMnistFiles.search(List.of(folder))));
        assertTrue(mismatch.getMessage().contains("2 labels for 3 images"), mismatch.getMessage());

        Path truncated = dir.resolve("truncated");
        byte[] whole = Files.readAllBytes(folder.resolve("t10k-images-idx3-ubyte"));
        Files.write(truncated, java.util.Arrays.copyOf(whole, whole.length - 10));
        IOException e = assertThrows(IOException.class, () -> IdxFile.readImages(truncated));
        assertTrue(e.getMessage().contains("truncated") && e.getMessage().contains(truncated.toString()));

        IOException magic = assertThrows(IOException.class,
                () -> IdxFile.readImages(folder.resolve("t10k-labels-idx1-ubyte")));
        assertTrue(magic.getMessage().contains("not an IDX image file"), magic.getMessage());
    }

    @Test
    void debiansPackageLoadsWhenInstalled() throws IOException {
        Path debian = Path.of(FashionMnistFiles.DEBIAN);
        Assumptions.assumeTrue(Files.isDirectory(debian), "dataset-fashion-mnist not installed");
        FashionMnist data = FashionMnist.load(FashionMnistFiles.search(List.of(debian)));
        assertEquals(60000, data.trainCount());
        assertEquals(10000, data.testCount());
    }
}
