package io.github.setclip.train;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import io.github.setclip.core.LockedTower;
import io.github.setclip.core.TwoStreamModel;
import io.github.setclip.data.DamagedFileException;
import io.github.setclip.data.InvalidSettingException;
import io.github.setclip.data.batch.MixedBatchPlan;
import io.github.setclip.data.batch.MixedBatchSampler;
import io.github.setclip.data.batch.SemiPairedPools;
import io.github.setclip.losses.NonFiniteInputException;
import io.github.setclip.losses.SetClipObjective;
import io.github.setclip.train.listener.CheckpointListener;
import io.github.setclip.train.listener.EarlyStopping;
import io.github.setclip.train.listener.EarlyStoppingListener;
import io.github.setclip.train.listener.MetricsListener;
import io.github.setclip.train.listener.ProgressBarListener;
import io.github.setclip.train.listener.Validation;
import io.github.setclip.train.listener.ValidationListener;
import io.github.setclip.train.session.BestEpoch;
import io.github.setclip.train.session.CheckpointState;
import io.github.setclip.train.session.EpochRecord;
import io.github.setclip.train.session.EvaluationRecord;
import io.github.setclip.train.session.StepRecord;
import io.github.setclip.train.session.TrainingListener;
import io.github.setclip.train.session.TrainingSession;
import io.github.setclip.train.session.TrainingState;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Trains a {@link TwoStreamModel} under its {@link SetClipObjective} on mixed paired/unpaired
 * batches: AdamW, warm-up + cosine learning rate, gradient clipping. Everything else hangs off the
 * session as a {@link TrainingListener}: the progress bar, the metrics log, validation, early
 * stopping with the best model, checkpoints (see {@link Builder} for the defaults).
 *
 * <p>Every random choice is a function of (seed, epoch, step): batch plans come from the sampler,
 * views from per-step {@link ViewSeeds}, dropout from the engine's generator reseeded per step. A
 * run resumed from any checkpoint, at an epoch's end or in its middle, therefore repeats the
 * uninterrupted run's steps exactly.
 *
 * <p>A tower that is a {@link LockedTower} has its encoder left out of the optimiser (frozen
 * parameters get no gradient and no moments) and its training items embedded once, with a
 * progress bar, before the first step (cached under {@code RUN/cache/}), so its steps cost the
 * head only.
 */
public final class AlignmentTrainer {

    private final TrainingConfig config;
    private final TwoStreamModel model;
    private final SetClipObjective objective;
    private final MixedBatchSampler sampler;
    private final ModalityInput sInput;
    private final ModalityInput tInput;
    private final Path runDirectory;
    private final PrintStream console;
    private final List<TrainingListener> listeners;
    private final ItemKeywords keywords;
    private final int microBatch;
    private final List<Device> devices;
    private final boolean progressBar;
    private final long evalEvery;

    private AlignmentTrainer(Builder builder) {
        this.config = builder.config;
        this.model = builder.model;
        this.objective = builder.objective;
        this.sampler = builder.sampler;
        this.sInput = builder.sInput;
        this.tInput = builder.tInput;
        this.runDirectory = builder.runDirectory;
        this.console = builder.console;
        this.listeners = List.copyOf(builder.listeners());
        this.keywords = builder.keywords;
        this.microBatch = builder.microBatch;
        this.devices = List.copyOf(builder.devices);
        this.progressBar = builder.progressBar;
        this.evalEvery = builder.evalEvery;
    }

    /** A builder; the model, sampler, inputs, configuration and run folder are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** The listeners of this trainer, in the order they are called. */
    public List<TrainingListener> listeners() {
        return listeners;
    }

    /**
     * Trains for the configured epochs, starting from the newest checkpoint when {@code resume}.
     *
     * @param manager the long-lived manager owning model and optimiser state
     * @param resume whether to continue from the newest checkpoint in the run folder
     * @return the run's summary
     * @throws IOException if checkpoints or metrics cannot be read or written
     */
    public TrainingSummary train(NDManager manager, boolean resume) throws IOException {
        Files.createDirectories(runDirectory);
        Session session = new Session(manager, resume);
        if (resume) {
            session.restoreNewest();
        }
        return session.run();
    }

    /** One call of {@link #train}: the loop and what listeners may see and ask. */
    private final class Session implements TrainingSession {

