package io.github.setclip.data.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PictureLoaderTest {

    @TempDir Path dir;
    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    /** A picture whose pixel (x, y) has the colour rgb[y][x] (0xRRGGBB). */
    private Path picture(String name, String format, int[][] rgb) throws IOException {
        BufferedImage image = new BufferedImage(rgb[0].length, rgb.length, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < rgb.length; y++) {
            for (int x = 0; x < rgb[0].length; x++) {
                image.setRGB(x, y, rgb[y][x]);
            }
        }
        Path file = dir.resolve(name);
        ImageIO.write(image, format, file.toFile());
        return file;
    }

    /** The expected (3, h, w) values of rgb: byte / 255, red plane first. */
    private static float[] channelsFirst(int[][] rgb) {
        int h = rgb.length;
        int w = rgb[0].length;
        float[] out = new float[3 * h * w];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    out[(c * h + y) * w + x] = (rgb[y][x] >> (16 - 8 * c) & 0xFF) / 255f;
                }
            }
        }
        return out;
    }

    @Test
    void atItsOwnSizeEveryPixelComesBackAsRgbChannelsFirstInZeroToOne() throws IOException {
        int[][] rgb = {{0xFF0000, 0x00FF00, 0x0000FF}, {0x102030, 0x405060, 0x708090}, {0x000000, 0xFFFFFF, 0x7F7F01}};
        NDArray batch = PictureLoader.load(manager, List.of(picture("p.png", "png", rgb)), 3);
        assertEquals(new Shape(1, 3, 3, 3), batch.getShape());
        assertEquals(DataType.FLOAT32, batch.getDataType());
        assertArrayEquals(channelsFirst(rgb), batch.toFloatArray(), 1e-6f);
    }

    /**
     * The expected (3, size, size) values of rgb resized as PIL and torchvision's antialiased
     * bilinear resize do it: along each axis, output pixel i is a weighted mean of the source
     * pixels j around its centre c = (i + 0.5) * scale, with weights max(0, 1 - |j + 0.5 - c| / s),
     * s = max(scale, 1), normalised over the pixels inside the picture.
     */
    private static float[] resized(int[][] rgb, int size) {
        double[][] rows = weights(rgb.length, size);
        double[][] columns = weights(rgb[0].length, size);
        float[] out = new float[3 * size * size];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    double v = 0;
                    for (int j = 0; j < rgb.length; j++) {
                        for (int k = 0; k < rgb[0].length; k++) {
                            v += rows[y][j] * columns[x][k] * (rgb[j][k] >> (16 - 8 * c) & 0xFF);
                        }
                    }
                    out[(c * size + y) * size + x] = (float) (v / 255);
                }
            }
        }
        return out;
    }

    private static double[][] weights(int in, int out) {
        double scale = (double) in / out;
        double width = Math.max(scale, 1);
        double[][] w = new double[out][in];
        for (int i = 0; i < out; i++) {
            double centre = (i + 0.5) * scale;
            double sum = 0;
            for (int j = 0; j < in; j++) {
                w[i][j] = Math.max(0, 1 - Math.abs(j + 0.5 - centre) / width);
                sum += w[i][j];
            }
            for (int j = 0; j < in; j++) {
                w[i][j] /= sum;
            }
        }
        return w;
    }

    /** Resizing works on 8-bit values: one step of 1/255 of rounding, and a little float noise. */
    private static final float BYTE_ROUNDING = 1.01f / 255;

    @Test
    void shrinkingAveragesNeighboursWithAnAntialiasingTriangleFilter() throws IOException {
        int r = 0xC81E0A;
        int g = 0x14B43C;
        int b = 0x0A28DC;
        int w = 0xF0F0F0;
        int[][] blocks = {{r, r, g, g}, {r, r, g, g}, {b, b, w, w}, {b, b, w, w}};
        float[] got = PictureLoader.load(manager, List.of(picture("blocks.png", "png", blocks)), 2).toFloatArray();
        float[] expected = resized(blocks, 2);
        assertArrayEquals(expected, got, BYTE_ROUNDING);
        // Not a plain 2x2 block mean: the filter reaches into the neighbouring block (155.5 of 255, not 200).
        assertEquals(1088.5714 / 7 / 255, expected[0], 1e-6);
    }

    @Test
    void stacksFilesInOrderWhateverTheirFormatShapeAndSize() throws IOException {
        int[][] wide = new int[6][10];
        for (int y = 0; y < 6; y++) {
            for (int x = 0; x < 10; x++) {
                wide[y][x] = (25 * x) << 16 | (40 * y) << 8 | 0x80;
            }
        }
        int[][] small = {{0xFF0000, 0x00FF00, 0x0000FF}, {0x102030, 0x405060, 0x708090}, {0x000000, 0xFFFFFF, 0x7F7F01}};
        int[][] blue = new int[4][4];
        for (int[] row : blue) {
            java.util.Arrays.fill(row, 0x0000FF);
        }
        NDArray batch = PictureLoader.load(manager, List.of(picture("wide.png", "png", wide),
                picture("small.png", "png", small), picture("blue.jpg", "jpg", blue)), 5);
        assertEquals(new Shape(3, 3, 5, 5), batch.getShape());
        float[] v = batch.toFloatArray();
        int image = 3 * 25;
        assertArrayEquals(resized(wide, 5), java.util.Arrays.copyOfRange(v, 0, image), BYTE_ROUNDING);
        assertArrayEquals(resized(small, 5), java.util.Arrays.copyOfRange(v, image, 2 * image), BYTE_ROUNDING);
        // JPEG is lossy: the blue picture is only nearly blue.
        assertEquals(0f, v[2 * image], 0.05f);
        assertEquals(1f, v[2 * image + 2 * 25], 0.05f);
    }

    @Test
    void leavesOnlyTheBatchOnTheManager() throws IOException {
        Path one = picture("one.png", "png", new int[][] {{0x123456, 0x654321}, {0, 0xFFFFFF}});
        BaseNDManager owner = (BaseNDManager) manager;
        int before = owner.getManagedArrays().size();
        PictureLoader.load(manager, List.of(one, one, one), 8);
        assertEquals(before + 1, owner.getManagedArrays().size());
    }

    @Test
    void namesTheFileThatCannotBeDecodedOrRead() throws IOException {
        Path good = picture("good.png", "png", new int[][] {{0}});
        Path corrupt = dir.resolve("corrupt.png");
        byte[] noise = new byte[200];
        new java.util.Random(3).nextBytes(noise);
        Files.write(corrupt, noise);
        UncheckedIOException e = assertThrows(UncheckedIOException.class,
                () -> PictureLoader.load(manager, List.of(good, corrupt), 4));
        assertTrue(e.getMessage().contains("cannot decode " + corrupt), e.getMessage());
        Path missing = dir.resolve("missing.jpg");
        e = assertThrows(UncheckedIOException.class, () -> PictureLoader.load(manager, List.of(missing), 4));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    }

    @Test
    void rejectsNoFilesAndASizeBelowOnePixel() throws IOException {
        Path good = picture("good.png", "png", new int[][] {{0}});
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> PictureLoader.load(manager, List.of(), 4));
        assertTrue(none.getMessage().contains("files"), none.getMessage());
        IllegalArgumentException size = assertThrows(IllegalArgumentException.class,
                () -> PictureLoader.load(manager, List.of(good), 0));
        assertTrue(size.getMessage().contains("size") && size.getMessage().contains("0"), size.getMessage());
    }
}
