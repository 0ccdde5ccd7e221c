package io.github.setclip.train.listener;

import ai.djl.util.JsonUtils;
import io.github.setclip.train.EpochRecord;
import io.github.setclip.train.StepRecord;
import io.github.setclip.train.TrainingListener;
import io.github.setclip.train.TrainingSession;
import io.github.setclip.train.TrainingState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the run's {@code metrics.jsonl}: a {@code "step"} record per optimiser step (every term,
 * learning rate, samples per second), an {@code "epoch"} record per epoch (the trainer's
 * diagnostics) and a {@code "validation"} record when the epoch was validated. A resumed run first
 * drops the lines written after the checkpoint it continues from, so the file reads as one run.
 */
public final class MetricsListener implements TrainingListener {

    /** The file's name in the run folder. */
    public static final String FILE = "metrics.jsonl";

    private MetricsLog log;

    @Override
    public void onTrainingBegin(TrainingSession session) {
        Path file = session.runDirectory().resolve(FILE);
        try {
            if (session.resumed()) {
                TrainingState state = session.state();
                truncate(file, state.steps(), state.epoch());
            }
            log = new MetricsLog(file, session.resumed());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void onStep(TrainingSession session, StepRecord step) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("type", "step");
        record.put("epoch", step.epoch());
        record.put("step", step.globalStep());
        record.put("lr", step.learningRate());
        record.putAll(step.terms());
        record.put("samples_per_s", step.samplesPerSecond());
        write(record);
    }

    @Override
    public void onEpochEnd(TrainingSession session, EpochRecord epoch) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("type", "epoch");
        record.put("epoch", epoch.epoch());
        record.put("step", epoch.globalStep());
        record.put("seconds", epoch.seconds());
        record.putAll(epoch.diagnostics());
        write(record);
        if (!epoch.validation().isEmpty()) {
            Map<String, Object> validation = new LinkedHashMap<>();
            validation.put("type", "validation");
            validation.put("epoch", epoch.epoch());
            validation.put("step", epoch.globalStep());
            validation.putAll(epoch.validation());
            write(validation);
        }
    }

    @Override
    public void onTrainingEnd(TrainingSession session) {
        try {
            log.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void write(Map<String, ?> record) {
        try {
            log.write(record);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write metrics: " + e.getMessage(), e);
        }
    }

    /** Drops metric lines written after the point a run resumes from. */
    static void truncate(Path file, long steps, int epochs) throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        List<String> kept = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            Map<?, ?> record = JsonUtils.GSON.fromJson(line, Map.class);
            boolean isStep = "step".equals(record.get("type"));
            double value = ((Number) record.get(isStep ? "step" : "epoch")).doubleValue();
            if (value <= (isStep ? steps : epochs)) {
                kept.add(line);
            }
        }
        Files.write(file, kept);
    }
}