        private final NDManager manager;
        private final boolean resumed;
        private final Checkpoints checkpoints = new Checkpoints(runDirectory);
        private final AdamW optimizer = new AdamW(0.9, 0.999, 1e-8, config.weightDecay());
        private final List<Parameter> parameters = new ArrayList<>();
        private final int stepsPerEpoch = sampler.stepsPerEpoch();
        private final BatchStep batchStep;
        private final List<CheckpointState> states = new ArrayList<>();
        private final ParameterLoader parameterLoader = new ParameterLoader(model);
        private int completedEpochs;
        private long steps;
        private double secondsBefore;
        private long started;
        private BestEpoch best;
        private String stopReason;

        Session(NDManager manager, boolean resumed) {
            this.manager = manager;
            this.resumed = resumed;
            for (Pair<String, Parameter> p : model.getParameters()) {
                if (p.getValue().requiresGradient()) {
                    parameters.add(p.getValue()); // a locked encoder's get no optimiser state
                }
            }
            GradientCache cache = microBatch > 0 || devices.size() > 1
                    ? new GradientCache(microBatch > 0 ? microBatch : Integer.MAX_VALUE, devices) : null;
            if (cache != null && cache.cuts(sampler.batchSize()) && GradientCache.normalisesPerChunk(model)) {
                console.printf("note: batches are embedded in chunks of %d rows and a tower has batch"
                        + " normalisation, which then uses each chunk's statistics (not the whole batch's):"
                        + " the step is not the unchunked one%n", microBatch);
            }
            batchStep = new BatchStep(config, model, objective, sInput, tInput, keywords, sampler.pools(),
                    cache, manager);
            states.addAll(batchStep.states());
            for (TrainingListener listener : listeners) {
                if (listener instanceof CheckpointState stateful) {
                    states.add(stateful);
                }
            }
        }

        /**
         * Restores the newest usable checkpoint: one with a file missing, cut short or changed
         * (its manifest says so), or one that fails to load, is skipped with a warning naming it.
         */
        void restoreNewest() throws IOException {
            List<Path> candidates = checkpoints.newestFirst();
            if (candidates.isEmpty()) {
                throw new IllegalArgumentException("resume: no checkpoint in "
                        + runDirectory.resolve("checkpoints"));
            }
            String newestProblem = null;
            for (Path candidate : candidates) {
                String problem = Checkpoints.problem(candidate).map(p -> candidate + " " + p).orElse(null);
                if (problem == null) {
                    try {
                        restore(candidate);
                        return;
                    } catch (IOException | RuntimeException e) {
                        problem = e.getMessage() != null ? e.getMessage() : candidate + ": " + e;
                    }
                }
                console.printf("warning: skipping a damaged checkpoint: %s%n", problem);
                newestProblem = newestProblem == null ? problem : newestProblem;
            }
            throw new DamagedFileException(runDirectory.resolve("checkpoints"), "holds no usable checkpoint"
                    + " (the newest: " + newestProblem + ")");
        }

        private void restore(Path checkpoint) throws IOException {
            TrainingState state = TrainingState.read(checkpoint);
            parameterLoader.load(manager, checkpoint.resolve("model.params"));
            optimizer.load(checkpoint.resolve("optimizer.bin"), manager, parameters);
            for (CheckpointState stateful : states) {
                stateful.restore(checkpoint, manager);
            }
            completedEpochs = state.epoch();
            steps = state.steps();
            secondsBefore = state.seconds();
            best = state.best();
            console.printf("resuming at step %d (epoch %d) from %s%n", steps, completedEpochs, checkpoint);
        }

