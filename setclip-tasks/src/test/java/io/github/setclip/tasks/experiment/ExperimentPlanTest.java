package io.github.setclip.tasks.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.setclip.losses.LossWeights;
import io.github.setclip.losses.SddDivergence;
import io.github.setclip.train.ObjectiveSettings;
import io.github.setclip.train.TrainingConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExperimentPlanTest {

    private static final TrainingConfig BASE = TrainingConfig.builder().optEpochs(10).optBatchSize(32)
            .optPairedFraction(0.25).optWarmUpSteps(0).optObjective(ObjectiveSettings.builder()
                    .optWeights(new LossWeights(1, 0.2, 0.7, 0.15)).optSddBandwidth(0.5).build())
            .build();

    @Test
    void theComparisonIsClipOnPairsSetClipAndClipOnAllPairs() {
        List<Arm> arms = ExperimentPlan.comparison(BASE, List.of(), true);
        assertEquals(List.of("clip", "setclip", "clip-all"), arms.stream().map(Arm::key).toList());
        TrainingConfig clip = arms.get(0).configure(3);
        assertTrue(clip.isClip());
        assertEquals(0.25, clip.pairedFraction());
        assertEquals(3, clip.seed());
        assertEquals(1.0, arms.get(2).configure(3).pairedFraction());
        assertEquals(0.5, arms.get(1).configure(3).objective().sddBandwidth());
    }

    @Test
    void ablationsRemoveOneTermOrChangeTheSddForm() {
        List<Arm> arms = ExperimentPlan.comparison(BASE, List.of(ExperimentPlan.Ablation.values()), false);
        assertEquals(List.of("clip", "setclip", "no-ssl", "no-sdd", "no-mmd", "sdd-absolute", "sdd-mse"),
                arms.stream().map(Arm::key).toList());
        assertEquals(0, arms.get(2).configure(1).weights().ssl());
        assertEquals(0, arms.get(3).configure(1).weights().sdd());
        assertEquals(0, arms.get(4).configure(1).weights().mmd());
        assertFalse(arms.get(5).configure(1).objective().sddRelativeDistance());
        assertEquals(SddDivergence.MSE, arms.get(6).configure(1).objective().sddDivergence());
        assertThrows(IllegalArgumentException.class, () -> ExperimentPlan.Ablation.parse("no-cl"));
    }

    @Test
    void attributionAddsOneTermAtATimeToClip() {
        List<Arm> arms = ExperimentPlan.attribution(BASE);
        assertEquals(List.of("clip", "cl-ssl", "cl-mmd", "cl-sdd", "cl-mmd-sdd", "setclip"),
                arms.stream().map(Arm::key).toList());
        assertEquals(new LossWeights(1, 0, 0, 0.15), arms.get(1).config().weights());
        assertEquals(new LossWeights(1, 0.2, 0.7, 0), arms.get(4).config().weights());
        assertEquals(BASE.weights(), arms.get(5).config().weights());
    }

    @Test
    void aSweepHasOneArmPerValueNamedAfterTheSettingAndTheValue() {
        List<Arm> sweep = ExperimentPlan.sweep(BASE, "bandwidth", List.of(0.05, 1.0), (c, v) -> c.toBuilder()
                .optObjective(c.objective().toBuilder().optSddBandwidth(v).build()).build());
        assertEquals(List.of("bandwidth-0.05", "bandwidth-1.0"), sweep.stream().map(Arm::key).toList());
        assertEquals(0.05, sweep.get(0).configure(1).objective().sddBandwidth());
    }

    @Test
    void theZeroPairSettingScoresClipUntrained() {
        List<Arm> zero = ExperimentPlan.zeroPair(BASE);
        assertTrue(zero.get(0).untrained());
        assertEquals(0, zero.get(1).configure(1).pairedFraction());
    }
}
