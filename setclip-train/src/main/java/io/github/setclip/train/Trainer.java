package io.github.setclip.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.util.ProgressBar;
import ai.djl.util.Pair;
import io.github.setclip.core.TwoStreamModel;
import io.github.setclip.data.batch.MixedBatchPlan;
import io.github.setclip.data.batch.MixedBatchSampler;
import io.github.setclip.losses.LossTerms;
import io.github.setclip.losses.SetClipObjective;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Trains a {@link TwoStreamModel} under a {@link SetClipObjective} on mixed paired/unpaired
 * batches, with AdamW, warm-up + cosine learning rate, gradient clipping, a progress bar, a
 * metrics log, an atomic checkpoint per epoch and exact resumption.
 *
 * <p>Every random choice is a function of (seed, epoch, step): batch plans come from the sampler,
 * views from per-step seeds, dropout from the engine's generator reseeded per step. A run resumed
 * from the checkpoint of epoch e therefore repeats the uninterrupted run's steps exactly.
 */
public final class Trainer {

    /** Evaluates the model on held-out data after each epoch. */
    public interface Validation {
        /** Returns named metrics, e.g. retrieval recalls. */
        Map<String, Double> evaluate(TwoStreamModel model, NDManager manager);
    }

    private final TrainingConfig config;
    private final TwoStreamModel model;
    private final SetClipObjective objective;
    private final MixedBatchSampler sampler;
    private final ModalityInput sInput;
    private final ModalityInput tInput;
    private final Validation validation;
    private final Path runDirectory;
    private final PrintStream console;
    private final boolean secondViews;
    private EpochListener listener = (epoch, validation) -> { };

    /** Told after each epoch's checkpoint is written (progress lines, early stopping, tests). */
    public interface EpochListener {
        /**
         * Called after an epoch.
         *
         * @param epoch the completed epoch, 1-based
         * @param validation its validation metrics (empty without validation)
         */
        void epochEnded(int epoch, Map<String, Double> validation);
    }

    /**
     * Sets the listener told after every epoch.
     *
     * @param listener the listener
     * @return this trainer
     */
    public Trainer setEpochListener(EpochListener listener) {
        this.listener = listener;
        return this;
    }

    /**
     * Creates a trainer; the model must be initialised, the objective be its objective child.
     *
     * @param config the run's configuration
     * @param model the model
     * @param objective the objective (owned by the model)
     * @param sampler plans the batches
     * @param sInput turns S item indices into S tower input
     * @param tInput turns T item indices into T tower input
     * @param validation evaluation after each epoch, or {@code null}
     * @param runDirectory where checkpoints and metrics go
     * @param console where progress goes
     */
    public Trainer(TrainingConfig config, TwoStreamModel model, SetClipObjective objective,
            MixedBatchSampler sampler, ModalityInput sInput, ModalityInput tInput,
            Validation validation, Path runDirectory, PrintStream console) {
        this.config = config;
        this.model = model;
        this.objective = objective;
        this.sampler = sampler;
        this.sInput = sInput;
        this.tInput = tInput;
        this.validation = validation;
        this.runDirectory = runDirectory;
        this.console = console;
        this.secondViews = config.weights().ssl() > 0;
    }

    /** The summary of a finished run. */
    public record Summary(int epochs, long steps, long samples, double seconds,
            Map<String, Double> lastValidation) {}

