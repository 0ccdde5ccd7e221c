package io.github.setclip.data.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The next batch's pictures decoded ahead: the same pixels, a bounded hold, errors named. */
class PicturePrefetchTest {

    @TempDir Path dir;

    private List<Path> pictures(int n) throws IOException {
        Random random = new Random(3);
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            BufferedImage image = new BufferedImage(9 + i, 7, BufferedImage.TYPE_INT_RGB);
            for (int x = 0; x < image.getWidth(); x++) {
                for (int y = 0; y < image.getHeight(); y++) {
                    image.setRGB(x, y, random.nextInt(1 << 24));
                }
            }
            Path file = dir.resolve("p" + i + ".png");
            ImageIO.write(image, "png", file.toFile());
            files.add(file);
        }
        return files;
    }

    @Test
    void aPrefetchedBatchIsTheBatchDecodedOnTheSpot() throws IOException {
        List<Path> files = pictures(6);
        try (NDManager manager = NDManager.newBaseManager(); PicturePrefetch prefetch = new PicturePrefetch()) {
            prefetch.request(files.subList(0, 4));
            float[] ahead = PictureLoader.load(manager, files.subList(0, 4), 8, prefetch::take).toFloatArray();
            float[] now = PictureLoader.load(manager, files.subList(0, 4), 8).toFloatArray();
            assertArrayEquals(now, ahead);
            // A file never requested is decoded on the spot.
            assertArrayEquals(PictureLoader.load(manager, files.subList(4, 6), 8).toFloatArray(),
                    PictureLoader.load(manager, files.subList(4, 6), 8, prefetch::take).toFloatArray());
        }
    }

    @Test
    void onlyTheLatestRequestsPicturesAreHeld() throws IOException {
        List<Path> files = pictures(6);
        try (PicturePrefetch prefetch = new PicturePrefetch(2)) {
            prefetch.request(files.subList(0, 2));
            prefetch.request(files.subList(2, 4));
            assertEquals(4, prefetch.held());
            prefetch.request(files.subList(4, 6));
            assertEquals(4, prefetch.held(), "the first batch's pictures are let go");
            prefetch.request(files.subList(4, 6));
            assertEquals(2, prefetch.held());
        }
    }

    @Test
    void anUnreadablePictureIsNamedWhenItIsTaken() throws IOException {
        Path broken = Files.writeString(dir.resolve("broken.png"), "not a picture");
        try (PicturePrefetch prefetch = new PicturePrefetch()) {
            prefetch.request(List.of(broken));
            UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> prefetch.take(broken));
            assertTrue(e.getMessage().contains(broken.toString()), e.getMessage());
        }
    }
}
