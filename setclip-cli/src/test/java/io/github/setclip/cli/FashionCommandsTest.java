package io.github.setclip.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.setclip.data.idx.IdxFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** pretrain, eval and embed on Fashion-MNIST halves, from small IDX files the test writes. */
class FashionCommandsTest {

    @TempDir Path dir;

    /** Class c images are bright in row band c, so the halves of one image share their class. */
    private Path fixture(int train, int test) throws IOException {
        Path folder = dir.resolve("fm");
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

    @Test
    void pretrainEvalAndEmbedRunOnTheHalves() throws IOException {
        Path data = fixture(400, 120);
        Path run = dir.resolve("run");
        LossCommandTest.Run pretrain = LossCommandTest.run("pretrain", "--dataset", "fashion-mnist-halves",
                "--data-dir", data.toString(), "--epochs", "2", "--batch-size", "64", "--warmup", "2",
                "--output", run.toString());
        assertEquals(0, pretrain.status(), pretrain.err());
        assertTrue(pretrain.out().contains("S->T  R@1"), pretrain.out());
        assertTrue(pretrain.out().contains("peak heap"), pretrain.out());

        LossCommandTest.Run eval = LossCommandTest.run("eval", "--model", run.toString());
        assertEquals(0, eval.status(), eval.err());
        assertTrue(eval.out().contains("s2t_class_P@10"), eval.out());
        assertTrue(eval.out().contains("linear_probe_class"), eval.out());
        assertTrue(Files.exists(run.resolve("eval/pca_class.png")));
        assertTrue(Files.exists(run.resolve("eval/training_curves.png")));

        LossCommandTest.Run embed = LossCommandTest.run("embed", "--model", run.toString(),
                "--modality", "s", "--output", dir.resolve("emb").toString());
        assertEquals(0, embed.status(), embed.err());
        assertEquals(120, Files.readAllLines(dir.resolve("emb/left_half_ids.txt")).size());
        assertTrue(Files.exists(dir.resolve("emb/left_half.npy")));
    }

    @Test
    void missingDataSaysWhereItLookedAndHowToGetIt() {
        LossCommandTest.Run run = LossCommandTest.run("pretrain", "--dataset", "fashion-mnist-halves",
                "--data-dir", dir.resolve("empty").toString(), "--output", dir.resolve("r").toString());
        assertEquals(1, run.status(), run.err());
        assertTrue(run.err().contains(dir.resolve("empty").toString()), run.err());
        assertTrue(run.err().contains("dataset-fashion-mnist"), run.err());
    }
}
