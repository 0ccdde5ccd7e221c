package io.github.setclip.cli;

import io.github.setclip.data.idx.IdxFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * Small Fashion-MNIST IDX files the tests write: class c images are bright in row band c, so the
 * halves of one image share their class.
 */
final class FashionFiles {

    private FashionFiles() {}

    /**
     * Writes train and test images and labels into a folder.
     *
     * @return the folder, for {@code --data-dir}
     */
    static Path write(Path folder, int train, int test) throws IOException {
        Files.createDirectories(folder);
        Random random = new Random(5);
        write(folder, "train", train, random);
        write(folder, "t10k", test, random);
        return folder;
    }

    private static void write(Path folder, String prefix, int count, Random random) throws IOException {
        byte[] pixels = new byte[count * 784];
        byte[] labels = new byte[count];
        for (int i = 0; i < count; i++) {
            labels[i] = (byte) random.nextInt(10);
            for (int p = 0; p < 784; p++) {
                int row = p / 28;
                int value = (row / 3 == labels[i] ? 200 : 20) + random.nextInt(40);
                pixels[i * 784 + p] = (byte) value;
            }
        }
        IdxFile.writeImages(folder.resolve(prefix + "-images-idx3-ubyte.gz"),
                new IdxFile.Images(count, 28, 28, pixels), true);
        IdxFile.writeLabels(folder.resolve(prefix + "-labels-idx1-ubyte.gz"), labels, true);
    }
}