        TrainingSummary run() throws IOException {
            LearningRateSchedule schedule = new LearningRateSchedule(
                    config.learningRate(), config.warmUpSteps(), stepsPerEpoch * config.epochs());
            ParameterStore ps = new ParameterStore(manager, false);
            warmLockedTowers();
            started = System.nanoTime();
            Map<String, Double> lastValidation = best == null ? Map.of() : best.validation();
            for (TrainingListener listener : listeners) {
                listener.onTrainingBegin(this);
            }
            while (stopReason == null && completedEpochs < config.epochs()) {
                int epoch = completedEpochs;
                int firstStep = Math.toIntExact(steps - (long) epoch * stepsPerEpoch);
                for (TrainingListener listener : listeners) {
                    listener.onEpochBegin(this, epoch + 1, firstStep);
                }
                long epochStart = System.nanoTime();
                Map<String, Object> measured = Map.of();
                List<MixedBatchPlan> plans = sampler.plans(epoch);
                boolean stoppedInside = false;
                for (MixedBatchPlan plan : plans.subList(firstStep, plans.size())) {
                    boolean last = plan.step() == stepsPerEpoch - 1;
                    if (!last) { // inputs that read from disk start on the next batch meanwhile
                        MixedBatchPlan next = plans.get(plan.step() + 1);
                        sInput.prefetch(next.sRows());
                        tInput.prefetch(next.tRows());
                    }
                    BatchStep.Result step = guarded(() -> batchStep.run(plan, steps, epoch, ps, last), epoch);
                    double lr = schedule.at(steps);
                    clipGradients();
                    optimizer.step(parameters, lr, manager);
                    batchStep.afterUpdate(ps);
                    Map<String, Object> after = batchStep.after(step, steps, ps, last);
                    if (last) {
                        measured = after;
                    }
                    Map<String, Double> terms = step.terms();
                    steps++;
                    double seconds = (System.nanoTime() - epochStart) / 1e9;
                    double rate = (plan.step() - firstStep + 1) * (double) sampler.batchSize() / seconds;
                    StepRecord record = new StepRecord(epoch + 1, plan.step(), steps, lr, terms, rate);
                    for (TrainingListener listener : listeners) {
                        listener.onStep(this, record);
                    }
                    if (evaluatesAt(steps)) {
                        EvaluationRecord evaluation = new EvaluationRecord(epoch + 1, steps);
                        for (TrainingListener listener : listeners) {
                            listener.onEvaluation(this, evaluation);
                        }
                        lastValidation = evaluation.validation();
                        if (stopReason != null && !last) {
                            stoppedInside = true;
                            break;
                        }
                    }
                }
                if (stoppedInside) {
                    break; // stopped right after an evaluation inside the epoch
                }
                completedEpochs = epoch + 1;
                EpochRecord record = new EpochRecord(completedEpochs, steps,
                        (System.nanoTime() - epochStart) / 1e9, diagnostics(measured));
                for (TrainingListener listener : listeners) {
                    listener.onEpochEnd(this, record);
                }
                if (evalEvery == 0) {
                    lastValidation = record.validation();
                }
            }
            for (TrainingListener listener : listeners) {
                listener.onTrainingEnd(this);
            }
            int begun = Math.toIntExact(Math.max(completedEpochs, (steps + stepsPerEpoch - 1) / stepsPerEpoch));
            return new TrainingSummary(begun, steps, steps * sampler.batchSize(), seconds(),
                    lastValidation, best, stopReason != null,
                    ResourcePeaks.peakHeapBytes(), ResourcePeaks.peakResidentBytes());
        }

        /** Embeds every training item of each locked tower once, before the first step. */
        private void warmLockedTowers() throws IOException {
            SemiPairedPools pools = sampler.pools();
            if (model.sTower() instanceof LockedTower s) {
                LockedTowerWarmUp.warm(s, "s", sInput, union(pools.pairedIndices(), pools.unpairedS()),
                        runDirectory, console, progressBar, manager);
            }
            if (model.tTower() instanceof LockedTower t) {
                LockedTowerWarmUp.warm(t, "t", tInput, union(pools.pairedIndices(), pools.unpairedT()),
                        runDirectory, console, progressBar, manager);
                LockedTowerWarmUp.warmRows(t, "t", batchStep::keywordVocabularyInput, "keywords", runDirectory,
                        console, manager);
            }
        }

        private static int[] union(int[] a, int[] b) {
            return java.util.stream.IntStream.concat(java.util.Arrays.stream(a), java.util.Arrays.stream(b))
                    .distinct().sorted().toArray();
        }

        /**
         * Runs a step, naming divergence as such: weights grown past float range make the towers'
         * embeddings NaN or infinite, which the objective refuses as input before any loss term
         * could be checked.
         */
        private BatchStep.Result guarded(Supplier<BatchStep.Result> step, int epoch) {
            try {
                return step.get();
            } catch (NonFiniteInputException e) {
                throw NonFiniteLossException.inEmbeddings(e.getMessage(), epoch + 1, steps + 1);
            }
        }

        /** Term gradient norms, kernel weights, logit scale and memory peaks. */
        private Map<String, Object> diagnostics(Map<String, Object> measured) {
            Map<String, Object> d = new LinkedHashMap<>(measured);
            double[] kernelWeights = objective.currentKernelWeights();
            for (int k = 0; k < kernelWeights.length; k++) {
                d.put("kernel_weight_" + k, kernelWeights[k]);
            }
            d.put("logit_scale", objective.currentLogitScale());
            d.put("peak_heap_mb", ResourcePeaks.peakHeapBytes() / 1048576.0);
            d.put("peak_rss_mb", ResourcePeaks.peakResidentBytes() / 1048576.0);
            return d;
        }

