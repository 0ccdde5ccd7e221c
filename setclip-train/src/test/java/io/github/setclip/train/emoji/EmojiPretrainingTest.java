package io.github.setclip.train.emoji;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.setclip.losses.LossWeights;
import io.github.setclip.train.Trainer;
import io.github.setclip.train.TrainingConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmojiPretrainingTest {

    @TempDir Path dir;

    @Test
    void aShortRunOnASubsetLearnsAndBeatsChanceRetrieval() throws IOException {
        TrainingConfig config = new TrainingConfig("setclip", 3, 64, 1 / 3.0, 1e-3, 0.05, 5, 1.0, 1,
                LossWeights.DEFAULTS, 1.0, 0.05);
        Path run = dir.resolve("run");
        Trainer.Summary summary = EmojiPretraining.run(config, run, null, false,
                new PrintStream(OutputStream.nullOutputStream()), 512);

        List<Double> totals = Files.readAllLines(run.resolve("metrics.jsonl")).stream()
                .map(line -> ai.djl.util.JsonUtils.GSON.fromJson(line, Map.class))
                .filter(r -> "step".equals(r.get("type")))
                .map(r -> ((Number) r.get("total")).doubleValue())
                .collect(Collectors.toList());
        int third = totals.size() / 3;
        double first = totals.subList(0, third).stream().mapToDouble(d -> d).average().orElseThrow();
        double last = totals.subList(totals.size() - third, totals.size()).stream()
                .mapToDouble(d -> d).average().orElseThrow();
        assertTrue(last < first, "loss should fall: " + first + " -> " + last);

        double chance = 10 / 190.0; // 190 validation captions
        double recall = summary.lastValidation().get("i2t_R@10");
        assertTrue(recall > 1.5 * chance, "i2t R@10 " + recall + " vs chance " + chance);
        assertTrue(Files.exists(run.resolve("model/model.params")));
        assertTrue(Files.exists(run.resolve("model/tokenizer.json")));
        assertTrue(Files.readString(run.resolve("config.json")).contains("\"split_seed\""));
    }
}
