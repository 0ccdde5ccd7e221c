package io.github.setclip.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.util.JsonUtils;
import io.github.setclip.core.ProjectionHead;
import io.github.setclip.core.Towers;
import io.github.setclip.core.TwoStreamModel;
import io.github.setclip.core.encoders.MlpEncoder;
import io.github.setclip.data.batch.BatchComposition;
import io.github.setclip.data.batch.MixedBatchSampler;
import io.github.setclip.data.batch.SemiPairedPools;
import io.github.setclip.losses.ClNegatives;
import io.github.setclip.losses.LossWeights;
import io.github.setclip.losses.PseudoLabelRule;
import io.github.setclip.train.session.StepRecord;
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
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The trainer's optional machinery on additive batches: term balancing, the embedding queue,
 * pseudo-labels and mutual-nearest-neighbour pseudo-pairs, and resumption from a checkpoint in the
 * middle of an epoch with all of them.
 */
class TrainerFeaturesTest {

    private static final SyntheticPairs DATA = new SyntheticPairs(120, 6, 12, 10, 5);
    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    @TempDir Path dir;

    private static TrainingConfig.Builder base(int epochs) {
        return TrainingConfig.builder().optEpochs(epochs).optBatchSize(8).optPairedFraction(0.3)
                .optLearningRate(3e-3).optWeightDecay(0.01).optWarmUpSteps(2).optSeed(13);
    }

    private static AlignmentTrainer.Builder builder(NDManager manager, TrainingConfig config, Path run) {
        Engine.getInstance().setRandomSeed(42);
        TwoStreamModel model = new TwoStreamModel(
                Towers.of(MlpEncoder.build(0.1f, 32), ProjectionHead.build(16, 0.1f)), 1,
                Towers.of(MlpEncoder.build(0.1f, 32), ProjectionHead.build(16, 0.1f)),
                config.newObjective());
        model.initialize(manager, DataType.FLOAT32,
                new Shape[] {new Shape(8, 12)}, new Shape[] {new Shape(8, 10)});
        SemiPairedPools pools = SemiPairedPools.builder().setNumItems(120)
                .setPairedFraction(config.pairedFraction()).optSeed(config.seed()).build();
        MixedBatchSampler sampler = MixedBatchSampler.builder().setPools(pools)
                .optComposition(BatchComposition.ADDITIVE).optPairedPerBatch(8).optUnpairedPerBatch(8)
                .optSeed(config.seed()).build();
        return AlignmentTrainer.builder().setConfig(config).setModel(model).setSampler(sampler)
                .setInputs(DATA.input(DATA.s), DATA.input(DATA.t)).setRunDirectory(run)
                .optConsole(QUIET).optProgressBar(false);
    }

    private static List<Map<?, ?>> records(Path run, String type) throws IOException {
        return Files.readAllLines(run.resolve("metrics.jsonl")).stream()
                .map(line -> (Map<?, ?>) JsonUtils.GSON.fromJson(line, Map.class))
                .filter(r -> type.equals(r.get("type"))).collect(Collectors.toList());
    }

    private static List<Double> totals(Path run) throws IOException {
        return records(run, "step").stream().map(r -> ((Number) r.get("total")).doubleValue())
                .collect(Collectors.toList());
    }

