package io.github.setclip.data.captions;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/** Pictures and text files the caption tests write into their temporary folder. */
final class CaptionFixtures {

    private CaptionFixtures() {}

    /** img/a.png, img/b.png, img/c.png (8 x 6), img/d.jpg, and img/corrupt.png (random bytes). */
    static void pictures(Path dir) throws IOException {
        Path img = Files.createDirectories(dir.resolve("img"));
        for (String name : new String[] {"a", "b", "c"}) {
            ImageIO.write(new BufferedImage(8, 6, BufferedImage.TYPE_INT_RGB), "png", img.resolve(name + ".png").toFile());
        }
        ImageIO.write(new BufferedImage(5, 5, BufferedImage.TYPE_INT_RGB), "jpg", img.resolve("d.jpg").toFile());
        byte[] noise = new byte[200];
        new java.util.Random(3).nextBytes(noise);
        Files.write(img.resolve("corrupt.png"), noise);
    }

    static Path write(Path dir, String name, String... lines) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, List.of(lines), StandardCharsets.UTF_8);
        return file;
    }
}
