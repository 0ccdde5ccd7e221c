package io.github.setclip.train.listener;

import ai.djl.util.JsonUtils;
import io.github.setclip.data.FileErrors;
import io.github.setclip.train.session.EpochRecord;
import io.github.setclip.train.session.EvaluationRecord;
import io.github.setclip.train.session.StepRecord;
import io.github.setclip.train.session.TrainingListener;
import io.github.setclip.train.session.TrainingSession;
import io.github.setclip.train.session.TrainingState;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the run's {@code metrics.jsonl}: a {@code "step"} record per optimiser step (every term,
 * learning rate, samples per second), an {@code "epoch"} record per epoch (the trainer's
 * diagnostics) and a {@code "validation"} record when the epoch was validated. A resumed run first
 * drops the lines written after the checkpoint it continues from (and a last line cut short by a
 * kill), so the file reads as one run.
 */
public final class MetricsListener implements TrainingListener {

    /** The file's name in the run folder. */
    public static final String FILE = "metrics.jsonl";

    private MetricsLog log;
    private Path file;

    @Override
    public void onTrainingBegin(TrainingSession session) {
        file = session.runDirectory().resolve(FILE);
        try {
            if (session.resumed()) {
                TrainingState state = session.state();
                truncate(file, state.steps(), state.epoch(), session.console());
            }
            log = new MetricsLog(file, session.resumed());
        } catch (IOException e) {
            throw new UncheckedIOException(new IOException("cannot write " + file + ": " + FileErrors.describe(e),
                    e));
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
    public void onEvaluation(TrainingSession session, EvaluationRecord evaluation) {
        if (evaluation.validation().isEmpty()) {
            return; // a trainer without validation
        }
        Map<String, Object> validation = new LinkedHashMap<>();
        validation.put("type", "validation");
        validation.put("epoch", evaluation.epoch());
        validation.put("step", evaluation.globalStep());
        validation.putAll(evaluation.validation());
        write(validation);
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
            throw new UncheckedIOException(new IOException("cannot write " + file + ": " + FileErrors.describe(e),
                    e));
        }
    }

    /**
     * Drops metric lines written after the point a run resumes from, and lines that are not a
     * record (the last line of a killed run may be cut short), each with a warning; the file is
     * replaced atomically, so a run killed meanwhile keeps the old one.
     */
    static void truncate(Path file, long steps, int epochs, PrintStream console) throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        List<String> kept = new ArrayList<>();
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            Double value = position(line);
            if (value == null) {
                console.printf("warning: %s:%d is not a metrics record%s; dropped%n", file, i + 1,
                        i == lines.size() - 1 ? " (the last line of a killed run, cut short?)" : "");
            } else if (value <= (bySteps(type(line)) ? steps : epochs)) {
                kept.add(line);
            }
        }
        Path temp = Files.createTempFile(file.toAbsolutePath().getParent(), FILE, ".tmp");
        try {
            Files.write(temp, kept);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * Whether a record is placed by its step rather than its epoch: step lines, and validation
     * lines (which may fall inside an epoch; at an epoch's end both say the same).
     */
    private static boolean bySteps(Object type) {
        return "step".equals(type) || "validation".equals(type);
    }

    /**
     * A record's step (step and validation lines) or epoch (other lines), or {@code null} if the
     * line is no record.
     */
    private static Double position(String line) {
        try {
            Map<?, ?> record = JsonUtils.GSON.fromJson(line, Map.class);
            Object value = record == null ? null
                    : record.get(bySteps(record.get("type")) ? "step" : "epoch");
            return value instanceof Number n ? n.doubleValue() : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String type(String line) {
        return String.valueOf(JsonUtils.GSON.fromJson(line, Map.class).get("type"));
    }
}
