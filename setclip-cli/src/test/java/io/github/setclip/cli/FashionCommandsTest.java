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

    @Test
    void aChosenSecondViewTrainsIsRecordedAndIsKeptOnResume() throws IOException {
        Path data = FashionFiles.write(dir.resolve("fm"), 300, 60);
        Path run = dir.resolve("views");
        LossCommandTest.Run pretrain = LossCommandTest.run("pretrain", "--dataset", "fashion-mnist-halves",
                "--data-dir", data.toString(), "--fashion-view", "erase+shift", "--epochs", "1",
                "--batch-size", "64", "--warmup", "1", "--output", run.toString());
        assertEquals(0, pretrain.status(), pretrain.err());
        String config = Files.readString(run.resolve("config.json"));
        assertTrue(config.contains("\"fashion_view\": \"shift+erase\""), config);
        assertTrue(config.contains("\"second_view\": \"shift+erase\""), config);

        LossCommandTest.Run again = LossCommandTest.run("pretrain", "--resume", "--output", run.toString(),
                "--fashion-view", "crop");
        assertEquals(2, again.status(), again.err());
    }

    @Test
    void aSecondViewIsRefusedWhereNothingWouldUseIt() {
        LossCommandTest.Run clip = LossCommandTest.run("pretrain", "--dataset", "fashion-mnist-halves",
                "--method", "clip", "--fashion-view", "shift", "--output", dir.resolve("c").toString());
        assertEquals(2, clip.status(), clip.err());
        assertTrue(clip.err().contains("--fashion-view would change nothing here: SSL is off"), clip.err());

        LossCommandTest.Run emoji = LossCommandTest.run("pretrain", "--fashion-view", "shift",
                "--output", dir.resolve("e").toString());
        assertEquals(2, emoji.status(), emoji.err());
        assertTrue(emoji.err().contains("--fashion-view does not apply to --dataset emoji"), emoji.err());

        LossCommandTest.Run typo = LossCommandTest.run("pretrain", "--dataset", "fashion-mnist-halves",
                "--fashion-view", "shift+blur", "--output", dir.resolve("t").toString());
        assertEquals(2, typo.status(), typo.err());
        assertTrue(typo.err().lines().findFirst().orElseThrow().startsWith(
                "--fashion-view must be operations joined by + from crop, shift, erase, jitter"), typo.err());
        assertTrue(Files.notExists(dir.resolve("t")));
    }
}