    /**
     * Trains for the configured epochs, starting after the newest checkpoint when {@code resume}.
     *
     * @param manager the long-lived manager owning model and optimiser state
     * @param resume whether to continue from the newest checkpoint in the run folder
     * @return the run's summary
     * @throws IOException if checkpoints or metrics cannot be written
     */
    public Summary train(NDManager manager, boolean resume) throws IOException {
        Files.createDirectories(runDirectory);
        Checkpoints checkpoints = new Checkpoints(runDirectory);
        AdamW optimizer = new AdamW(0.9, 0.999, 1e-8, config.weightDecay());
        int startEpoch = 0;
        if (resume) {
            Path latest = checkpoints.latest().orElseThrow(() -> new IllegalArgumentException(
                    "--resume: no checkpoint in " + runDirectory.resolve("checkpoints")));
            startEpoch = Checkpoints.epochOf(latest);
            restore(latest, optimizer, manager);
            console.printf("resuming after epoch %d from %s%n", startEpoch, latest);
        }
        List<Parameter> parameters = new ArrayList<>();
        for (Pair<String, Parameter> p : model.getParameters()) {
            parameters.add(p.getValue());
        }
        int stepsPerEpoch = sampler.stepsPerEpoch();
        LearningRateSchedule schedule = new LearningRateSchedule(
                config.learningRate(), config.warmUpSteps(), stepsPerEpoch * config.epochs());
        Path metricsFile = runDirectory.resolve("metrics.jsonl");
        if (resume) {
            truncateMetrics(metricsFile, (long) startEpoch * stepsPerEpoch, startEpoch);
        }
        ParameterStore ps = new ParameterStore(manager, false);
        long step = (long) startEpoch * stepsPerEpoch;
        long started = System.nanoTime();
        Map<String, Double> lastValidation = Map.of();
        try (MetricsLog metrics = new MetricsLog(metricsFile, resume)) {
            for (int epoch = startEpoch; epoch < config.epochs(); epoch++) {
                ProgressBar bar = new ProgressBar(
                        String.format(Locale.ROOT, "Epoch %d/%d", epoch + 1, config.epochs()),
                        stepsPerEpoch);
                long epochStart = System.nanoTime();
                for (MixedBatchPlan plan : sampler.plans(epoch)) {
                    Map<String, Double> terms = step(plan, step, epoch, ps, manager);
                    double lr = schedule.at(step);
                    clipGradients(parameters, manager);
                    optimizer.step(parameters, lr, manager);
                    double seconds = (System.nanoTime() - epochStart) / 1e9;
                    double rate = (plan.step() + 1) * (double) sampler.batchSize() / seconds;
                    Map<String, Object> record = new LinkedHashMap<>();
                    record.put("type", "step");
                    record.put("epoch", epoch + 1);
                    record.put("step", step + 1);
                    record.put("lr", lr);
                    record.putAll(terms);
                    record.put("samples_per_s", rate);
                    metrics.write(record);
                    bar.update(plan.step(), String.format(Locale.ROOT,
                            "loss %.4f cl %.4f mmd %.4f sdd %.5f ssl %.4f | %.0f samples/s",
                            terms.get("total"), terms.get("cl"), terms.get("mmd"),
                            terms.get("sdd"), terms.get("ssl"), rate));
                    step++;
                }
                bar.end();
                console.println();
                if (validation != null) {
                    try (NDManager scope = manager.newSubManager()) {
                        lastValidation = validation.evaluate(model, scope);
                    }
                    Map<String, Object> record = new LinkedHashMap<>();
                    record.put("type", "validation");
                    record.put("epoch", epoch + 1);
                    record.put("step", step);
                    record.putAll(lastValidation);
                    metrics.write(record);
                    console.println("  validation: " + format(lastValidation));
                }
                int completed = epoch + 1;
                checkpoints.save(completed, dir -> save(dir, optimizer, completed));
                listener.epochEnded(completed, lastValidation);
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        return new Summary(config.epochs(), step, step * sampler.batchSize(), seconds, lastValidation);
    }

    /** One forward and backward pass; returns the terms as numbers. */
    private Map<String, Double> step(
            MixedBatchPlan plan, long step, int epoch, ParameterStore ps, NDManager manager) {
        long stepSeed = config.seed() * 1_000_003L + step;
        Engine.getInstance().setRandomSeed((int) (stepSeed ^ (stepSeed >>> 32)));
        try (NDManager scope = manager.newSubManager()) {
            // Arrays derived from parameters (e.g. the logit scale) then belong to the step.
            model.getParameters().values().forEach(p -> scope.tempAttachAll(p.getArray()));
            int[] sItems = concat(plan.paired(), plan.unpairedS());
            int[] tItems = concat(plan.paired(), plan.unpairedT());
            NDList sBatch = sInput.batch(scope, sItems, stepSeed);
            NDList tBatch = tInput.batch(scope, tItems, stepSeed + 1);
            Map<String, Double> values;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray s = model.embedS(ps, sBatch, true);
                NDArray t = model.embedT(ps, tBatch, true);
                NDArray sPos = null;
                NDArray tPos = null;
                if (secondViews) {
                    sPos = model.embedS(ps, sInput.secondView(scope, sItems, stepSeed + 2), true);
                    tPos = model.embedT(ps, tInput.secondView(scope, tItems, stepSeed + 3), true);
                }
                LossTerms terms = objective.compute(ps, s, t, sPos, tPos, plan.numPaired());
                values = terms.toMap();
                for (Map.Entry<String, Double> term : values.entrySet()) {
                    if (!Double.isFinite(term.getValue())) {
                        throw new NonFiniteLossException(term.getKey(), term.getValue(), epoch + 1, step + 1);
                    }
                }
                collector.backward(terms.total());
            }
            return values;
        }
    }

    /** Scales all gradients so that their global L2 norm is at most the configured clip. */
    private void clipGradients(List<Parameter> parameters, NDManager manager) {
        if (config.gradientClip() <= 0) {
            return;
        }
        try (NDManager scope = manager.newSubManager()) {
            NDArray total = null;
            for (Parameter p : parameters) {
                if (!p.requiresGradient()) {
                    continue;
                }
                NDArray grad = p.getArray().getGradient();
                grad.attach(scope); // a fresh handle on the gradient: freed with the scope
                NDArray squares = grad.square().sum();
                total = total == null ? squares : total.add(squares);
            }
            if (total == null) {
                return;
            }
            double norm = Math.sqrt(total.toType(ai.djl.ndarray.types.DataType.FLOAT64, false).getDouble());
            if (norm > config.gradientClip()) {
                double factor = config.gradientClip() / norm;
                for (Parameter p : parameters) {
                    if (p.requiresGradient()) {
                        NDArray grad = p.getArray().getGradient();
                        grad.attach(scope);
                        grad.muli(factor);
                    }
                }
            }
        }
    }

    private void save(Path dir, AdamW optimizer, int epoch) throws IOException {
        model.save(dir.resolve("model.params"));
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(
                Files.newOutputStream(dir.resolve("optimizer.bin"))))) {
            optimizer.save(out);
        }
        Path config = runDirectory.resolve("config.json");
        if (Files.exists(config)) {
            Files.copy(config, dir.resolve("config.json"));
        }
        Files.writeString(dir.resolve("state.json"),
                "{\"epoch\": " + epoch + ", \"steps\": " + optimizer.steps() + "}\n");
    }

    private void restore(Path checkpoint, AdamW optimizer, NDManager manager) throws IOException {
        model.load(manager, checkpoint.resolve("model.params"));
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(
                Files.newInputStream(checkpoint.resolve("optimizer.bin"))))) {
            optimizer.load(in, manager);
        }
    }

    /** Drops metric lines written after the checkpoint a run resumes from. */
    private static void truncateMetrics(Path file, long steps, int epochs) throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        List<String> kept = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            Map<?, ?> record = ai.djl.util.JsonUtils.GSON.fromJson(line, Map.class);
            boolean isStep = "step".equals(record.get("type"));
            double value = ((Number) record.get(isStep ? "step" : "epoch")).doubleValue();
            if (value <= (isStep ? steps : epochs)) {
                kept.add(line);
            }
        }
        Files.write(file, kept);
    }

    private static int[] concat(int[] a, int[] b) {
        int[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    static String format(Map<String, Double> values) {
        StringBuilder sb = new StringBuilder();
        values.forEach((k, v) -> sb.append(k).append(' ')
                .append(String.format(Locale.ROOT, "%.4f", v)).append("  "));
        return sb.toString().trim();
    }
}