        /** Scales all gradients so that their global L2 norm is at most the configured clip. */
        private void clipGradients() {
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

        private double seconds() {
            return secondsBefore + (System.nanoTime() - started) / 1e9;
        }

        @Override
        public NDManager manager() {
            return manager;
        }

        @Override
        public TwoStreamModel model() {
            return model;
        }

        @Override
        public SetClipObjective objective() {
            return objective;
        }

        @Override
        public Path runDirectory() {
            return runDirectory;
        }

        @Override
        public PrintStream console() {
            return console;
        }

        @Override
        public boolean resumed() {
            return resumed;
        }

        @Override
        public int epochs() {
            return config.epochs();
        }

        @Override
        public int stepsPerEpoch() {
            return stepsPerEpoch;
        }

        @Override
        public long evalEvery() {
            return evalEvery;
        }

        @Override
        public int rowsPerStep() {
            return sampler.batchSize();
        }

        @Override
        public TrainingState state() {
            return new TrainingState(completedEpochs, steps, seconds(), best);
        }

        @Override
        public void recordBest(BestEpoch newBest) {
            this.best = newBest;
        }

        @Override
        public void requestStop(String reason) {
            this.stopReason = reason;
        }

        @Override
        public void saveCheckpoint() throws IOException {
            requireFiniteState();
            TrainingState state = state();
            checkpoints.save(steps, dir -> {
                model.save(dir.resolve("model.params"));
                try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(
                        Files.newOutputStream(dir.resolve("optimizer.bin"))))) {
                    optimizer.save(out);
                }
                Path configFile = runDirectory.resolve("config.json");
                if (Files.exists(configFile)) {
                    Files.copy(configFile, dir.resolve("config.json"));
                }
                for (CheckpointState stateful : states) {
                    stateful.save(dir);
                }
                state.write(dir);
            });
        }

