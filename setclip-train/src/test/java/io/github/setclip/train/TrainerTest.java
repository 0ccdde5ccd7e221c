package io.github.setclip.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.setclip.core.ProjectionHead;
import io.github.setclip.core.Towers;
import io.github.setclip.core.TwoStreamModel;
import io.github.setclip.core.encoders.MlpEncoder;
import io.github.setclip.data.batch.MixedBatchSampler;
import io.github.setclip.data.batch.SemiPairedPools;
import io.github.setclip.losses.SetClipObjective;
import io.github.setclip.train.listener.EarlyStopping;
import io.github.setclip.train.session.EpochRecord;
import io.github.setclip.train.session.TrainingListener;
import io.github.setclip.train.session.TrainingSession;
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

class TrainerTest {

    private static final SyntheticPairs DATA = new SyntheticPairs(96, 6, 12, 10, 5);
    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    @TempDir Path dir;

    static TrainingConfig config(int epochs) {
        return TrainingConfig.builder().optEpochs(epochs).optBatchSize(16).optPairedFraction(0.5)
                .optLearningRate(3e-3).optWeightDecay(0.01).optWarmUpSteps(2).optSeed(11).build();
    }

    /** Model, objective and sampler built from scratch, as a fresh process would. */
    private record Parts(TwoStreamModel model, SetClipObjective objective, MixedBatchSampler sampler) {}

    private static Parts parts(NDManager manager, TrainingConfig config) {
        Engine.getInstance().setRandomSeed(42);
        SetClipObjective objective = config.newObjective();
        TwoStreamModel model = new TwoStreamModel(
                Towers.of(MlpEncoder.build(0.1f, 32, 32), ProjectionHead.build(16, 0.1f)), 1,
                Towers.of(MlpEncoder.build(0.1f, 32, 32), ProjectionHead.build(16, 0.1f)),
                objective);
        model.initialize(manager, DataType.FLOAT32,
                new Shape[] {new Shape(16, 12)}, new Shape[] {new Shape(16, 10)});
        SemiPairedPools pools = SemiPairedPools.builder().setNumItems(96)
                .setPairedFraction(config.pairedFraction()).optSeed(config.seed()).build();
        MixedBatchSampler sampler = MixedBatchSampler.builder().setPools(pools)
                .setBatchSize(config.batchSize()).optPairedFraction(config.pairedFraction())
                .optSeed(config.seed()).build();
        return new Parts(model, objective, sampler);
    }

    static AlignmentTrainer.Builder builder(NDManager manager, TrainingConfig config, Path run) {
        Parts p = parts(manager, config);
        return AlignmentTrainer.builder().setConfig(config).setModel(p.model()).setSampler(p.sampler())
                .setInputs(DATA.input(DATA.s), DATA.input(DATA.t)).setRunDirectory(run)
                .optConsole(QUIET).optProgressBar(false);
    }

    static AlignmentTrainer trainer(NDManager manager, TrainingConfig config, Path run) {
        return builder(manager, config, run).build();
    }

    static List<Double> totals(Path run) throws IOException {
        return Files.readAllLines(run.resolve("metrics.jsonl")).stream()
                .map(line -> ai.djl.util.JsonUtils.GSON.fromJson(line, Map.class))
                .filter(r -> "step".equals(r.get("type")))
                .map(r -> ((Number) r.get("total")).doubleValue())
                .collect(Collectors.toList());
    }

    @Test
    void theLossFallsAndTheNewestThreeEpochsKeepACheckpoint() throws IOException {
        try (NDManager manager = NDManager.newBaseManager()) {
            Path run = dir.resolve("run");
            trainer(manager, config(4), run).train(manager, false);
            List<Double> totals = totals(run);
            int perEpoch = totals.size() / 4;
            double first = totals.subList(0, perEpoch).stream().mapToDouble(d -> d).average().orElseThrow();
            double last = totals.subList(totals.size() - perEpoch, totals.size()).stream()
                    .mapToDouble(d -> d).average().orElseThrow();
            assertTrue(last < 0.8 * first, "loss should fall: first epoch " + first + ", last " + last);
            for (int e = 2; e <= 4; e++) {
                Path checkpoint = run.resolve(String.format("checkpoints/step-%010d", e * perEpoch));
                assertTrue(Files.exists(checkpoint.resolve("model.params")), checkpoint.toString());
                assertTrue(Files.exists(checkpoint.resolve("optimizer.bin")), checkpoint.toString());
            }
            assertTrue(!Files.exists(run.resolve(String.format("checkpoints/step-%010d", perEpoch))),
                    "only the newest 3 are kept");
        }
    }

