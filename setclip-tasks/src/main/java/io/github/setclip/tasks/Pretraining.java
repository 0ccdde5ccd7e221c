package io.github.setclip.tasks;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.util.JsonUtils;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.github.setclip.core.TwoStreamModel;
import io.github.setclip.data.DamagedFileException;
import io.github.setclip.data.InvalidSettingException;
import io.github.setclip.data.JsonFile;
import io.github.setclip.data.batch.SemiPairedPools;
import io.github.setclip.eval.Retrieval;
import io.github.setclip.train.AlignmentTask;
import io.github.setclip.train.AlignmentTrainer;
import io.github.setclip.train.EmbeddedSplit;
import io.github.setclip.train.TrainerOptions;
import io.github.setclip.train.TrainingConfig;
import io.github.setclip.train.TrainingSetup;
import io.github.setclip.train.TrainingSummary;
import io.github.setclip.train.listener.EarlyStoppingListener;
import io.github.setclip.train.session.BestEpoch;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One pretraining run of any {@link AlignmentTask}: builds the model, trains it with validation
 * retrieval after every epoch (and early stopping when asked), and writes the run folder:
 * config.json (configuration and provenance), metrics.jsonl, checkpoints/, best/, model/ and
 * summary.json.
 *
 * <pre>{@code
 * TrainingSummary summary = Pretraining.builder()
 *         .setDataset(DatasetSpec.emoji())
 *         .setConfig(config)
 *         .setRunDirectory(Path.of("runs/mine"))
 *         .optTrainer(TrainerOptions.DEFAULTS.withEarlyStopping(new EarlyStopping(Pretraining.SCORE, 5, 0)))
 *         .build()
 *         .run();
 * }</pre>
 */
public final class Pretraining {

    /** The validation metric early stopping watches: the mean of R@1/5/10 in both directions. */
    public static final String SCORE = "mean_recall";

    private DatasetSpec spec;
    private final AlignmentTask task;
    private final TrainingConfig config;
    private final Path runDirectory;
    private final boolean resume;
    private final TrainerOptions trainerOptions;
    private final PrintStream console;

    private Pretraining(Builder b) {
        this.spec = b.spec;
        this.task = b.task;
        this.config = b.config;
        this.runDirectory = b.runDirectory;
        this.resume = b.resume;
        this.trainerOptions = b.trainerOptions;
        this.console = b.trainerOptions.console();
    }

    /** A builder; the dataset (a spec or an open task), the configuration and the run folder are required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Trains (or resumes) the run. A dataset given as a spec is opened and closed here, and the
     * spec is saved in config.json so that {@code setclip eval} can open the same data again. A
     * start that fails before training begins (data that cannot be read, say) leaves the run
     * folder as it found it: a folder it created is removed, files that were there are kept.
     *
     * @return the run's summary
     * @throws IOException if data or run files cannot be read or written
     */
    public TrainingSummary run() throws IOException {
        if (resume && Files.exists(runDirectory.resolve(RunFolder.CONFIG))
                && RunFolder.open(runDirectory).dataset() != null) {
            RunFolder.open(runDirectory).dataset().towers().resolved(); // a moved or changed file, named
        }
        if (spec != null) {
            spec = spec.withTowers(spec.towers().resolved()); // record the encoder files' SHA-256
        }
        boolean started = hasCheckpoints(runDirectory) || hasCheckpoints(runDirectory.resolve(STAGE1));
        Path summary = runDirectory.resolve(SUMMARY);
        if (resume && !Files.exists(runDirectory)) {
            throw new InvalidSettingException("resume", "needs the run folder to continue; " + runDirectory
                    + " does not exist");
        }
        if (resume && !started && !Files.exists(runDirectory.resolve(RunFolder.CONFIG))) {
            throw new InvalidSettingException("resume",
                    "found no checkpoint in " + runDirectory.resolve("checkpoints"));
        }
        StartingFolder before = StartingFolder.of(runDirectory);
        try (RunLock lock = RunLock.acquire(runDirectory)) {
            try {
                return runLocked(summary, started);
            } catch (IOException | RuntimeException e) {
                before.undoFailedStart(e);
                throw e;
            }
        }
    }

