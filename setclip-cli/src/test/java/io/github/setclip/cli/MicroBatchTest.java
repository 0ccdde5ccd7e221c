package io.github.setclip.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --micro-batch K} with K below the batch: the seeded first step reports the unchunked
 * step's losses where the towers have no batch normalisation (Fashion-MNIST halves, feature rows;
 * dropout masks are the whole batch's), and a run whose picture tower has batch normalisation
 * (emoji) says that its chunks are normalised on their own.
 */
class MicroBatchTest {

    private static final String NOTE = "note: batches are embedded in chunks of 6 rows and a tower has batch"
            + " normalisation";

    @TempDir Path dir;

    private LossCommandTest.Run pretrain(String name, List<String> data, String... extra) {
        List<String> args = new ArrayList<>(List.of("pretrain"));
        args.addAll(data);
        args.addAll(List.of("--epochs", "1", "--batch-size", "16", "--warmup", "2", "--seed", "7",
                "--output", dir.resolve(name).toString()));
        args.addAll(List.of(extra));
        LossCommandTest.Run run = LossCommandTest.runWithConsole(args.toArray(String[]::new));
        assertEquals(0, run.status(), run.err());
        return run;
    }

    private JsonObject firstStep(String name) throws IOException {
        for (String line : Files.readAllLines(dir.resolve(name).resolve("metrics.jsonl"))) {
            JsonObject record = JsonParser.parseString(line).getAsJsonObject();
            if (record.get("type").getAsString().equals("step")) {
                return record;
            }
        }
        throw new AssertionError("no step in " + name);
    }

    private void assertSameFirstStep(String expectedRun, String actualRun) throws IOException {
        JsonObject expected = firstStep(expectedRun);
        JsonObject actual = firstStep(actualRun);
        for (String term : List.of("cl", "mmd", "sdd", "ssl", "total")) {
            double e = expected.get(term).getAsDouble();
            assertEquals(e, actual.get(term).getAsDouble(), 1e-5 * Math.max(1, Math.abs(e)), actualRun + " " + term);
        }
    }

    @Test
    void onFashionMnistHalvesTheChunkedFirstStepIsTheUnchunkedOne() throws IOException {
        List<String> data = List.of("--dataset", "fashion-mnist-halves", "--data-dir",
                FashionFiles.write(dir.resolve("fm"), 200, 40).toString(), "--limit", "96");
        pretrain("whole", data);
        LossCommandTest.Run chunked = pretrain("chunked", data, "--micro-batch", "6");
        assertFalse(chunked.out().contains("note:"), chunked.out());
        assertSameFirstStep("whole", "chunked");
    }

    @Test
    void onFeatureRowsTheChunkedFirstStepIsTheUnchunkedOne() throws IOException {
        List<String> data = new ArrayList<>(FeatureFiles.write(dir.resolve("data"), 120, 32, 24));
        data.addAll(List.of("--paired-fraction", "0.5"));
        pretrain("whole", data);
        LossCommandTest.Run chunked = pretrain("chunked", data, "--micro-batch", "6");
        assertFalse(chunked.out().contains("note:"), chunked.out());
        assertSameFirstStep("whole", "chunked");
    }

    @Test
    void anEmojiRunSaysThatItsPictureTowerNormalisesEachChunk() {
        LossCommandTest.Run chunked = pretrain("emoji", List.of("--limit", "48"), "--micro-batch", "6");
        assertTrue(chunked.out().contains(NOTE), chunked.out());
        LossCommandTest.Run whole = pretrain("emoji-whole", List.of("--limit", "48"));
        assertFalse(whole.out().contains("note:"), whole.out());
    }
}
