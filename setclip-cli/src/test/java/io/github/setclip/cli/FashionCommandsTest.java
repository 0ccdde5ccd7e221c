package io.github.setclip.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** pretrain, eval and embed on Fashion-MNIST halves, from small IDX files the test writes. */
class FashionCommandsTest {

    @TempDir Path dir;

    @Test
    void pretrainEvalAndEmbedRunOnTheHalves() throws IOException {
        Path data = FashionFiles.write(dir.resolve("fm"), 400, 120);
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
