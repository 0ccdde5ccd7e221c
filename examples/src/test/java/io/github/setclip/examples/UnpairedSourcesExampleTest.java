package io.github.setclip.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The unpaired-sources example indexes a user's layout and trains one short run on it. */
class UnpairedSourcesExampleTest {

    @TempDir Path dir;

    @Test
    void theExampleIndexesPairsPicturesAndTextsThenTrains() throws Exception {
        List<String> rows = new ArrayList<>(List.of("image,caption"));
        Files.createDirectories(dir.resolve("img"));
        Files.createDirectories(dir.resolve("photos/sub"));
        for (int i = 0; i < 20; i++) {
            BufferedImage picture = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
            picture.setRGB(i % 8, i / 8, 0xffffff);
            ImageIO.write(picture, "png", dir.resolve("img/p" + i + ".png").toFile());
            ImageIO.write(picture, "png", dir.resolve("photos/sub/u" + i + ".png").toFile());
            rows.add("img/p" + i + ".png,a dot at " + i);
        }
        Files.write(dir.resolve("pairs.csv"), rows);
        Files.write(dir.resolve("texts.txt"), List.of("a dot somewhere", "", "two dots"));
        PrintStream previous = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            UnpairedSourcesExample.main(new String[] {dir.resolve("pairs.csv").toString(),
                dir.resolve("photos").toString(), dir.resolve("texts.txt").toString(), dir.resolve("run").toString()});
        } finally {
            System.setOut(previous);
        }
        String printed = out.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("20 pairs, unpaired: 20 pictures, 2 texts"), printed);
        assertTrue(printed.contains("trained 1 steps"), printed);
    }
}
