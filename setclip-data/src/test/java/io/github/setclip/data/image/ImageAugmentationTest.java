package io.github.setclip.data.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ImageAugmentationTest {

    private static NDManager root;
    private NDManager manager;
    private NDArray images;

    @BeforeAll
    static void open() {
        root = NDManager.newBaseManager();
    }

    @AfterAll
    static void close() {
        root.close();
    }

    @BeforeEach
    void batch() {
        manager = root.newSubManager();
        float[] data = new float[8 * 3 * 16 * 16];
        Random random = new Random(1);
        for (int i = 0; i < data.length; i++) {
            data[i] = 0.2f + 0.6f * random.nextFloat();
        }
        images = manager.create(data, new Shape(8, 3, 16, 16));
    }

    @AfterEach
    void free() {
        manager.close();
    }

    private static ImageAugmentation.Builder identity() {
        return ImageAugmentation.builder().optMinScale(1).optFlipProbability(0).optColorJitter(0, 0, 0);
    }

    @Test
    void withEveryStrengthAtZeroTheImagesAreUnchanged() {
        NDArray out = identity().build().apply(images, 3);
        assertArrayEquals(images.toFloatArray(), out.toFloatArray(), 0f);
        NDArray zeroProbabilities = ImageAugmentation.builder().optCropProbability(0).optFlipProbability(0)
                .optJitterProbability(0).build().apply(images, 3);
        assertArrayEquals(images.toFloatArray(), zeroProbabilities.toFloatArray(), 0f);
    }

    @Test
    void aCertainFlipMirrorsEveryImageExactly() {
        NDArray out = identity().optFlipProbability(1).build().apply(images, 3);
        float[] in = images.toFloatArray();
        float[] mirrored = new float[in.length];
        for (int row = 0; row < in.length / 16; row++) {
            for (int col = 0; col < 16; col++) {
                mirrored[row * 16 + col] = in[row * 16 + 15 - col];
            }
        }
        assertArrayEquals(mirrored, out.toFloatArray(), 0f);
    }

    @Test
    void flipTouchesOnlyTheSelectedImages() {
        boolean[] which = {true, false, false, true, false, false, false, false};
        NDArray out = ImageAugmentation.flip(images, which);
        for (int b = 0; b < 8; b++) {
            NDArray expected = which[b] ? images.get(b).flip(2) : images.get(b);
            assertArrayEquals(expected.toFloatArray(), out.get(b).toFloatArray(), 0f, "image " + b);
        }
    }

    @Test
    void brightnessJitterChangesTheMeanAndStaysInRange() {
        NDArray out = identity().optColorJitter(0.5, 0, 0).build().apply(images, 4);
        double moved = images.reshape(8, -1).mean(new int[] {1})
                .sub(out.reshape(8, -1).mean(new int[] {1})).abs().max().getFloat();
        assertTrue(moved > 0.01, "brightness jitter should move the means, moved " + moved);
        assertTrue(out.min().getFloat() >= 0 && out.max().getFloat() <= 1);
    }

    @Test
    void brightnessScalesAndClips() {
        float[] factors = {2, 0.5f, 1, 1, 1, 1, 1, 1};
        float[] ones = {1, 1, 1, 1, 1, 1, 1, 1};
        NDArray out = ImageAugmentation.jitter(images, factors, ones, ones);
        assertArrayEquals(images.get(0).mul(2).clip(0, 1).toFloatArray(), out.get(0).toFloatArray(), 1e-6f);
        assertArrayEquals(images.get(1).mul(0.5f).toFloatArray(), out.get(1).toFloatArray(), 1e-6f);
        assertArrayEquals(images.get(2).toFloatArray(), out.get(2).toFloatArray(), 0f);
    }

    @Test
    void contrastZeroGivesTheMeanGreyAndSaturationZeroGivesGrey() {
        float[] ones = {1, 1, 1, 1, 1, 1, 1, 1};
        float[] zeros = new float[8];
        NDArray flat = ImageAugmentation.jitter(images, ones, zeros, ones);
        float[] first = flat.get(0).toFloatArray();
        for (float v : first) {
            assertEquals(first[0], v, 1e-6f, "contrast 0 leaves one grey level");
        }
        NDArray grey = ImageAugmentation.jitter(images, ones, ones, zeros);
        NDArray channels = grey.get(0);
        assertArrayEquals(channels.get(0).toFloatArray(), channels.get(1).toFloatArray(), 1e-6f);
        assertArrayEquals(channels.get(0).toFloatArray(), channels.get(2).toFloatArray(), 1e-6f);
        assertArrayEquals(channels.get(0).toFloatArray(),
                ImageAugmentation.grayscale(images, new boolean[] {true, false, false, false, false, false, false, false})
                        .get(0).get(1).toFloatArray(), 1e-6f);
    }

    @Test
    void cropOfTheWholeImageIsExactlyTheImage() {
        NDArray out = ImageAugmentation.resizedCrop(images, new double[8][]);
        assertArrayEquals(images.toFloatArray(), out.toFloatArray(), 0f);
        double[][] boxes = new double[8][];
        boxes[0] = new double[] {0, 0, 16, 16};
        assertArrayEquals(images.toFloatArray(), ImageAugmentation.resizedCrop(images, boxes).toFloatArray(), 0f);
    }

    @Test
    void cropResizesTheBoxBilinearly() {
        // A ramp 0..7 along the width; the box [0, 4) stretched to 8 columns samples at 0.5 j - 0.25 (clamped at 0).
        float[] ramp = new float[3 * 8 * 8];
        for (int i = 0; i < ramp.length; i++) {
            ramp[i] = (i % 8) / 7f;
        }
        NDArray x = manager.create(ramp, new Shape(1, 3, 8, 8));
        NDArray out = ImageAugmentation.resizedCrop(x, new double[][] {{0, 0, 8, 4}});
        float[] row = out.get(0, 0, 3).toFloatArray();
        float[] expected = {0, 0.25f, 0.75f, 1.25f, 1.75f, 2.25f, 2.75f, 3.25f};
        for (int j = 0; j < 8; j++) {
            assertEquals(expected[j] / 7f, row[j], 1e-6f, "column " + j);
        }
    }

    @Test
    void randomResizedCropKeepsTheShapeChangesTheImageAndStaysInRange() {
        NDArray out = identity().optMinScale(0.3).build().apply(images, 5);
        assertEquals(images.getShape(), out.getShape());
        assertEquals(DataType.FLOAT32, out.getDataType());
        assertTrue(out.sub(images).abs().mean().getFloat() > 0.01f);
        assertTrue(out.min().getFloat() >= 0 && out.max().getFloat() <= 1);
    }

    @Test
    void cropBoxesStayInsideTheImageAndDifferPerImage() {
        ImageAugmentation crop = identity().optScale(0.3, 0.7).optRatio(0.5, 2).build();
        ImageAugmentation.Params params = crop.sample(64, 16, 24, new Random(2));
        for (double[] box : params.boxes) {
            double area = box[2] * box[3] / (16 * 24);
            assertTrue(box[0] >= 0 && box[0] + box[2] <= 16 + 1e-9, "vertical extent");
            assertTrue(box[1] >= 0 && box[1] + box[3] <= 24 + 1e-9, "horizontal extent");
            assertTrue(area >= 0.3 - 1e-9 && area <= 0.7 + 1e-9, "area share " + area);
            double ratio = box[3] / box[2];
            assertTrue(ratio >= 0.5 - 1e-9 && ratio <= 2 + 1e-9, "ratio " + ratio);
        }
        assertFalse(params.boxes[0][2] == params.boxes[1][2] && params.boxes[0][0] == params.boxes[1][0]);
    }

    @Test
    void defaultViewsStayInRangeAndLeaveTheInputAlone() {
        float[] before = images.toFloatArray();
        NDArray out = ImageAugmentation.builder().optGrayscaleProbability(0.5).build().apply(images, 6);
        assertTrue(out.min().getFloat() >= 0 && out.max().getFloat() <= 1);
        assertArrayEquals(before, images.toFloatArray(), 0f);
        assertEquals(images.getManager(), out.getManager());
    }

    @Test
    void onlyTheResultStaysInTheCallersManager() {
        BaseNDManager owner = (BaseNDManager) manager;
        int before = owner.getManagedArrays().size();
        ImageAugmentation.builder().optGrayscaleProbability(0.5).build().apply(images, 7);
        assertEquals(before + 1, owner.getManagedArrays().size());
    }

    @Test
    void theSameSeedGivesTheSameViewAndAnotherSeedAnother() {
        ImageAugmentation augmentation = ImageAugmentation.builder().build();
        assertArrayEquals(augmentation.apply(images, 9).toFloatArray(),
                augmentation.apply(images, 9).toFloatArray(), 0f);
        assertArrayEquals(augmentation.apply(images, 9).toFloatArray(),
                augmentation.apply(images, new Random(9)).toFloatArray(), 0f);
        assertTrue(augmentation.apply(images, 9).sub(augmentation.apply(images, 10))
                .abs().mean().getFloat() > 1e-3f);
    }

    @Test
    void badSettingsAndShapesAreRejected() {
        assertMessage("minScale must be in (0, 1], got 0.0", () -> ImageAugmentation.builder().optMinScale(0));
        assertMessage("scale must satisfy 0 < min <= max <= 1, got [0.8, 0.5]",
                () -> ImageAugmentation.builder().optScale(0.8, 0.5));
        assertMessage("ratio must satisfy 0 < min <= max, got [0.0, 2.0]",
                () -> ImageAugmentation.builder().optRatio(0, 2));
        assertMessage("flipProbability must be in [0, 1], got 1.5",
                () -> ImageAugmentation.builder().optFlipProbability(1.5));
        assertMessage("contrast must be in [0, 1], got -0.1",
                () -> ImageAugmentation.builder().optColorJitter(0.1, -0.1, 0));
        assertMessage("images must be (B, 3, H, W) with B, H, W >= 1, got (3, 16, 16)",
                () -> ImageAugmentation.builder().build().apply(manager.ones(new Shape(3, 16, 16)), 1));
        assertMessage("images must be float32, got float64",
                () -> ImageAugmentation.builder().build().apply(manager.ones(new Shape(1, 3, 4, 4), DataType.FLOAT64), 1));
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
        assertEquals(expected, assertThrows(IllegalArgumentException.class, call).getMessage());
    }
}
