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
    private EarlyStopping earlyStopping;

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
     * Stops training once the validation metric stops improving and keeps the best epoch's model
     * in {@code best/model.params}; needs a validation.
     *
     * @param earlyStopping the rule, or {@code null} to train every configured epoch
     * @return this trainer
     */
    public Trainer setEarlyStopping(EarlyStopping earlyStopping) {
        if (earlyStopping != null && validation == null) {
            throw new IllegalArgumentException("early stopping needs a validation");
        }
        this.earlyStopping = earlyStopping;
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

    /**
     * The summary of a finished run.
     *
     * @param epochs epochs trained (fewer than configured when stopped early)
     * @param steps optimiser steps taken
     * @param samples rows per modality seen ({@code steps * N})
     * @param seconds wall time of this process's training, validation included
     * @param lastValidation the last epoch's validation metrics
     * @param best the best epoch under early stopping, or {@code null} without it
     * @param stoppedEarly whether early stopping ended the run
     * @param peakHeapBytes peak Java heap of the process
     * @param peakResidentBytes peak resident set of the process (heap plus native tensors), -1 if
     *     unknown
     */
    public record Summary(int epochs, long steps, long samples, double seconds,
            Map<String, Double> lastValidation, Best best, boolean stoppedEarly,
            long peakHeapBytes, long peakResidentBytes) {}

    /**
     * The best epoch seen under early stopping and what it cost to reach it.
     *
     * @param epoch the epoch, 1-based
     * @param value the watched metric at that epoch
     * @param steps steps taken up to that epoch
     * @param samples rows per modality seen up to that epoch
     * @param seconds training seconds up to that epoch (summed over resumed processes)
     * @param validation every validation metric at that epoch
     */
    public record Best(int epoch, double value, long steps, long samples, double seconds,
            Map<String, Double> validation) {}

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
        Best best = null;
        double secondsBefore = 0;
        if (resume) {
            Path latest = checkpoints.latest().orElseThrow(() -> new IllegalArgumentException(
                    "--resume: no checkpoint in " + runDirectory.resolve("checkpoints")));
            startEpoch = Checkpoints.epochOf(latest);
            restore(latest, optimizer, manager);
            TrainingState state = TrainingState.read(latest);
            best = state.best();
            secondsBefore = state.seconds();
            console.printf("resuming after epoch %d from %s%n", startEpoch, latest);
            if (earlyStopping != null && best != null
                    && startEpoch - best.epoch() >= earlyStopping.patience()) {
                console.printf("early stopping had already ended this run after epoch %d%n", startEpoch);
                return new Summary(startEpoch, state.steps(), state.steps() * sampler.batchSize(),
                        secondsBefore, best.validation(), best, true,
                        ResourcePeaks.peakHeapBytes(), ResourcePeaks.peakResidentBytes());
            }
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
        int epochsDone = startEpoch;
        boolean stoppedEarly = false;
        try (MetricsLog metrics = new MetricsLog(metricsFile, resume)) {
            for (int epoch = startEpoch; epoch < config.epochs(); epoch++) {
                ProgressBar bar = new ProgressBar(
                        String.format(Locale.ROOT, "Epoch %d/%d", epoch + 1, config.epochs()),
                        stepsPerEpoch);
                long epochStart = System.nanoTime();
                Map<String, Double> termGradients = Map.of();
                for (MixedBatchPlan plan : sampler.plans(epoch)) {
                    boolean last = plan.step() == stepsPerEpoch - 1;
                    NDList embeddings = last ? new NDList() : null;
                    Map<String, Double> terms = step(plan, step, epoch, ps, manager, embeddings);
                    double lr = schedule.at(step);
                    clipGradients(parameters, manager);
                    optimizer.step(parameters, lr, manager);
                    if (last) {
                        termGradients = measureTerms(embeddings, plan.numPaired(), ps);
                    }
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
                int completed = epoch + 1;
                metrics.write(epochRecord(completed, step, termGradients,
                        (System.nanoTime() - epochStart) / 1e9));
                if (validation != null) {
                    try (NDManager scope = manager.newSubManager()) {
                        lastValidation = validation.evaluate(model, scope);
                    }
                    Map<String, Object> record = new LinkedHashMap<>();
                    record.put("type", "validation");
                    record.put("epoch", completed);
                    record.put("step", step);
                    record.putAll(lastValidation);
                    metrics.write(record);
                    console.println("  validation: " + format(lastValidation));
                }
                double elapsed = secondsBefore + (System.nanoTime() - started) / 1e9;
                if (earlyStopping != null) {
                    Double value = lastValidation.get(earlyStopping.metric());
                    if (value == null) {
                        throw new IllegalArgumentException("early stopping watches '"
                                + earlyStopping.metric() + "', which the validation does not report;"
                                + " it reports " + lastValidation.keySet());
                    }
                    if (best == null || earlyStopping.improves(value, best.value())) {
                        best = new Best(completed, value, step, step * sampler.batchSize(), elapsed,
                                Map.copyOf(lastValidation));
                        model.save(runDirectory.resolve("best/model.params"));
                    }
                }
                TrainingState state = new TrainingState(completed, step, elapsed, best);
                checkpoints.save(completed, dir -> save(dir, optimizer, state));
                epochsDone = completed;
                listener.epochEnded(completed, lastValidation);
                if (earlyStopping != null && completed - best.epoch() >= earlyStopping.patience()) {
                    console.printf("  early stopping: %s has not improved for %d epochs; best %.4f"
                                    + " at epoch %d%n", earlyStopping.metric(),
                            completed - best.epoch(), best.value(), best.epoch());
                    stoppedEarly = true;
                    break;
                }
            }
        }
        double seconds = secondsBefore + (System.nanoTime() - started) / 1e9;
        return new Summary(epochsDone, step, step * sampler.batchSize(), seconds, lastValidation,
                best, stoppedEarly, ResourcePeaks.peakHeapBytes(), ResourcePeaks.peakResidentBytes());
    }

    /** Each term's gradient norm at the embeddings kept from a step; frees them. */
    private Map<String, Double> measureTerms(NDList embeddings, int paired, ParameterStore ps) {
        try (embeddings) {
            NDArray sPos = embeddings.size() > 2 ? embeddings.get(2) : null;
            NDArray tPos = embeddings.size() > 2 ? embeddings.get(3) : null;
            return TermGradients.measure(objective, ps, embeddings.get(0), embeddings.get(1),
                    sPos, tPos, paired);
        }
    }

    /**
     * The per-epoch diagnostics: each term's gradient norm at the embeddings of the epoch's last
     * batch, the learned kernel weights, the logit scale and memory peaks.
     */
    private Map<String, Object> epochRecord(int epoch, long step, Map<String, Double> termGradients,
            double seconds) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("type", "epoch");
        record.put("epoch", epoch);
        record.put("step", step);
        record.put("seconds", seconds);
        record.putAll(termGradients);
        double[] kernelWeights = objective.currentKernelWeights();
        for (int k = 0; k < kernelWeights.length; k++) {
            record.put("kernel_weight_" + k, kernelWeights[k]);
        }
        record.put("logit_scale", objective.currentLogitScale());
        record.put("peak_heap_mb", ResourcePeaks.peakHeapBytes() / 1048576.0);
        record.put("peak_rss_mb", ResourcePeaks.peakResidentBytes() / 1048576.0);
        return record;
    }

    /**
     * One forward and backward pass; returns the terms as numbers. When {@code keep} is not null,
     * detached copies of the embeddings (S, T and any second views) are added to it, owned by the
     * long-lived manager until the caller closes the list.
     */
    private Map<String, Double> step(MixedBatchPlan plan, long step, int epoch, ParameterStore ps,
            NDManager manager, NDList keep) {
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
                if (keep != null) {
                    for (NDArray e : secondViews ? new NDArray[] {s, t, sPos, tPos} : new NDArray[] {s, t}) {
                        NDArray copy = e.stopGradient().duplicate();
                        copy.attach(manager);
                        keep.add(copy);
                    }
                }
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

    private void save(Path dir, AdamW optimizer, TrainingState state) throws IOException {
        model.save(dir.resolve("model.params"));
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(
                Files.newOutputStream(dir.resolve("optimizer.bin"))))) {
            optimizer.save(out);
        }
        Path config = runDirectory.resolve("config.json");
        if (Files.exists(config)) {
            Files.copy(config, dir.resolve("config.json"));
        }
        state.write(dir);
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
