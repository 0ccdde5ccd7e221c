package io.github.setclip.tasks.captions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import io.github.setclip.tasks.imagetext.ImageTextTowers;
import io.github.setclip.train.AlignmentTask;
import io.github.setclip.train.EmbeddedSplit;
import io.github.setclip.train.TrainingConfig;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A caption written for several pictures is one caption with several partners, in evaluation too. */
class SharedCaptionTest {

    @TempDir Path dir;

    @Test
    void aCaptionOfTwoValidationPicturesIsOneGalleryRowWithBothAsPartners() throws IOException {
        List<String> rows = new ArrayList<>(List.of("image,caption,split"));
        for (int i = 0; i < 6; i++) {
            BufferedImage picture = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
            picture.setRGB(i, i, 0xff0000);
            ImageIO.write(picture, "png", dir.resolve("p" + i + ".png").toFile());
        }
        rows.addAll(List.of("p0.png,a one,train", "p1.png,a two,train", "p2.png,a cat,val", "p3.png,a cat,val",
                "p4.png,a dog,test", "p5.png,a dog,test"));
        Files.write(dir.resolve("pairs.csv"), rows);
        try (AlignmentTask task = new CaptionsTask(dir.resolve("pairs.csv"), null, 8, false, null, 0, false,
                ImageTextTowers.BUILTIN); NDManager manager = NDManager.newBaseManager()) {
            task.prepare(dir.resolve("run"), true);
            EmbeddedSplit validation = task.embed(task.newModel(TrainingConfig.builder().build().newObjective(),
                    manager), manager, AlignmentTask.Split.VALIDATION);
            assertEquals(List.of("p2.png#0"), validation.tIds());
            assertArrayEquals(new int[][] {{0}, {0}}, validation.sPartners());
        }
    }
}
