package io.github.setclip.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The way runs fail: a real {@code setclip pretrain} process, killed with SIGKILL in the middle of
 * a step, while a checkpoint is being written, at an epoch's end and just after an epoch's
 * checkpoint (epoch 2's, or the last one when that was already written), resumed each time with
 * {@code --resume}, ends with the metrics and the model of the run that was never interrupted, bit
 * for bit. While a run trains, a second process on its folder is refused; a killed one leaves no
 * lock behind (every resume takes it).
 */
class KillAndResumeTest {

    private static final Duration PATIENCE = Duration.ofMinutes(3);
    private static final int EPOCHS = 3;

    @TempDir Path dir;

    private List<String> data;

    private List<String> fresh(Path run) {
        List<String> args = new ArrayList<>(List.of("pretrain"));
        args.addAll(data);
        args.addAll(List.of("--epochs", String.valueOf(EPOCHS), "--batch-size", "16", "--warmup", "2",
                "--checkpoint-every", "5", "--output", run.toString()));
        return args;
    }

    private static List<String> resume(Path run) {
        return List.of("pretrain", "--output", run.toString(), "--resume");
    }

    /** {@code java -cp <the tests' classpath> io.github.setclip.cli.SetClip ARGS}, output to a log. */
    private Process start(List<String> args, String log) throws IOException {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", classpath,
                "-Dai.djl.offline=true", "-Dai.djl.pytorch.num_threads=1", "-Xmx512m",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", SetClip.class.getName()));
        command.addAll(args);
        File output = dir.resolve(log + ".log").toFile();
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output).start();
    }

    private int finish(Process process, String log) throws Exception {
        assertTrue(process.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS), "hung: " + log);
        return process.exitValue();
    }

    /** Waits until the condition holds on the run folder while the process runs. */
    private static void await(Process process, Path run, Predicate<Path> condition, String what) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.test(run)) {
            assertTrue(process.isAlive(), "the run ended before " + what);
            assertTrue(System.nanoTime() < deadline, "never saw " + what);
            LockSupport.parkNanos(100_000); // a checkpoint takes milliseconds to write: poll faster
        }
    }

    /** Waits until the condition holds on the run folder, then SIGKILLs the process. */
    private static void killWhen(Process process, Path run, Predicate<Path> condition, String what)
            throws InterruptedException {
        await(process, run, condition, what);
        process.destroyForcibly(); // SIGKILL on Linux
        assertTrue(process.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS));
    }

    private static List<String> lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file) : List.of();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static long count(Path run, String type) {
        String marker = "\"type\":\"" + type + "\"";
        return lines(run.resolve("metrics.jsonl")).stream().filter(l -> l.contains(marker)).count();
    }

    private static boolean anyEntry(Path folder, Predicate<String> name) {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.anyMatch(p -> name.test(p.getFileName().toString()));
        } catch (IOException e) {
            return false;
        }
    }

    /** Every metrics record without what depends on the clock or the process (speed, time, memory). */
    private static List<String> records(Path run) throws IOException {
        List<String> records = new ArrayList<>();
        for (String line : Files.readAllLines(run.resolve("metrics.jsonl"))) {
            JsonObject record = JsonParser.parseString(line).getAsJsonObject();
            for (String volatileKey : List.of("samples_per_s", "seconds", "peak_heap_mb", "peak_rss_mb")) {
                record.remove(volatileKey);
            }
            records.add(record.toString());
        }
        return records;
    }

    @Test
    void aRunKilledAtAnyPointAndResumedEndsBitForBitAsTheUninterruptedRun() throws Exception {
        data = FeatureFiles.write(dir.resolve("data"), 240, 64, 48);
        Path straight = dir.resolve("straight");
        Path killed = dir.resolve("killed");

        OfflineEngine.pytorch(); // loaded now, so that the second process below is refused at once
        Process uninterrupted = start(fresh(straight), "straight");
        await(uninterrupted, straight, run -> count(run, "step") >= 2, "the first steps");
        LossCommandTest.Run second = LossCommandTest.run(resume(straight).toArray(String[]::new));
        assertEquals("setclip pretrain: error: " + straight + " is in use by another setclip process (pid "
                + uninterrupted.pid() + "); wait for it to end, or use another run folder", second.err().strip());
        assertEquals(0, finish(uninterrupted, "straight"), Files.readString(dir.resolve("straight.log")));
        int perEpoch = (int) (count(straight, "step") / EPOCHS);

        Process first = start(fresh(killed), "first");
        killWhen(first, killed, run -> count(run, "step") >= 7, "step 7");

        boolean caughtMidWrite = false;
        for (int attempt = 0; attempt < 3 && !caughtMidWrite; attempt++) {
            Process saving = start(resume(killed), "saving" + attempt);
            killWhen(saving, killed, run -> anyEntry(run.resolve("checkpoints"), n -> n.startsWith(".partial-")),
                    "a checkpoint being written");
            caughtMidWrite = anyEntry(killed.resolve("checkpoints"), n -> n.startsWith(".partial-"));
        }
        assertTrue(caughtMidWrite, "killed while a checkpoint was half written, at least once in three tries");

        Process epochEnd = start(resume(killed), "epoch-end");
        killWhen(epochEnd, killed, run -> count(run, "epoch") >= 2, "the end of epoch 2");

        String epochTwo = String.format("step-%010d", 2L * perEpoch);
        int epoch = anyEntry(killed.resolve("checkpoints"), epochTwo::equals) ? 3 : 2;
        String epochCheckpoint = String.format("step-%010d", (long) epoch * perEpoch);
        Process afterCheckpoint = start(resume(killed), "after-checkpoint");
        killWhen(afterCheckpoint, killed, run -> anyEntry(run.resolve("checkpoints"), epochCheckpoint::equals),
                "epoch " + epoch + "'s checkpoint (the last one: before the final model and summary)");

        Process last = start(resume(killed), "last");
        assertEquals(0, finish(last, "last"), Files.readString(dir.resolve("last.log")));
        for (String log : List.of("saving0", "epoch-end", "after-checkpoint", "last")) {
            String printed = Files.readString(dir.resolve(log + ".log"));
            assertTrue(printed.contains("resuming at step "), log + " continued from a checkpoint: " + printed);
            System.out.println(log + ": "
                    + printed.replaceAll("(?s).*(resuming at step \\d+ \\(epoch \\d+\\)).*", "$1"));
        }

        List<String> expected = records(straight);
        List<String> actual = records(killed);
        for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
            assertEquals(expected.get(i), actual.get(i), "metrics.jsonl line " + (i + 1));
        }
        assertEquals(expected.size(), actual.size(), "every step, epoch and validation record");
        assertEquals((long) EPOCHS * perEpoch, count(killed, "step"));
        assertArrayEquals(Files.readAllBytes(straight.resolve("model/model.params")),
                Files.readAllBytes(killed.resolve("model/model.params")), "the final model, byte for byte");
    }
}
