package io.github.setclip.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.JsonUtils;
import io.github.setclip.data.InvalidSettingException;
import io.github.setclip.train.listener.EarlyStopping;
import io.github.setclip.train.session.StepRecord;
import io.github.setclip.train.session.TrainingListener;
import io.github.setclip.train.session.TrainingSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code evalEvery}: validation, early stopping and the best model every N steps, inside epochs too. */
class EvalEveryTest {

    @TempDir Path dir;

    /** The validation records of a run's metrics log, as (step, epoch, score). */
    private static List<double[]> validations(Path run) throws IOException {
        List<double[]> out = new ArrayList<>();
        for (String line : Files.readAllLines(run.resolve("metrics.jsonl"))) {
            Map<?, ?> r = JsonUtils.GSON.fromJson(line, Map.class);
            if ("validation".equals(r.get("type"))) {
                out.add(new double[] {((Number) r.get("step")).doubleValue(),
                        ((Number) r.get("epoch")).doubleValue(), ((Number) r.get("score")).doubleValue()});
            }
        }
        return out;
    }

    private static List<Long> steps(List<double[]> validations) {
        return validations.stream().map(v -> (long) v[0]).toList();
    }

    /** Counts steps, so that a scripted validation knows where the run is. */
    private static final class StepCounter implements TrainingListener {
        long step;
        int perEpoch;

        @Override
        public void onStep(TrainingSession session, StepRecord record) {
            step = record.globalStep();
            perEpoch = session.stepsPerEpoch();
        }
    }

    /** A score that depends on the weights only, so a resumed run sees the same one. */
    private static Map<String, Double> weightScore(ai.djl.nn.Block model) {
        double sum = 0;
        for (Parameter p : model.getParameters().values()) {
            for (float v : p.getArray().toFloatArray()) {
                sum += v;
            }
        }
        return Map.of("score", sum);
    }

    @Test
    void evaluationsFallOnMultiplesOfTheIntervalAcrossEpochBoundariesAndAfterTheLastStep() throws IOException {
        Path run = dir.resolve("run");
        try (NDManager manager = NDManager.newBaseManager()) {
            AlignmentTrainer trainer = TrainerTest.builder(manager, TrainerTest.config(3), run)
                    .optValidation((m, scope) -> Map.of("score", 0.5)).optEvalEvery(4).build();
            TrainingSummary summary = trainer.train(manager, false);
            long budget = summary.steps();
            List<Long> expected = new ArrayList<>();
            for (long s = 4; s <= budget; s += 4) {
                expected.add(s);
            }
            if (budget % 4 != 0) {
                expected.add(budget);
            }
            assertTrue(budget / 3 % 4 != 0, "the interval must cut across epochs; steps per epoch " + budget / 3);
            assertEquals(expected, steps(validations(run)));
            assertEquals(Map.of("score", 0.5), summary.lastValidation());
        }
    }

    @Test
    void patienceCountsEvaluationsAndARunStopsRightAfterTheEvaluationThatEndsItInsideAnEpoch()
            throws IOException {
        Path run = dir.resolve("run");
        StepCounter counter = new StepCounter();
        try (NDManager manager = NDManager.newBaseManager()) {
            AlignmentTrainer trainer = TrainerTest.builder(manager, TrainerTest.config(6), run)
                    .optValidation((m, scope) -> Map.of("score", counter.step <= 3 ? 0.9 : 0.1))
                    .optEarlyStopping(new EarlyStopping("score", 2, 0, 0)).optEvalEvery(3)
                    .addListener(counter).build();
            TrainingSummary summary = trainer.train(manager, false);
            int perEpoch = counter.perEpoch;
            assertTrue(summary.stoppedEarly());
            assertEquals(9, summary.steps(), "best at step 3, then two evaluations without improvement");
            assertNotEquals(0, 9 % perEpoch, "the stop falls inside an epoch");
            assertEquals(3, summary.best().steps());
            assertEquals(List.of(3L, 6L, 9L), steps(validations(run)));
            assertEquals(9, TrainerTest.totals(run).size(), "no step after the stopping evaluation");
            assertEquals((9 + perEpoch - 1) / perEpoch, summary.epochs(), "the cut epoch counts as trained");
        }
    }

    @Test
    void noEvaluationStopsARunBeforeTheMinimumSteps() throws IOException {
        Path run = dir.resolve("run");
        StepCounter counter = new StepCounter();
        try (NDManager manager = NDManager.newBaseManager()) {
            TrainingSummary summary = TrainerTest.builder(manager, TrainerTest.config(6), run)
                    .optValidation((m, scope) -> Map.of("score", counter.step <= 2 ? 0.9 : 0.1))
                    .optEarlyStopping(new EarlyStopping("score", 1, 0, 11)).optEvalEvery(2)
                    .addListener(counter).build().train(manager, false);
            assertEquals(12, summary.steps(), "patience ran out at step 4; the first evaluation from step 11 is 12");
        }
    }

    @Test
    void aKilledAndResumedRunMakesTheSameEvaluationsAndKeepsTheSameBestModel() throws IOException {
        Path straight = dir.resolve("straight");
        Path killed = dir.resolve("killed");
        EarlyStopping rule = new EarlyStopping("score", 1000, 0, 0);
        TrainingSummary expected;
        try (NDManager manager = NDManager.newBaseManager()) {
            expected = TrainerTest.builder(manager, TrainerTest.config(3), straight)
                    .optValidation((m, scope) -> weightScore(m)).optEarlyStopping(rule).optEvalEvery(4)
                    .optCheckpointEvery(5).build().train(manager, false);
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            AlignmentTrainer doomed = TrainerTest.builder(manager, TrainerTest.config(3), killed)
                    .optValidation((m, scope) -> weightScore(m)).optEarlyStopping(rule).optEvalEvery(4)
                    .optCheckpointEvery(5).addListener(new TrainingListener() {
                        @Override
                        public void onStep(TrainingSession session, StepRecord step) {
                            if (step.globalStep() == 7) {
                                throw new IllegalStateException("killed"); // after step 5's checkpoint
                            }
                        }
                    }).build();
            assertThrows(IllegalStateException.class, () -> doomed.train(manager, false));
        }
        TrainingSummary resumed;
        try (NDManager manager = NDManager.newBaseManager()) {
            resumed = TrainerTest.builder(manager, TrainerTest.config(3), killed)
                    .optValidation((m, scope) -> weightScore(m)).optEarlyStopping(rule).optEvalEvery(4)
                    .optCheckpointEvery(5).build().train(manager, true);
        }
        List<double[]> a = validations(straight);
        List<double[]> b = validations(killed);
        assertEquals(steps(a), steps(b));
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i), b.get(i), 1e-9, "evaluation " + (i + 1));
        }
        assertEquals(expected.best().steps(), resumed.best().steps());
        assertEquals(expected.best().value(), resumed.best().value(), 1e-9);
        assertArrayEquals(Files.readAllBytes(straight.resolve("best/model.params")),
                Files.readAllBytes(killed.resolve("best/model.params")));
    }

    @Test
    void withoutAValidationTheIntervalWritesNoEmptyValidationRecords() throws IOException {
        Path run = dir.resolve("run");
        try (NDManager manager = NDManager.newBaseManager()) {
            TrainerTest.builder(manager, TrainerTest.config(1), run).optEvalEvery(2).build().train(manager, false);
        }
        assertEquals(List.of(), validations(run));
    }

    @Test
    void aNegativeIntervalIsRefusedNamingTheSetting() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> AlignmentTrainer.builder().optEvalEvery(-1));
        assertTrue(e.getMessage().contains("evalEvery"), e.getMessage());
    }
}
