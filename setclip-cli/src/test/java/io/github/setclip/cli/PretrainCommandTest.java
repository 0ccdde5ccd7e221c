package io.github.setclip.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PretrainCommandTest {

    @TempDir Path dir;

    private void rejected(String fragment, String... args) {
        LossCommandTest.Run run = LossCommandTest.run(args);
        assertEquals(2, run.status(), run.err());
        assertTrue(run.err().contains(fragment), "'" + run.err() + "' should mention " + fragment);
    }

    @Test
    void outOfRangeFlagsAreUsageErrors() {
        rejected("--paired-fraction must be in [0, 1], got 2.0", "pretrain", "--paired-fraction", "2");
        rejected("--method must be setclip or one of [clip, hard-pl, nn-pairs, s-clip, soft-pl, two-stage], got simclr", "pretrain", "--method", "simclr");
        rejected("--batch-size must be >= 2, got 1", "pretrain", "--batch-size", "1");
        rejected("weight w_mmd", "pretrain", "--w-mmd", "-0.5");
        rejected("--paired-fraction must be > 0 for method clip", "pretrain", "--method", "clip", "--paired-fraction", "0");
        rejected("--resume needs --output", "pretrain", "--resume");
    }

    @Test
    void keywordWeightIsRefusedWhereCaptionsCarryNoKeywords() {
        rejected("--kw-weight applies where captions carry keywords", "pretrain", "--dataset",
                "fashion-mnist-halves", "--method", "s-clip", "--kw-weight", "0.3");
        rejected("fashion-mnist-halves has none", "experiment", "--dataset", "fashion-mnist-halves",
                "--recipes", "clip,pl", "--kw-weight", "0.3");
    }

    @Test
    void resumingAnEmptyFolderSaysWhereItLooked() throws java.io.IOException {
        Path empty = java.nio.file.Files.createDirectories(dir.resolve("nothing"));
        LossCommandTest.Run run = LossCommandTest.run("pretrain", "--resume", "--output", empty.toString());
        assertEquals(1, run.status(), run.err());
        assertTrue(run.err().contains("no checkpoint"), run.err());
    }

    @Test
    void anArgumentFileHoldsARunsOptionsAndTheCommandLineAddsToThem() throws java.io.IOException {
        Path args = java.nio.file.Files.writeString(dir.resolve("run.args"),
                "# Fashion-MNIST halves, 10% paired\n--dataset fashion-mnist-halves --paired-fraction 0.1\n"
                        + "--epochs 40\n");
        PretrainCommand command = (PretrainCommand) SetClip.commandLine()
                .parseArgs("pretrain", "@" + args, "--seed", "2").subcommand().commandSpec().userObject();
        PretrainCommand.Plan plan = command.plan();
        assertEquals("fashion-mnist-halves", plan.dataset().kind());
        assertEquals(0.1, plan.config().pairedFraction());
        assertEquals(40, plan.config().epochs());
        assertEquals(2, plan.config().seed());
        rejected("--epochs' (EPOCHS) should be specified only once", "pretrain", "@" + args, "--epochs", "2");
    }

    @Test
    void resumingAFolderThatDoesNotExistSaysSo() {
        Path missing = dir.resolve("does-not-exist");
        LossCommandTest.Run run = LossCommandTest.run("pretrain", "--resume", "--output", missing.toString());
        assertEquals(1, run.status(), run.err());
        assertEquals("setclip pretrain: error: --resume needs the run folder to continue; " + missing
                + " does not exist", run.err().strip());
        assertTrue(java.nio.file.Files.notExists(missing));
    }

    @Test
    void helpListsTheMainOptions() {
        LossCommandTest.Run run = LossCommandTest.run("pretrain", "--help");
        assertEquals(0, run.status());
        for (String option : new String[] {"--paired-fraction", "--method", "--resume", "--output"}) {
            assertTrue(run.out().contains(option), option);
        }
    }
}
