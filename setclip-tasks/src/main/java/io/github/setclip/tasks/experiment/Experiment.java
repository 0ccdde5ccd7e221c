package io.github.setclip.tasks.experiment;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.util.JsonUtils;
import io.github.setclip.core.TwoStreamModel;
import io.github.setclip.data.InvalidSettingException;
import io.github.setclip.eval.PromptTemplates;
import io.github.setclip.tasks.DatasetSpec;
import io.github.setclip.tasks.Evaluation;
import io.github.setclip.tasks.Pretraining;
import io.github.setclip.tasks.RunFolder;
import io.github.setclip.train.AlignmentTask;
import io.github.setclip.train.TrainerOptions;
import io.github.setclip.train.TrainingConfig;
import io.github.setclip.train.TrainingSetup;
import io.github.setclip.train.TrainingSummary;
import io.github.setclip.train.listener.EarlyStopping;
import io.github.setclip.train.session.BestEpoch;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Runs every arm of an experiment once per seed, each a full training run with its own pairing
 * (the seed draws which items are paired) trained until validation stops improving, then scores
 * each run's best model on the test split (or the validation split, for sweeps).
 *
 * <p>Runs live in {@code <dir>/<arm>/seed-<k>/}. A run with a {@code result.json} is done and is
 * read back instead of retrained; a run with checkpoints is resumed; so an interrupted experiment
 * continues where it stopped.
 */
public final class Experiment {

    private final DatasetSpec dataset;
    private Map<String, Object> resolvedDataset;
    private final List<Arm> arms;
    private final TrainingConfig base;
    private final int seeds;
    private final EarlyStopping stopping;
    private final Path directory;
    private final AlignmentTask.Split scoredSplit;
    private final PromptTemplates templates;
    private final PrintStream console;
    private long maxSteps;
    private int microBatch;
    private long evalEvery;
    private List<ai.djl.Device> devices = List.of();

    /**
     * Plans an experiment.
     *
     * @param dataset the dataset every run uses
     * @param base the base configuration (epochs are the cap early stopping works under)
     * @param arms the methods to compare
     * @param seeds K, the runs per arm (seeds base.seed() .. base.seed() + K - 1)
     * @param stopping the early-stopping rule of every run
     * @param directory the experiment folder
     * @param scoredSplit TEST for comparisons, VALIDATION for sweeps (never tune on test)
     * @param templates zero-shot prompt templates
     * @param console where progress goes
     */
    public Experiment(DatasetSpec dataset, TrainingConfig base, List<Arm> arms, int seeds,
            EarlyStopping stopping, Path directory, AlignmentTask.Split scoredSplit,
            PromptTemplates templates, PrintStream console) {
        if (seeds < 1) {
            throw new InvalidSettingException("seeds", "must be >= 1, got " + seeds);
        }
        this.dataset = dataset;
        this.base = base;
        this.arms = List.copyOf(arms);
        this.seeds = seeds;
        this.stopping = stopping;
        this.directory = directory;
        this.scoredSplit = scoredSplit;
        this.templates = templates;
        this.console = console;
    }

    /**
     * Caps every run at the same number of optimiser steps (its epochs become the fewest that
     * reach the cap, at most the base epochs): an arm with small epochs, like CLIP on a few pairs,
     * then gets as many steps as the others instead of being starved by an epoch cap.
     *
     * @param steps the cap, 0 for none
     * @return this experiment
     */
    public Experiment optMaxSteps(long steps) {
        if (steps < 0) {
            throw new InvalidSettingException("maxSteps", "must be >= 0, got " + steps);
        }
        this.maxSteps = steps;
        return this;
    }

    /**
     * How every run executes: chunked embedding (GradCache) and devices; no effect on what is
     * learned beyond dropout's random numbers.
     *
     * @param rows rows per chunk (0: whole batches)
     * @param devices where chunks run (empty: the default device)
     * @return this experiment
     */
    public Experiment optExecution(int rows, List<ai.djl.Device> devices) {
        this.microBatch = rows;
        this.devices = List.copyOf(devices);
        return this;
    }