        /** Refuses to checkpoint NaN or infinite weights or moments, which only diverge again. */
        private void requireFiniteState() {
            try (NDManager scope = manager.newSubManager()) {
                for (Parameter p : parameters) {
                    NDArray weight = p.getArray();
                    scope.tempAttachAll(weight);
                    if (!Finite.all(weight)) {
                        throw NonFiniteLossException.inState("parameter '" + p.getName() + "'", steps);
                    }
                }
            }
            if (!optimizer.isFinite(manager)) {
                throw NonFiniteLossException.inState("the optimiser's moments", steps);
            }
        }
    }

    /**
     * Configures a trainer. Unless turned off, the listeners are, in this order: a progress bar on
     * the console, validation (when given), the metrics log ({@code metrics.jsonl}), early
     * stopping (when given; it needs validation), checkpoints (at every epoch's end, and every
     * {@link #optCheckpointEvery} steps), then the listeners added with {@link #addListener}.
     */
    public static final class Builder {

        private TrainingConfig config;
        private TwoStreamModel model;
        private SetClipObjective objective;
        private MixedBatchSampler sampler;
        private ModalityInput sInput;
        private ModalityInput tInput;
        private Path runDirectory;
        private PrintStream console = new PrintStream(OutputStream.nullOutputStream());
        private boolean progressBar = true;
        private Validation validation;
        private EarlyStopping earlyStopping;
        private long checkpointEvery;
        private long evalEvery;
        private ItemKeywords keywords;
        private int microBatch;
        private List<Device> devices = List.of();
        private final List<TrainingListener> extra = new ArrayList<>();

        Builder() {}

        /** The run's configuration (schedule, optimiser, seed, epochs); required. */
        public Builder setConfig(TrainingConfig config) {
            this.config = config;
            return this;
        }

        /**
         * The initialised model to train; required. Its objective block is the objective trained
         * under (build it with {@link TrainingConfig#objective()}).
         */
        public Builder setModel(TwoStreamModel model) {
            if (model == null || !(model.objective() instanceof SetClipObjective o)) {
                throw new IllegalArgumentException("model must have a SetClipObjective as its objective block");
            }
            this.model = model;
            this.objective = o;
            return this;
        }

        /** Plans the batches; required. */
        public Builder setSampler(MixedBatchSampler sampler) {
            this.sampler = sampler;
            return this;
        }

        /** Turn item indices into tower inputs for S and T; required. */
        public Builder setInputs(ModalityInput sInput, ModalityInput tInput) {
            this.sInput = sInput;
            this.tInput = tInput;
            return this;
        }

        /** Where checkpoints, metrics.jsonl and the best model go; required. */
        public Builder setRunDirectory(Path runDirectory) {
            this.runDirectory = runDirectory;
            return this;
        }

        /** Where progress and messages go (default: nowhere). */
        public Builder optConsole(PrintStream console) {
            this.console = console;
            return this;
        }

        /** Whether to draw DJL's progress bar (default true; it writes to standard output). */
        public Builder optProgressBar(boolean progressBar) {
            this.progressBar = progressBar;
            return this;
        }

        /**
         * Sets every option {@link TrainerOptions} holds (console, progress bar, early stopping,
         * extra checkpoints, chunking, devices, evaluation interval), as the single {@code opt}
         * methods would.
         */
        public Builder optOptions(TrainerOptions options) {
            return optConsole(options.console()).optProgressBar(options.progressBar())
                    .optEarlyStopping(options.earlyStopping()).optCheckpointEvery(options.checkpointEvery())
                    .optMicroBatch(options.microBatch()).optDevices(options.devices())
                    .optEvalEvery(options.evalEvery());
        }

        /**
         * Validation (and with it early stopping and the best model) every this many optimiser
         * steps, inside epochs too, and after the run's last step; early stopping's patience then
         * counts these evaluations. Default 0: after every epoch.
         */
        public Builder optEvalEvery(long steps) {
            if (steps < 0) {
                throw new InvalidSettingException("evalEvery", "must be >= 0 steps, got " + steps);
            }
            this.evalEvery = steps;
            return this;
        }

        /** Validation after every epoch, or every {@link #optEvalEvery} steps (default none). */
        public Builder optValidation(Validation validation) {
            this.validation = validation;
            return this;
        }

        /** Stops once validation stops improving and keeps the best model (needs a validation). */
        public Builder optEarlyStopping(EarlyStopping earlyStopping) {
            this.earlyStopping = earlyStopping;
            return this;
        }

        /**
         * Also writes a checkpoint every this many optimiser steps (default 0: only at the end of
         * every epoch), for runs whose epochs take long.
         */
        public Builder optCheckpointEvery(long steps) {
            if (steps < 0) {
                throw new InvalidSettingException("checkpointEvery", "must be >= 0 steps, got " + steps);
            }
            this.checkpointEvery = steps;
            return this;
        }

        /**
         * The keywords of the T items, for S-CLIP's keyword loss (default none: the loss is then
         * left out).
         */
        public Builder optKeywords(ItemKeywords keywords) {
            this.keywords = keywords;
            return this;
        }

        /**
         * Embeds batches in chunks of at most this many rows with exact gradients (GradCache):
         * activation memory of one chunk, the objective still on the whole batch. Default 0: the
         * whole batch at once.
         */
        public Builder optMicroBatch(int rows) {
            if (rows < 0) {
                throw new InvalidSettingException("microBatch", "must be >= 0 rows, got " + rows);
            }
            this.microBatch = rows;
            return this;
        }

        /**
         * Runs the chunks on these devices in turn (data parallel with a global-batch objective on
         * the first); default: the parameters' own device.
         */
        public Builder optDevices(List<Device> devices) {
            this.devices = List.copyOf(devices);
            return this;
        }

        /** Adds a listener, called after the default ones. */
        public Builder addListener(TrainingListener listener) {
            extra.add(listener);
            return this;
        }

        private List<TrainingListener> listeners() {
            List<TrainingListener> all = new ArrayList<>();
            if (progressBar) {
                all.add(new ProgressBarListener());
            }
            if (validation != null) {
                all.add(new ValidationListener(validation));
            }
            all.add(new MetricsListener());
            if (earlyStopping != null) {
                all.add(new EarlyStoppingListener(earlyStopping, runDirectory));
            }
            all.add(new CheckpointListener(checkpointEvery));
            all.addAll(extra);
            return all;
        }

        /** Builds the trainer. */
        public AlignmentTrainer build() {
            if (config == null || model == null || sampler == null || sInput == null || tInput == null
                    || runDirectory == null) {
                throw new IllegalArgumentException(
                        "a trainer needs a configuration, a model, a sampler, both inputs and a run folder");
            }
            if (earlyStopping != null && validation == null) {
                throw new IllegalArgumentException("early stopping needs a validation");
            }
            return new AlignmentTrainer(this);
        }
    }
}
