package io.github.setclip.data.idx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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
    void halvesAreTheLeftAndRightFourteenColumnsScaledToOne() throws IOException {
        FashionMnist data = FashionMnist.load(FashionMnistFiles.search(List.of(fixture(dir.resolve("fm"), true, 5, 2))));
        assertEquals(5, data.trainCount());
        assertEquals(2, data.testCount());
        assertEquals(3, data.label(true, 3));
        assertEquals(1, data.label(false, 1));
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray left = data.halves(m, true, new int[] {4, 1}, true);
            NDArray right = data.halves(m, true, new int[] {4, 1}, false);
            assertEquals(new Shape(2, 1, 28, 14), left.getShape());
            assertEquals(DataType.FLOAT32, left.getDataType());
            // image 4, row 5, column 3 -> (4 + 5 + 6) / 255; right half column 3 is image column 17.
            assertEquals(15 / 255f, left.getFloat(0, 0, 5, 3), 1e-6);
            assertEquals((4 + 5 + 34) / 255f, right.getFloat(0, 0, 5, 3), 1e-6);
            assertEquals(1 / 255f, left.getFloat(1, 0, 0, 0), 1e-6);
            // last pixel of image 1: (1 + 27 + 54) / 255
            assertEquals(82 / 255f, right.getFloat(1, 0, 27, 13), 1e-6);
            NDArray test = data.halves(m, false, new int[] {1}, true);
            assertEquals(new Shape(1, 1, 28, 14), test.getShape());
            assertEquals(1 / 255f, test.getFloat(0, 0, 0, 0), 1e-6);
            assertThrows(IndexOutOfBoundsException.class, () -> data.halves(m, false, new int[] {2}, true));
        }
    }

    @Test
    void pixelsAbove127ScaleAsUnsignedBytes() throws IOException {
        Path folder = fixture(dir.resolve("bright"), false, 1, 1);
        byte[] pixels = new byte[784];
        java.util.Arrays.fill(pixels, (byte) 255);
        IdxFile.writeImages(folder.resolve("train-images-idx3-ubyte"), new IdxFile.Images(1, 28, 28, pixels), false);
        FashionMnist data = FashionMnist.load(FashionMnistFiles.search(List.of(folder)));
        try (NDManager m = NDManager.newBaseManager()) {
            assertEquals(1f, data.halves(m, true, new int[] {0}, false).max().getFloat(), 0);
            assertEquals(1f, data.halves(m, true, new int[] {0}, false).min().getFloat(), 0);
        }
    }

    @Test
    void rejectsLabelsThatDoNotMatchTheImagesNamingTheFile() throws IOException {
        Path folder = fixture(dir.resolve("bad"), false, 3, 2);
        IdxFile.writeLabels(folder.resolve("train-labels-idx1-ubyte"), labels(2), false);
        IOException mismatch = assertThrows(IOException.class,
                () -> FashionMnist.load(FashionMnistFiles.search(List.of(folder))));
        assertTrue(mismatch.getMessage().contains("train-labels-idx1-ubyte: 2 labels for 3 images"),
                mismatch.getMessage());

        IdxFile.writeLabels(folder.resolve("train-labels-idx1-ubyte"), new byte[] {0, (byte) 200, 1}, false);
        IOException range = assertThrows(IOException.class,
                () -> FashionMnist.load(FashionMnistFiles.search(List.of(folder))));
        assertTrue(range.getMessage().contains("label 200 of item 1 is not in 0..9"), range.getMessage());
    }

    @Test
    void rejectsImagesThatAreNot28By28() throws IOException {
        Path folder = fixture(dir.resolve("small"), false, 2, 2);
        IdxFile.writeImages(folder.resolve("t10k-images-idx3-ubyte"),
                new IdxFile.Images(2, 28, 14, new byte[2 * 28 * 14]), false);
        IOException e = assertThrows(IOException.class,
                () -> FashionMnist.load(FashionMnistFiles.search(List.of(folder))));
        assertTrue(e.getMessage().contains("t10k-images-idx3-ubyte: images are 28 x 14"), e.getMessage());
    }

    @Test
    void theSearchTakesTheFirstCompleteFolderWithGzippedOrPlainNames() throws IOException {
        Path incomplete = dir.resolve("incomplete");
        Files.createDirectories(incomplete);
        IdxFile.writeLabels(incomplete.resolve("train-labels-idx1-ubyte"), labels(2), false);
        Path plain = fixture(dir.resolve("plain"), false, 2, 2);
        Path gz = fixture(dir.resolve("gz"), true, 2, 2);
        FashionMnistFiles.Located found = FashionMnistFiles.search(List.of(incomplete, dir.resolve("none"), plain, gz));
        assertEquals(plain, found.folder());
        assertEquals(plain.resolve("t10k-labels-idx1-ubyte"), found.testLabels());
        FashionMnistFiles.Located zipped = FashionMnistFiles.search(List.of(gz));
        assertEquals(gz.resolve("train-images-idx3-ubyte.gz"), zipped.trainImages());
    }

    @Test
    void whenNothingIsFoundTheMessageListsEveryPlaceWhatItLacksAndHowToGetTheData() throws IOException {
        Path incomplete = dir.resolve("incomplete");
        Files.createDirectories(incomplete);
        IdxFile.writeLabels(incomplete.resolve("train-labels-idx1-ubyte.gz"), labels(2), true);
        Path nowhere = dir.resolve("nowhere");
        FileNotFoundException e = assertThrows(FileNotFoundException.class,
                () -> FashionMnistFiles.search(List.of(incomplete, nowhere)));
        String m = e.getMessage();
        assertTrue(m.contains(incomplete + " (missing train-images-idx3-ubyte, t10k-images-idx3-ubyte,"
                + " t10k-labels-idx1-ubyte)"), m);
        assertTrue(m.contains(nowhere + " (no such folder)"), m);
        assertTrue(m.contains("apt install dataset-fashion-mnist"), m);
        assertTrue(m.contains("give it as dataDir"), m);
        assertTrue(m.contains("https://github.com/zalandoresearch/fashion-mnist"), m);
        assertTrue(m.contains("turn on download"), m);
    }

    @Test
    void anExplicitFolderIsSearchedAloneElseTheUsualPlacesInOrder() {
        Path explicit = dir.resolve("mine");
        assertEquals(List.of(explicit), FashionMnistFiles.roots(explicit, k -> "/env", k -> null));

        Map<String, String> env = Map.of("SETCLIP_DATA", "/data", "DJL_CACHE_DIR", "/djl");
        assertEquals(List.of(Path.of("/data"), Path.of("/data/fashion-mnist"), Path.of(FashionMnistFiles.DEBIAN),
                        Path.of("/djl/cache/repo/dataset/cv/ai/djl/basicdataset/fashmnist/1.0")),
                FashionMnistFiles.roots(null, env::get, k -> null));

        Map<String, String> properties = Map.of("user.home", "/home/u");
        assertEquals(List.of(Path.of(FashionMnistFiles.DEBIAN),
                        Path.of("/home/u/.djl.ai/cache/repo/dataset/cv/ai/djl/basicdataset/fashmnist/1.0")),
                FashionMnistFiles.roots(null, k -> null, properties::get));
        assertEquals(Path.of("/p/cache/repo/dataset/cv/ai/djl/basicdataset/fashmnist/1.0"),
                FashionMnistFiles.roots(null, k -> null, Map.of("DJL_CACHE_DIR", "/p")::get).get(1));
    }

    @Test
    void debiansPackageLoadsWhenInstalled() throws IOException {
        Path debian = Path.of(FashionMnistFiles.DEBIAN);
        Assumptions.assumeTrue(Files.exists(debian.resolve("train-images-idx3-ubyte.gz")),
                "dataset-fashion-mnist not installed");
        FashionMnist data = FashionMnist.load(FashionMnistFiles.search(List.of(debian)));
        assertEquals(60000, data.trainCount());
        assertEquals(10000, data.testCount());
        assertEquals(9, data.label(true, 0)); // the first training image is an ankle boot
        assertEquals("Ankle boot", FashionMnist.CLASS_NAMES[data.label(true, 0)]);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray batch = data.halves(m, false, new int[] {0, 9999}, true);
            assertEquals(new Shape(2, 1, 28, 14), batch.getShape());
            assertTrue(batch.min().getFloat() >= 0 && batch.max().getFloat() <= 1);
            assertTrue(batch.max().getFloat() > 0.5f);
        }
    }
}