    /** {@link #run} once the run folder is locked. */
    private TrainingSummary runLocked(Path summary, boolean started) throws IOException {
        if (resume && Files.exists(summary)) {
            TrainingSummary finished = readSummary(summary);
            console.printf("%s already finished (%d epochs); nothing to resume%n", runDirectory,
                    finished.epochs());
            return finished;
        }
        if (resume) {
            SameRun.require(RunFolder.open(runDirectory), config, spec, trainerOptions.earlyStopping(),
                    trainerOptions.evalEvery());
            if (!started) {
                console.printf("no checkpoint in %s yet: the run starts from the beginning%n",
                        runDirectory.resolve("checkpoints"));
            }
        } else if (started) {
            throw new InvalidSettingException("resume", "is needed to continue " + runDirectory
                    + ", which holds the checkpoints of a run (or give another run folder)");
        }
        if (task != null) {
            return run(task);
        }
        try (AlignmentTask opened = spec.open()) {
            return run(opened);
        }
    }

    /** Whether a folder holds a checkpoint of a run (usable or not). */
    private static boolean hasCheckpoints(Path runDirectory) throws IOException {
        Path folder = runDirectory.resolve("checkpoints");
        if (!Files.isDirectory(folder)) {
            return false;
        }
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.anyMatch(p -> p.getFileName().toString().startsWith("step-"));
        }
    }

    private TrainingSummary run(AlignmentTask task) throws IOException {
        boolean twoStage = config.semi().twoStage();
        Path stage1 = runDirectory.resolve(STAGE1);
        task.prepare(runDirectory, true);
        SemiPairedPools pools = task.pools(config);
        writeConfig(task, pools);
        console.printf("setclip pretrain (%s, %s): %d paired, %d S-only, %d T-only training items;"
                        + " run folder %s%n", task.name(), config.method(), pools.numPaired(),
                config.isClip() ? 0 : pools.numUnpairedS(), config.isClip() ? 0 : pools.numUnpairedT(),
                runDirectory);
        try (NDManager manager = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed((int) config.seed());
            TrainingConfig aligned = config;
            TrainingSummary first = null;
            if (twoStage) {
                first = selfSupervisedStage(task, TrainingSetup.firstStage(config, pools,
                        TrainingSetup.firstStageSteps(config, pools)), manager);
                aligned = TrainingSetup.secondStage(config);
            }
            boolean resumeAligned = resume && hasCheckpoints(runDirectory);
            TwoStreamModel model = TrainingSetup.model(aligned, task, manager);
            if (first != null && !resumeAligned) {
                loadTowers(model, stage1.resolve(TOWERS), manager);
            }
            AlignmentTrainer trainer = TrainingSetup.trainer(aligned, task, pools, model)
                    .setRunDirectory(runDirectory)
                    .optOptions(trainerOptions)
                    .optValidation((m, scope) -> validate(task, m, scope))
                    .build();
            TrainingSummary summary = trainer.train(manager, resumeAligned);
            if (first != null) {
                summary = afterFirstStage(first, summary);
            }
            Path best = runDirectory.resolve(EarlyStoppingListener.BEST_MODEL);
            if (summary.best() != null && Files.exists(best)) {
                Files.createDirectories(runDirectory.resolve("model"));
                Path temp = Files.createTempFile(runDirectory.resolve("model"), "model.params", ".tmp");
                try {
                    Files.copy(best, temp, StandardCopyOption.REPLACE_EXISTING);
                    Files.move(temp, runDirectory.resolve("model/model.params"),
                            StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } finally {
                    Files.deleteIfExists(temp);
                }
            } else {
                model.save(runDirectory.resolve("model/model.params"));
            }
            if (!task.warnings().isEmpty()) {
                console.println("data: " + task.warnings());
            }
            JsonObject written = JsonUtils.GSON.toJsonTree(summary).getAsJsonObject();
            Object unpaired = task.describe().get("unpaired");
            if (unpaired != null) {
                written.add("unpaired", JsonUtils.GSON.toJsonTree(unpaired)); // sources: path, count, hash
            }
            writeAtomically(runDirectory.resolve(SUMMARY), JsonUtils.GSON_PRETTY.toJson(written) + "\n");
            return summary;
        }
    }

    /** The first stage's folder inside a two-stage run. */
    static final String STAGE1 = "stage1";

    /** The summary of a finished run (or stage), written last. */
    private static final String SUMMARY = "summary.json";

    /** The first stage's towers, the starting point of the second. */
    private static final String TOWERS = "towers.params";

    /**
     * Two-stage training's first stage ({@link TrainingSetup#firstStage}), with no validation
     * (nothing is aligned yet). Writes {@code stage1/} (checkpoints, metrics, summary) and the
     * towers; a finished stage is read back, an interrupted one resumed.
     */
    private TrainingSummary selfSupervisedStage(AlignmentTask task, TrainingSetup.Stage stage,
            NDManager manager) throws IOException {
        Path folder = runDirectory.resolve(STAGE1);
        Path summaryFile = folder.resolve(SUMMARY);
        if (Files.exists(summaryFile) && Files.exists(folder.resolve(TOWERS))) {
            return readSummary(summaryFile);
        }
        int epochs = stage.config().epochs();
        console.printf("two-stage: first %d steps (%d epochs) of self-supervised training on every item%n",
                epochs * (long) stage.sampler().stepsPerEpoch(), epochs);
        Engine.getInstance().setRandomSeed((int) config.seed());
        TwoStreamModel model = TrainingSetup.model(stage.config(), task, manager);
        TrainingSummary summary = AlignmentTrainer.builder().setConfig(stage.config()).setModel(model)
                .setSampler(stage.sampler()).setInputs(task.sInput(), task.tInput()).setRunDirectory(folder)
                .optConsole(console).optProgressBar(trainerOptions.progressBar()).build()
                .train(manager, hasCheckpoints(folder));
        saveTowers(model, folder.resolve(TOWERS));
        writeAtomically(summaryFile, JsonUtils.GSON_PRETTY.toJson(summary) + "\n");
        return summary;
    }

    /** The whole run's cost: the first stage's steps, samples and seconds added to the second's. */
    private static TrainingSummary afterFirstStage(TrainingSummary first, TrainingSummary second) {
        BestEpoch best = second.best() == null ? null : new BestEpoch(second.best().epoch(),
                second.best().value(), second.best().steps() + first.steps(),
                second.best().samples() + first.samples(), second.best().seconds() + first.seconds(),
                second.best().validation());
        return new TrainingSummary(second.epochs(), second.steps() + first.steps(),
                second.samples() + first.samples(), second.seconds() + first.seconds(),
                second.lastValidation(), best, second.stoppedEarly(), second.peakHeapBytes(),
                second.peakResidentBytes());
    }

    private static void saveTowers(TwoStreamModel model, Path file) throws IOException {
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        try (java.io.DataOutputStream out = new java.io.DataOutputStream(
                new java.io.BufferedOutputStream(Files.newOutputStream(temp)))) {
            model.sTower().saveParameters(out);
            model.tTower().saveParameters(out);
        }
        Files.move(temp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static void loadTowers(TwoStreamModel model, Path file, NDManager manager) throws IOException {
        try (java.io.DataInputStream in = new java.io.DataInputStream(
                new java.io.BufferedInputStream(Files.newInputStream(file)))) {
            model.sTower().loadParameters(manager, in);
            model.tTower().loadParameters(manager, in);
        } catch (ai.djl.MalformedModelException | RuntimeException e) {
            throw new IOException(file + ": cannot load the first stage's towers: " + e.getMessage(), e);
        }
        model.getParameters().values().stream().filter(ai.djl.nn.Parameter::requiresGradient)
                .forEach(p -> p.getArray().setRequiresGradient(true));
    }

    /** Full-gallery retrieval on the validation split, plus {@link #SCORE}. */
    public static Map<String, Double> validate(AlignmentTask task, TwoStreamModel model,
            NDManager manager) {
        EmbeddedSplit split = task.embed(model, manager, AlignmentTask.Split.VALIDATION);
        Retrieval.Bidirectional retrieval =
                Retrieval.between(split.s(), split.t(), split.partnerMask(manager));
        Map<String, Double> metrics = new LinkedHashMap<>(retrieval.toMap("i2t_", "t2i_"));
        metrics.put(SCORE, meanRecall(retrieval));
        return metrics;
    }

    /** The mean of Recall@1/5/10 in both directions: one number to select epochs and settings by. */
    static double meanRecall(Retrieval.Bidirectional r) {
        return (r.sToT().recallAt1() + r.sToT().recallAt5() + r.sToT().recallAt10()
                + r.tToS().recallAt1() + r.tToS().recallAt5() + r.tToS().recallAt10()) / 6;
    }

    /**
     * Writes config.json for a new run; a resumed run keeps its own, recording a changed learning
     * rate, gradient clip or checkpoint interval (checkpoints copy config.json, so each keeps the
     * settings it was trained under).
     */
    private void writeConfig(AlignmentTask task, SemiPairedPools pools) throws IOException {
        Path file = runDirectory.resolve(RunFolder.CONFIG);
        if (resume && Files.exists(file)) {
            SameSources.require(JsonFile.read(file), task.describe(), file);
            RunFolder stored = RunFolder.open(runDirectory);
            if (stored.config().equals(config) && stored.checkpointEvery() == trainerOptions.checkpointEvery()) {
                return;
            }
            JsonObject json = JsonFile.read(file);
            json.add("training", JsonUtils.GSON.toJsonTree(config));
            json.addProperty("checkpoint_every", trainerOptions.checkpointEvery());
            JsonArray changes = json.has("resumed_with") && json.get("resumed_with").isJsonArray()
                    ? json.getAsJsonArray("resumed_with") : new JsonArray();
            changes.add(JsonUtils.GSON.toJsonTree(Map.of("learningRate", config.learningRate(),
                    "gradientClip", config.gradientClip(), "checkpointEvery", trainerOptions.checkpointEvery())));
            json.add("resumed_with", changes);
            writeAtomically(file, JsonUtils.GSON_PRETTY.toJson(json) + "\n");
            return;
        }
        Map<String, Object> provenance = new LinkedHashMap<>();
        provenance.put("dataset", task.name());
        provenance.put("data", task.describe());
        provenance.put("dataset_spec", spec == null ? null : spec.toMap());
        provenance.put("pools", Map.of("paired", pools.numPaired(), "unpaired_s",
                pools.numUnpairedS(), "unpaired_t", pools.numUnpairedT()));
        provenance.put("training", config);
        provenance.put("early_stopping", trainerOptions.earlyStopping());
        provenance.put("checkpoint_every", trainerOptions.checkpointEvery());
        if (trainerOptions.evalEvery() > 0) {
            provenance.put("eval_every", trainerOptions.evalEvery());
        }
        provenance.put("execution", Map.of("micro_batch", trainerOptions.microBatch(), "devices",
                trainerOptions.devices().stream().map(Device::toString).toList()));
        provenance.put("setclip_version", Pretraining.class.getPackage().getImplementationVersion());
        provenance.put("java", System.getProperty("java.version"));
        writeAtomically(file, JsonUtils.GSON_PRETTY.toJson(provenance) + "\n");
    }

    /** Writes a file whole or not at all: a run killed meanwhile leaves the previous one. */
    private static void writeAtomically(Path file, String text) throws IOException {
        Path temp = Files.createTempFile(file.toAbsolutePath().getParent(), file.getFileName().toString(), ".tmp");
        try {
            Files.writeString(temp, text);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** A finished run's (or stage's) summary.json, read back as input. */
    private static TrainingSummary readSummary(Path file) throws IOException {
        JsonObject json = JsonFile.read(file);
        try {
            TrainingSummary summary = JsonUtils.GSON.fromJson(json, TrainingSummary.class);
            if (summary.epochs() < 1 || summary.steps() < 1) {
                throw new IllegalArgumentException("no epochs or steps");
            }
            return summary;
        } catch (RuntimeException e) {
            throw new DamagedFileException(file, "is damaged: " + e.getMessage(), e);
        }
    }

    /** Configures a pretraining run. */
    public static final class Builder {

        private DatasetSpec spec;
        private AlignmentTask task;
        private TrainingConfig config;
        private Path runDirectory;
        private boolean resume;
        private TrainerOptions trainerOptions = TrainerOptions.DEFAULTS;

        Builder() {}

        /** The dataset by spec (opened for the run, saved in config.json). */
        public Builder setDataset(DatasetSpec spec) {
            this.spec = spec;
            this.task = null;
            return this;
        }

        /** An already open task (the caller closes it); config.json then records no spec. */
        public Builder setTask(AlignmentTask task) {
            this.task = task;
            this.spec = null;
            return this;
        }

        /** The training configuration. */
        public Builder setConfig(TrainingConfig config) {
            this.config = config;
            return this;
        }

        /** The run folder. */
        public Builder setRunDirectory(Path runDirectory) {
            this.runDirectory = runDirectory;
            return this;
        }

        /** Continue from the run folder's newest checkpoint (default false). */
        public Builder optResume(boolean resume) {
            this.resume = resume;
            return this;
        }

        /**
         * How the trainer runs: console, progress bar, early stopping (keeping the best
         * evaluation), extra checkpoints, chunking, devices (default {@link TrainerOptions#DEFAULTS}).
         * The first stage of a two-stage run takes the console and the progress bar only.
         */
        public Builder optTrainer(TrainerOptions options) {
            this.trainerOptions = java.util.Objects.requireNonNull(options, "options");
            return this;
        }

        /** Builds the run. */
        public Pretraining build() {
            if ((spec == null && task == null) || config == null || runDirectory == null) {
                throw new IllegalArgumentException(
                        "pretraining needs a dataset (spec or task), a configuration and a run folder");
            }
            return new Pretraining(this);
        }
    }
}
