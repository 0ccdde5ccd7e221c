package io.github.setclip.tasks.emoji;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.setclip.tasks.Pretraining;
import io.github.setclip.train.TrainerOptions;
import io.github.setclip.train.TrainingConfig;
import io.github.setclip.train.TrainingSummary;
import io.github.setclip.train.listener.EarlyStopping;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmojiTaskTest {

    @TempDir Path dir;

    @Test
    void aShortRunOnASubsetLearnsAndBeatsChanceRetrieval() throws IOException {
        TrainingConfig config = TrainingConfig.builder().optEpochs(3).optBatchSize(64).optWarmUpSteps(5)
                .build();
        Path run = dir.resolve("run");
        TrainingSummary summary;
        try (EmojiTask task = new EmojiTask(null, 512)) {
            summary = Pretraining.builder().setTask(task).setConfig(config).setRunDirectory(run)
                    .optTrainer(TrainerOptions.DEFAULTS.withProgressBar(false)
                            .withEarlyStopping(new EarlyStopping(Pretraining.SCORE, 5, 0))).build().run();
        }

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
        assertTrue(Files.exists(run.resolve("tokenizer/tokenizer.json")));
        assertTrue(Files.exists(run.resolve("best/model.params")));
        assertTrue(summary.best() != null && summary.best().epoch() >= 1);
        List<Map<?, ?>> epochs = Files.readAllLines(run.resolve("metrics.jsonl")).stream()
                .map(line -> (Map<?, ?>) ai.djl.util.JsonUtils.GSON.fromJson(line, Map.class))
                .filter(r -> "epoch".equals(r.get("type")))
                .collect(Collectors.toList());
        assertTrue(epochs.size() == 3, "one diagnostics record per epoch");
        for (String term : new String[] {"cl", "mmd", "sdd", "ssl"}) {
            double norm = ((Number) epochs.get(2).get("grad_norm_" + term)).doubleValue();
            assertTrue(norm > 0 && Double.isFinite(norm), term + " pulls on the embeddings: " + norm);
        }
        double weights = 0;
        for (int k = 0; k < 6; k++) {
            weights += ((Number) epochs.get(2).get("kernel_weight_" + k)).doubleValue();
        }
        assertTrue(Math.abs(weights - 1) < 1e-6, "kernel weights are a softmax: " + weights);
        assertTrue(Files.readString(run.resolve("config.json")).contains("\"split_seed\""));
    }
}