    static Stream<Arguments> configurations() {
        ObjectiveSettings full = ObjectiveSettings.builder().optClNegatives(ClNegatives.ALL).build();
        return Stream.of(
                Arguments.of("plain", base(3).optObjective(full).build()),
                Arguments.of("balanced terms and a queue", base(3).optObjective(full.toBuilder()
                        .optBalanceTerms(true).optBalanceEvery(2).optQueueSize(24).build()).build()),
                Arguments.of("pseudo-labels and pseudo-pairs", base(3).optObjective(full)
                        .optSemi(SemiSupervisedSettings.NONE.toBuilder()
                                .optPseudoLabels(PseudoLabelRule.OPTIMAL_TRANSPORT).optBothDirections(true)
                                .optNnPairs(true).optNnPerBatch(3).optNnWarmup(4).optNnRefresh(3)
                                .optNnMargin(0).build()).build()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configurations")
    void aRunKilledInTheMiddleOfAnEpochResumesFromItsStepCheckpointAndRepeatsEveryLoss(String name,
            TrainingConfig config) throws IOException {
        Path straight = dir.resolve("straight");
        Path interrupted = dir.resolve("interrupted");
        try (NDManager manager = NDManager.newBaseManager()) {
            builder(manager, config, straight).optCheckpointEvery(3).build().train(manager, false);
        }
        int stepsPerEpoch;
        try (NDManager manager = NDManager.newBaseManager()) {
            AlignmentTrainer killed = builder(manager, config, interrupted).optCheckpointEvery(3)
                    .addListener(new TrainingListener() {
                        @Override
                        public void onStep(TrainingSession session, StepRecord step) {
                            if (step.globalStep() == session.stepsPerEpoch() + 5) {
                                throw new IllegalStateException("killed");
                            }
                        }
                    }).build();
            assertThrows(IllegalStateException.class, () -> killed.train(manager, false));
        }
        java.io.ByteArrayOutputStream console = new java.io.ByteArrayOutputStream();
        try (NDManager manager = NDManager.newBaseManager()) {
            AlignmentTrainer resumed = builder(manager, config, interrupted).optCheckpointEvery(3)
                    .optConsole(new PrintStream(console, true)).build();
            resumed.train(manager, true);
            stepsPerEpoch = records(interrupted, "step").size() / 3;
        }
        long resumedAt = Long.parseLong(console.toString().replaceAll("(?s).*resuming at step (\\d+).*", "$1"));
        assertTrue(resumedAt % stepsPerEpoch != 0, "resumed in the middle of an epoch, at step " + resumedAt
                + " of epochs of " + stepsPerEpoch);
        assertEquals(totals(straight), totals(interrupted), name + ": every step's loss, bit for bit");
        assertEquals(records(straight, "epoch").size(), records(interrupted, "epoch").size());
    }

    @Test
    void balancingBringsEachTermsGradientToItsTargetRatioOfTheContrastiveOnes() throws IOException {
        LossWeights targets = new LossWeights(1, 0.2, 0.7, 0.15);
        TrainingConfig config = base(4).optObjective(ObjectiveSettings.builder().optWeights(targets)
                .optBalanceTerms(true).optBalanceEvery(1).build()).build();
        Path run = dir.resolve("balanced");
        try (NDManager manager = NDManager.newBaseManager()) {
            builder(manager, config, run).build().train(manager, false);
        }
        Map<?, ?> last = records(run, "epoch").get(3);
        assertRatio(0.2, last, "mmd");
        assertRatio(0.7, last, "sdd");
        assertRatio(0.15, last, "ssl");
        assertTrue(((Number) last.get("balance_scale_sdd")).doubleValue() > 0.7,
                "SDD's raw gradient is small, so its scale rises above its target ratio: " + last);
    }

    private static void assertRatio(double target, Map<?, ?> epoch, String term) {
        double ratio = ((Number) epoch.get("grad_ratio_" + term)).doubleValue();
        assertTrue(Math.abs(ratio - target) <= 0.2 * target,
                term + ": gradient ratio " + ratio + " should be within 20% of " + target);
    }

    @Test
    void pseudoPairsAreUsedAfterTheirWarmUpAndCheckedAgainstTheHiddenTruth() throws IOException {
        TrainingConfig config = base(3).optSemi(SemiSupervisedSettings.NONE.toBuilder().optNnPairs(true)
                .optNnPerBatch(3).optNnWarmup(5).optNnRefresh(2).optNnMargin(0).build()).build();
        Path run = dir.resolve("pairs");
        try (NDManager manager = NDManager.newBaseManager()) {
            builder(manager, config, run).build().train(manager, false);
        }
        List<Map<?, ?>> epochs = records(run, "epoch");
        double used = epochs.stream().mapToDouble(e -> ((Number) e.get("nn_pairs_used")).doubleValue()).sum();
        int steps = records(run, "step").size();
        assertEquals(3.0 * (steps - 5), used, "three pseudo-pairs per step once the warm-up is over");
        double precision = ((Number) epochs.get(2).get("nn_pairs_precision")).doubleValue();
        assertTrue(precision >= 0 && precision <= 1, "a share of true pairs: " + precision);
    }

    @Test
    void pseudoLabelTermsAreLoggedWithTheirGradientNorms() throws IOException {
        TrainingConfig config = base(2).optSemi(SemiSupervisedSettings.NONE.toBuilder()
                .optPseudoLabels(PseudoLabelRule.SOFT_NEAREST).build()).build();
        Path run = dir.resolve("labels");
        try (NDManager manager = NDManager.newBaseManager()) {
            builder(manager, config, run).build().train(manager, false);
        }
        Map<?, ?> step = records(run, "step").get(0);
        double pl = ((Number) step.get("pl")).doubleValue();
        assertTrue(pl > 0, "the pseudo-label cross-entropy is positive: " + pl);
        double total = ((Number) step.get("total")).doubleValue();
        double weighted = ((Number) step.get("cl")).doubleValue() + 0.2 * ((Number) step.get("mmd")).doubleValue()
                + 0.7 * ((Number) step.get("sdd")).doubleValue() + 0.15 * ((Number) step.get("ssl")).doubleValue()
                + 0.5 * pl;
        assertEquals(weighted, total, 1e-4 * Math.abs(total), "the total adds the term at weight 0.5");
        double norm = ((Number) records(run, "epoch").get(1).get("grad_norm_pl")).doubleValue();
        assertTrue(norm > 0 && Double.isFinite(norm), "grad_norm_pl " + norm);
    }
}
