package io.github.setclip.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands on run folders as a new user meets them: a damaged file read back, a broken file
 * given, a finished run resumed, a run that diverges. Each failure is one line naming the file,
 * with status 1 (2 for a flag).
 */
class RunFolderCommandsTest {

    @TempDir static Path shared;
    @TempDir Path dir;

    private static List<String> data;
    private static Path finished;

    @BeforeAll
    static void trainATinyRun() throws IOException {
        data = FeatureFiles.write(shared.resolve("data"), 40, 6, 5);
        finished = shared.resolve("run");
        LossCommandTest.Run run = pretrain(finished, "--epochs", "2", "--batch-size", "16", "--warmup", "1");
        assertEquals(0, run.status(), run.err());
    }

    private static LossCommandTest.Run pretrain(Path output, String... flags) {
        List<String> args = new ArrayList<>(List.of("pretrain"));
        args.addAll(data);
        args.addAll(List.of(flags));
        args.addAll(List.of("--output", output.toString()));
        return LossCommandTest.run(args.toArray(String[]::new));
    }

    private static Path copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : files.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
        return to;
    }

    private static void assertOneLine(LossCommandTest.Run run, String expected) {
        assertEquals(1, run.status(), run.err());
        assertEquals(expected, run.err().strip());
        assertFalse(run.err().strip().contains("\n"), "one line, no stack trace: " + run.err());
    }

    @Test
    void evalAndEmbedOnATruncatedConfigJsonSayWhichFileAndWhatIsWrong() throws IOException {
        Path run = Files.createDirectories(dir.resolve("run"));
        String config = Files.readString(finished.resolve("config.json"));
        Files.writeString(run.resolve("config.json"), config.substring(0, config.indexOf("\"training\"") + 14));
        LossCommandTest.Run eval = LossCommandTest.run("eval", "--model", run.toString());
        assertTrue(eval.err().startsWith("setclip eval: error: " + run.resolve("config.json")
                + " is not valid JSON: it ends at line "), eval.err());
        assertTrue(eval.err().strip().endsWith("(cut short?)"), eval.err());
        assertOneLine(eval, eval.err().strip());
        LossCommandTest.Run embed = LossCommandTest.run("embed", "--model", run.toString(), "--output",
                dir.resolve("emb").toString());
        assertOneLine(embed, eval.err().strip().replace("setclip eval:", "setclip embed:"));
    }

    @Test
    void evalAndEmbedOnAFolderThatDoesNotExistSaySoAndCreateNothing() {
        Path missing = dir.resolve("does-not-exist");
        assertOneLine(LossCommandTest.run("eval", "--model", missing.toString()), "setclip eval: error: "
                + missing + " does not exist (expected a run folder of setclip pretrain)");
        assertOneLine(LossCommandTest.run("embed", "--model", missing.toString(), "--output",
                dir.resolve("emb").toString()), "setclip embed: error: " + missing
                + " does not exist (expected a run folder of setclip pretrain)");
        assertFalse(Files.exists(missing));
        assertFalse(Files.exists(dir.resolve("emb")));
    }

    @Test
    void evalOnAFileSaysItIsNotARunFolder() throws IOException {
        Path file = Files.writeString(dir.resolve("notes.txt"), "hello");
        assertOneLine(LossCommandTest.run("eval", "--model", file.toString()), "setclip eval: error: "
                + file + " is a file, not a setclip run folder");
    }

    @Test
    void aPretrainThatCannotReadItsDataLeavesNoRunFolderBehind() {
        Path runs = dir.resolve("runs");
        Path run = runs.resolve("20260101-000000");
        LossCommandTest.Run failed = LossCommandTest.run("pretrain", "--dataset", "captions", "--captions",
                dir.resolve("missing.csv").toString(), "--output", run.toString());
        assertEquals(1, failed.status(), failed.err());
        assertTrue(failed.err().contains("missing.csv"), failed.err());
        assertFalse(Files.exists(runs), "no run folder, no .lock, no empty runs/");
    }

    @Test
    void anExperimentThatCannotReadItsDataLeavesNoFolderBehind() {
        Path experiment = dir.resolve("exp");
        LossCommandTest.Run failed = LossCommandTest.run("experiment", "--dataset", "captions", "--captions",
                dir.resolve("missing.csv").toString(), "--seeds", "1", "--output", experiment.toString());
        assertEquals(1, failed.status(), failed.err());
        assertFalse(Files.exists(experiment), "no experiment folder, no run folder in it");
    }

    @Test
    void aFailedStartInAFolderTheUserMadeKeepsWhatWasThereAndRemovesWhatItAdded() throws IOException {
        Path run = Files.createDirectories(dir.resolve("mine"));
        Files.writeString(run.resolve("notes.txt"), "my notes");
        LossCommandTest.Run failed = LossCommandTest.run("pretrain", "--dataset", "captions", "--captions",
                dir.resolve("missing.csv").toString(), "--output", run.toString());
        assertEquals(1, failed.status(), failed.err());
        try (Stream<Path> left = Files.list(run)) {
            assertEquals(List.of(run.resolve("notes.txt")), left.toList());
        }
        assertEquals("my notes", Files.readString(run.resolve("notes.txt")));
    }

    @Test
    void evalOnARunWhoseModelWasCutShortNamesTheModelFileAndWritesNothing() throws IOException {
        Path run = copy(finished, dir.resolve("run"));
        Path params = run.resolve("model/model.params");
        byte[] bytes = Files.readAllBytes(params);
        Files.write(params, java.util.Arrays.copyOf(bytes, bytes.length / 3));
        assertOneLine(LossCommandTest.run("eval", "--model", run.toString(), "--no-probe"), "setclip eval: error: "
                + params + " is damaged: it ends before every parameter was read (cut short?)");
        assertFalse(Files.exists(run.resolve("eval")), "no empty report folder after a failed start");
    }

    @Test
    void evalStillDrawsTheTrainingCurvesWhenAKillCutTheLastMetricsLineShort() throws IOException {
        Path run = copy(finished, dir.resolve("run"));
        Files.writeString(run.resolve("metrics.jsonl"), "{\"type\":\"step\",\"epoch\":3,\"step\":7,\"lr\":0.0",
                StandardOpenOption.APPEND);
        LossCommandTest.Run eval = LossCommandTest.run("eval", "--model", run.toString(), "--no-probe",
                "--output", dir.resolve("eval").toString());
        assertEquals(0, eval.status(), eval.err());
        assertTrue(Files.size(dir.resolve("eval/training_curves.png")) > 0);
    }

    @Test
    void aBrokenTokenizerIsReportedUnderTheNameTheUserGave() throws IOException {
        Path mine = dir.resolve("MINE.json");
        Files.writeString(mine, "{\"model\": {\"type\": \"WordLevel\", \"vocab\": {\"[PAD]\": 0, \"[UNK]\"");
        LossCommandTest.Run run = LossCommandTest.run("pretrain", "--tokenizer", mine.toString(), "--limit", "16",
                "--epochs", "1", "--output", dir.resolve("run").toString());
        assertOneLine(run, "setclip pretrain: error: --tokenizer " + mine
                + " is not valid JSON: it ends at line 1 column 62 (cut short?)");
        assertFalse(Files.exists(dir.resolve("run/tokenizer/tokenizer.json")));
    }

    @Test
    void resumingAFinishedRunSaysSoAndExitsZero() throws IOException {
        Path run = copy(finished, dir.resolve("run"));
        LossCommandTest.Run resumed = LossCommandTest.runWithConsole("pretrain", "--output", run.toString(), "--resume");
        assertEquals(0, resumed.status(), resumed.err());
        assertTrue(resumed.out().contains(run + " already finished (2 epochs); nothing to resume"), resumed.out());
    }

    @Test
    void aResumedRunKeepsItsSettingsExceptTheLearningRateGradientClipAndCheckpointInterval() throws IOException {
        Path run = copy(finished, dir.resolve("run"));
        LossCommandTest.Run changed = LossCommandTest.run("pretrain", "--output", run.toString(), "--resume",
                "--batch-size", "8");
        assertEquals(2, changed.status(), changed.err());
        assertTrue(changed.err().startsWith("--batch-size cannot change when resuming: " + run + " keeps the"
                + " settings in its config.json (with --resume, only --lr, --grad-clip, --checkpoint-every,"
                + " --micro-batch, --devices and --threads may be given)"), changed.err());
    }

    @Test
    void aDivergingRunNamesWhereAndSaysHowToResumeWithALowerLearningRate() throws IOException {
        Path run = dir.resolve("diverging");
        LossCommandTest.Run diverged = pretrain(run, "--epochs", "2", "--batch-size", "16", "--lr", "1e8");
        assertEquals(1, diverged.status(), diverged.err());
        assertTrue(diverged.err().contains("NaN or infinite at epoch 1, global step "), diverged.err());
        assertTrue(diverged.err().strip().endsWith("resume it with a lower learning rate, or check the inputs (e.g."
                + " setclip pretrain --output " + run + " --resume --lr 50000000)"), diverged.err());
        LossCommandTest.Run resumed = LossCommandTest.runWithConsole("pretrain", "--output", run.toString(), "--resume",
                "--lr", "1e-3");
        assertEquals(0, resumed.status(), "the hint works: " + resumed.err());
        assertTrue(resumed.out().contains("no checkpoint in " + run.resolve("checkpoints") + " yet: the run starts from"
                + " the beginning"), resumed.out());
    }
}
