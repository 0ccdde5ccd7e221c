package io.github.setclip.data.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ImageAugmentationTest {

    private static NDManager manager;
    private static NDArray images;

    @BeforeAll
    static void open() {
        manager = NDManager.newBaseManager();
        manager.getEngine().setRandomSeed(1);
        images = manager.randomUniform(0.2f, 0.8f, new Shape(8, 3, 16, 16));
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    private static ImageAugmentation.Builder identity() {
        return ImageAugmentation.builder().optMinScale(1).optFlipProbability(0).optColorJitter(0, 0, 0);
    }

    @Test
    void withEveryStrengthAtZeroTheImagesAreUnchanged() {
        NDArray out = identity().build().apply(images, 3);
        assertArrayEquals(images.toFloatArray(), out.toFloatArray(), 1e-6f);
    }

    @Test
    void aCertainFlipMirrorsEveryImageExactly() {
        NDArray out = identity().optFlipProbability(1).build().apply(images, 3);
        NDArray first = images.get(0);
        for (int col = 0; col < 16; col++) {
            assertArrayEquals(first.get(":, :, {}", 15 - col).toFloatArray(),
                    out.get(0).get(":, :, {}", col).toFloatArray(), 0f);
        }
    }

    @Test
    void brightnessJitterChangesTheMeanAndStaysInRange() {
        NDArray out = identity().optColorJitter(0.5, 0, 0).build().apply(images, 4);
        double before = images.reshape(8, -1).mean(new int[] {1})
                .sub(out.reshape(8, -1).mean(new int[] {1})).abs().max().getFloat();
        assertTrue(before > 0.01, "brightness jitter should move the means, moved " + before);
        assertTrue(out.min().getFloat() >= 0 && out.max().getFloat() <= 1);
    }

    @Test
    void randomResizedCropKeepsTheShapeAndChangesTheImage() {
        NDArray out = identity().optMinScale(0.3).build().apply(images, 5);
        assertEquals(images.getShape(), out.getShape());
        assertTrue(out.sub(images).abs().mean().getFloat() > 0.01f);
    }

    @Test
    void theSameSeedGivesTheSameViewAndAnotherSeedAnother() {
        ImageAugmentation augmentation = ImageAugmentation.builder().build();
        assertArrayEquals(augmentation.apply(images, 9).toFloatArray(),
                augmentation.apply(images, 9).toFloatArray(), 0f);
        assertTrue(augmentation.apply(images, 9).sub(augmentation.apply(images, 10))
                .abs().mean().getFloat() > 1e-3f);
    }

    @Test
    void badSettingsAndShapesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> ImageAugmentation.builder().optMinScale(0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ImageAugmentation.builder().build().apply(manager.ones(new Shape(3, 16, 16)), 1));
        assertTrue(e.getMessage().contains("(B, 3, H, W)"), e.getMessage());
    }
}