    /**
     * Validates every run every this many optimiser steps, inside epochs too, instead of after
     * every epoch; early stopping's patience then counts these evaluations.
     *
     * @param steps the interval, 0 for every epoch's end
     * @return this experiment
     */
    public Experiment optEvalEvery(long steps) {
        if (steps < 0) {
            throw new InvalidSettingException("evalEvery", "must be >= 0 steps, got " + steps);
        }
        this.evalEvery = steps;
        return this;
    }

    /**
     * Runs (or finishes) every run and writes the tables.
     *
     * @return the table
     * @throws IOException if a run folder cannot be written
     */
    public ExperimentTable run() throws IOException {
        boolean created = Files.notExists(directory);
        Files.createDirectories(directory);
        try {
            return runAll();
        } catch (IOException | RuntimeException e) {
            if (created) {
                removeIfEmpty(directory, e); // a failed start (unreadable data, say) leaves no empty folder
            }
            throw e;
        }
    }

    private static void removeIfEmpty(Path folder, Exception failure) {
        try (Stream<Path> entries = Files.list(folder)) {
            if (entries.findAny().isEmpty()) {
                Files.delete(folder);
            }
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }

    private ExperimentTable runAll() throws IOException {
        int total = arms.size() * seeds;
        List<RunResult> results = new ArrayList<>();
        long started = System.nanoTime();
        int trained = 0;
        double trainedSeconds = 0;
        int index = 0;
        for (int k = 0; k < seeds; k++) {
            long seed = base.seed() + k;
            for (Arm arm : arms) {
                index++;
                Path runDirectory = directory.resolve(arm.key()).resolve("seed-" + seed);
                Path resultFile = runDirectory.resolve("result.json");
                RunResult result;
                String how;
                requireSameConfiguration(arm, seed, runDirectory);
                if (Files.exists(resultFile)) {
                    result = RunResult.read(resultFile, arm.key());
                    how = "done earlier";
                } else {
                    long runStart = System.nanoTime();
                    console.printf(Locale.ROOT, "[%d/%d] %s, seed %d: training ...%n", index, total,
                            arm.name(), seed);
                    result = runOne(arm, seed, runDirectory);
                    Files.writeString(resultFile, JsonUtils.GSON_PRETTY.toJson(result) + "\n");
                    trained++;
                    trainedSeconds += (System.nanoTime() - runStart) / 1e9;
                    how = String.format(Locale.ROOT, "%.0f s", (System.nanoTime() - runStart) / 1e9);
                }
                results.add(result);
                double elapsed = (System.nanoTime() - started) / 1e9;
                int left = total - index;
                String eta = trained == 0 ? "?" : String.format(Locale.ROOT, "~%.0f min",
                        left * trainedSeconds / trained / 60);
                console.printf(Locale.ROOT, "[%d/%d] %s, seed %d: best epoch %d, %d steps, %s %s %.4f"
                                + " (%s); elapsed %.1f min, %d runs left, ETA %s%n",
                        index, total, arm.name(), seed, result.bestEpoch(), result.stepsToBest(),
                        scoredSplit.name().toLowerCase(Locale.ROOT), Pretraining.SCORE,
                        result.metrics().getOrDefault("retrieval/" + Pretraining.SCORE, Double.NaN),
                        how, elapsed / 60, left, eta);
            }
        }
        ExperimentTable table = new ExperimentTable(arms, results, scoredSplit);
        table.write(directory, describe());
        return table;
    }

    /** The configuration a run of an arm trains with: the arm's, this seed, the step budget's epochs. */
    private TrainingConfig runConfig(Arm arm, long seed) throws IOException {
        TrainingConfig config = arm.configure(seed);
        if (maxSteps > 0 && !arm.untrained()) {
            config = config.toBuilder().optEpochs(epochsFor(config)).build();
        }
        return config;
    }

    /** The dataset as a run records it: its towers' files named by their SHA-256 too. */
    private Map<String, Object> resolvedDataset() {
        if (resolvedDataset == null) {
            resolvedDataset = dataset.withTowers(dataset.towers().resolved()).toMap();
        }
        return resolvedDataset;
    }

    /**
     * A run folder read back or resumed must have been trained as this arm trains now, on the same
     * dataset setting (towers, second view, files): otherwise a changed default, recipe or dataset
     * flag would silently mix results of two configurations.
     */
    private void requireSameConfiguration(Arm arm, long seed, Path runDirectory) throws IOException {
        Path file = runDirectory.resolve("config.json");
        if (!Files.exists(file) || arm.untrained()) {
            return;
        }
        RunFolder folder = RunFolder.open(runDirectory);
        if (folder.dataset() != null && !folder.dataset().toMap().equals(resolvedDataset())) {
            throw new InvalidSettingException("directory", "holds " + runDirectory + ", trained on another"
                    + " dataset setting than this experiment's (" + folder.dataset().toMap() + " vs "
                    + resolvedDataset() + "); move that folder away or give the experiment another directory");
        }
        TrainingConfig stored = folder.config().canonical();
        TrainingConfig wanted = runConfig(arm, seed).canonical();
        if (!stored.equals(wanted)) {
            throw new InvalidSettingException("directory", "holds " + runDirectory + ", trained with another"
                    + " configuration than arm '" + arm.name() + "' has now (" + stored + " vs " + wanted
                    + "); move that folder away or give the experiment another directory");
        }
    }

    private RunResult runOne(Arm arm, long seed, Path runDirectory) throws IOException {
        TrainingConfig config = runConfig(arm, seed);
        TrainingSummary summary = null;
        if (arm.untrained()) {
            try (AlignmentTask task = dataset.open(); NDManager manager = NDManager.newBaseManager()) {
                Files.createDirectories(runDirectory.resolve("model"));
                task.prepare(runDirectory, true);
                Engine.getInstance().setRandomSeed((int) seed);
                TwoStreamModel model = task.newModel(config.newObjective(), manager);
                model.save(runDirectory.resolve("model/model.params"));
                Map<String, Object> provenance = new LinkedHashMap<>();
                provenance.put("dataset", task.name());
                provenance.put("dataset_spec", dataset.toMap());
                provenance.put("training", config);
                provenance.put("untrained", true);
                Files.writeString(runDirectory.resolve("config.json"),
                        JsonUtils.GSON_PRETTY.toJson(provenance) + "\n");
            }
        } else {
            boolean resume = Files.isDirectory(runDirectory.resolve("checkpoints"));
            summary = Pretraining.builder().setDataset(dataset).setConfig(config)
                    .setRunDirectory(runDirectory).optResume(resume)
                    .optTrainer(TrainerOptions.DEFAULTS.withProgressBar(false).withEarlyStopping(stopping)
                            .withMicroBatch(microBatch).withDevices(devices).withEvalEvery(evalEvery))
                    .build().run();
        }
        Map<String, Double> metrics;
        RunFolder run = RunFolder.open(runDirectory);
        try (AlignmentTask task = dataset.open(); NDManager manager = NDManager.newBaseManager()) {
            TwoStreamModel model = run.loadModel(task, manager);
            Evaluation.Result evaluation = new Evaluation(task, templates).optLinearProbe(false)
                    .evaluate(model, manager, scoredSplit);
            metrics = evaluation.flat();
        }
        if (summary == null) {
            return new RunResult(arm.key(), seed, 0, 0, 0, 0, 0, 0, metrics);
        }
        BestEpoch best = summary.best();
        return new RunResult(arm.key(), seed, best.epoch(), summary.epochs(), best.steps(),
                best.samples(), best.seconds(), summary.seconds(), metrics);
    }

    /** The epochs that reach the step cap for this configuration's batches. */
    private int epochsFor(TrainingConfig config) throws IOException {
        try (AlignmentTask task = dataset.open()) {
            int perEpoch = TrainingSetup.sampler(config, task.pools(config)).stepsPerEpoch();
            long epochs = (maxSteps + perEpoch - 1) / perEpoch;
            return (int) Math.max(1, Math.min(config.epochs(), epochs));
        }
    }

    private Map<String, Object> describe() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("dataset", dataset.toMap());
        d.put("base", base);
        d.put("seeds", seeds);
        d.put("max_steps", maxSteps);
        d.put("early_stopping", stopping);
        if (evalEvery > 0) {
            d.put("eval_every", evalEvery);
        }
        d.put("scored_split", scoredSplit.name().toLowerCase(Locale.ROOT));
        return d;
    }
}
