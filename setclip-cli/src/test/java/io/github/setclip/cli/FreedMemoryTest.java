package io.github.setclip.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.setclip.train.FreedBufferProbe;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No path of the library reads freed memory under autograd. Every training configuration of
 * {@link ProbedRuns} runs twice, in two JVMs whose C library fills freed memory with a byte pattern
 * (its per-thread cache off, so every free is filled): once as usual, once with {@link
 * FreedBufferProbe} freeing every unreachable Java buffer before each backward pass. The first 30
 * steps' losses, the final parameters and {@code setclip loss}'s gradients must be bit-identical;
 * the canaries, which use DJL's unsafe idiom on purpose, must differ, or the check saw nothing.
 */
class FreedMemoryTest {

    private static final int STEPS = 30;

    @TempDir Path dir;

    private Process start(Path output, boolean probe) throws IOException {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classpath, "-Xmx768m", "-Dai.djl.offline=true", "-Dai.djl.pytorch.num_threads=1",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-D" + FreedBufferProbe.PROPERTY + "=" + probe,
                ProbedRuns.class.getName(), output.toString());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve((probe ? "probed" : "plain") + ".log").toFile());
        Map<String, String> env = builder.environment();
        env.put("GLIBC_TUNABLES", "glibc.malloc.tcache_count=0");
        env.put("MALLOC_PERTURB_", "165");
        return builder.start();
    }

    private void finish(Process process, String log) throws Exception {
        assertTrue(process.waitFor(15, TimeUnit.MINUTES), "hung: " + log);
        assertEquals(0, process.exitValue(), Files.readString(dir.resolve(log + ".log")));
    }

    @Test
    void everyTrainingPathGivesBitIdenticalResultsWhenFreedBuffersAreScribbledOver() throws Exception {
        Path plain = dir.resolve("plain");
        Path probed = dir.resolve("probed");
        Process first = start(plain, false);
        Process second = start(probed, true);
        finish(first, "plain");
        finish(second, "probed");

        List<String> status = Files.readAllLines(plain.resolve("status.txt"));
        assertEquals(status, Files.readAllLines(probed.resolve("status.txt")));
        for (String line : status) {
            String name = line.split(" ")[0];
            assertTrue(line.endsWith(" 0"), "failed: " + line);
            if (name.startsWith("loss")) {
                for (String file : List.of("dS.npy", "dT.npy")) {
                    assertArrayEquals(Files.readAllBytes(plain.resolve(name).resolve(file)),
                            Files.readAllBytes(probed.resolve(name).resolve(file)), name + " " + file);
                }
                continue;
            }
            List<String> plainSteps = steps(plain.resolve(name));
            assertTrue(plainSteps.size() >= STEPS, name + " ran only " + plainSteps.size() + " steps");
            assertEquals(plainSteps.subList(0, STEPS), steps(probed.resolve(name)).subList(0, STEPS), name);
            for (Path file : files(plain.resolve(name).resolve("model"))) {
                assertArrayEquals(Files.readAllBytes(file),
                        Files.readAllBytes(probed.resolve(name).resolve(plain.resolve(name).relativize(file))),
                        name + ": " + file.getFileName());
            }
        }
        assertFalse(java.util.Arrays.equals(Files.readAllBytes(plain.resolve("canary.npy")),
                Files.readAllBytes(probed.resolve("canary.npy"))),
                "the canaries read freed memory on purpose, yet their gradients did not change: "
                        + "the probe or the allocator settings no longer expose freed memory");
    }

    /** The step records' losses (every term), without what depends on the clock. */
    private static List<String> steps(Path run) throws IOException {
        List<String> steps = new ArrayList<>();
        for (String line : Files.readAllLines(run.resolve("metrics.jsonl"))) {
            JsonObject record = JsonParser.parseString(line).getAsJsonObject();
            if (record.get("type").getAsString().equals("step")) {
                record.remove("samples_per_s");
                steps.add(record.toString());
            }
        }
        return steps;
    }

    private static List<Path> files(Path folder) throws IOException {
        try (Stream<Path> all = Files.walk(folder)) {
            List<Path> files = all.filter(Files::isRegularFile).sorted().toList();
            assertFalse(files.isEmpty(), "no model files in " + folder);
            return files;
        }
    }
}