    @Test
    void aResumedRunContinuesWithTheSameLossesAsAnUninterruptedOne() throws IOException {
        Path straight = dir.resolve("straight");
        Path interrupted = dir.resolve("interrupted");
        try (NDManager manager = NDManager.newBaseManager()) {
            trainer(manager, config(3), straight).train(manager, false);
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            AlignmentTrainer killedAfterOneEpoch = builder(manager, config(3), interrupted)
                    .addListener(new TrainingListener() {
                        @Override
                        public void onEpochEnd(TrainingSession session, EpochRecord epoch) {
                            throw new IllegalStateException("killed");
                        }
                    }).build();
            assertThrows(IllegalStateException.class, () -> killedAfterOneEpoch.train(manager, false));
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            trainer(manager, config(3), interrupted).train(manager, true);
        }
        List<Double> expected = totals(straight);
        List<Double> actual = totals(interrupted);
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i), actual.get(i), 1e-5 * Math.abs(expected.get(i)),
                    "step " + (i + 1));
        }
    }

    @Test
    void resumingWithoutACheckpointSaysWhereItLooked() {
        try (NDManager manager = NDManager.newBaseManager()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> trainer(manager, config(1), dir.resolve("empty")).train(manager, true));
            assertTrue(e.getMessage().contains("checkpoints"), e.getMessage());
        }
    }

    @Test
    void earlyStoppingEndsAfterPatienceEpochsWithoutImprovementAndKeepsTheBestModel() throws IOException {
        double[] scores = {0.2, 0.5, 0.4, 0.45, 0.3, 0.9};
        try (NDManager manager = NDManager.newBaseManager()) {
            Path run = dir.resolve("stopping");
            int[] epoch = {0};
            AlignmentTrainer stopping = builder(manager, config(6), run)
                    .optValidation((m, scope) -> Map.of("score", scores[epoch[0]++]))
                    .optEarlyStopping(new EarlyStopping("score", 3, 0)).build();
            TrainingSummary summary = stopping.train(manager, false);
            assertEquals(5, summary.epochs(), "epochs 3, 4 and 5 do not beat epoch 2's 0.5");
            assertTrue(summary.stoppedEarly());
            assertEquals(2, summary.best().epoch());
            assertEquals(0.5, summary.best().value());
            assertEquals(2L * parts(manager, config(6)).sampler().stepsPerEpoch(), summary.best().steps());
            assertTrue(Files.exists(run.resolve("best/model.params")));
            assertTrue(summary.peakHeapBytes() > 0);
        }
    }

    @Test
    void earlyStoppingStopsNothingBeforeHalfTheBudgetUnlessToldOtherwise() throws IOException {
        double[] scores = {0.9, 0.1, 0.1, 0.1, 0.1, 0.1};
        try (NDManager manager = NDManager.newBaseManager()) {
            int perEpoch = parts(manager, config(6)).sampler().stepsPerEpoch();
            for (long floor : new long[] {EarlyStopping.HALF_BUDGET, 0, 4L * perEpoch + 1}) {
                int[] epoch = {0};
                TrainingSummary summary = builder(manager, config(6), dir.resolve("floor" + floor))
                        .optValidation((m, scope) -> Map.of("score", scores[epoch[0]++]))
                        .optEarlyStopping(new EarlyStopping("score", 1, 0, floor)).build().train(manager, false);
                int expected = floor == 0 ? 2 : floor == EarlyStopping.HALF_BUDGET ? 3 : 5;
                assertEquals(expected, summary.epochs(), "floor " + floor + " steps, " + perEpoch + " per epoch");
                assertTrue(summary.stoppedEarly());
                assertEquals(1, summary.best().epoch());
            }
        }
    }

    @Test
    void earlyStoppingNeedsAMetricTheValidationReports() {
        try (NDManager manager = NDManager.newBaseManager()) {
            AlignmentTrainer stopping = builder(manager, config(2), dir.resolve("r"))
                    .optValidation((m, scope) -> Map.of("other", 1.0))
                    .optEarlyStopping(new EarlyStopping("score", 2, 0)).build();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> stopping.train(manager, false));
            assertTrue(e.getMessage().contains("'score'") && e.getMessage().contains("other"), e.getMessage());
        }
    }

    @Test
    void eachEpochLogsEveryTermsGradientNormAndTheKernelWeights() throws IOException {
        try (NDManager manager = NDManager.newBaseManager()) {
            Path run = dir.resolve("diagnostics");
            trainer(manager, config(2), run).train(manager, false);
            List<Map<?, ?>> epochs = Files.readAllLines(run.resolve("metrics.jsonl")).stream()
                    .map(line -> (Map<?, ?>) ai.djl.util.JsonUtils.GSON.fromJson(line, Map.class))
                    .filter(r -> "epoch".equals(r.get("type"))).collect(Collectors.toList());
            assertEquals(2, epochs.size());
            for (String term : new String[] {"cl", "mmd", "sdd", "ssl"}) {
                double norm = ((Number) epochs.get(1).get("grad_norm_" + term)).doubleValue();
                assertTrue(norm > 0 && Double.isFinite(norm), term + ": " + norm);
            }
            assertTrue(epochs.get(1).containsKey("kernel_weight_5"));
        }
    }
}
