package io.github.setclip.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.util.JsonUtils;
import io.github.setclip.core.TwoStreamModel;
import io.github.setclip.data.batch.MixedBatchSampler;
import io.github.setclip.data.batch.SemiPairedPools;
import io.github.setclip.eval.Retrieval;
import io.github.setclip.losses.SetClipObjective;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One pretraining run of any {@link AlignmentTask}: builds the model, trains it with validation
 * retrieval after every epoch (and early stopping when asked), and writes the run folder:
 * config.json (configuration and provenance), metrics.jsonl, checkpoints/, best/ and model/.
 */
public final class Pretraining {

    /** The validation metric early stopping watches: the mean of R@1/5/10 in both directions. */
    public static final String SCORE = "mean_recall";

    private Pretraining() {}

    /**
     * Trains (or resumes) a run on the dataset a spec names; the spec is saved so that {@code
     * setclip eval} can open the same data again.
     *
     * @param spec the dataset
     * @param config the training configuration
     * @param runDirectory the run folder
     * @param resume whether to continue from the newest checkpoint
     * @param earlyStopping the stopping rule, or {@code null}
     * @param console where progress goes
     * @return the run's summary
     * @throws IOException if data or run files cannot be read or written
     */
    public static Trainer.Summary run(DatasetSpec spec, TrainingConfig config, Path runDirectory,
            boolean resume, EarlyStopping earlyStopping, PrintStream console) throws IOException {
        try (AlignmentTask task = spec.open()) {
            return run(task, spec, config, runDirectory, resume, earlyStopping, console);
        }
    }

    /**
     * Trains (or resumes) a run.
     *
     * @param task the dataset and model
     * @param config the training configuration
     * @param runDirectory the run folder
     * @param resume whether to continue from the newest checkpoint
     * @param earlyStopping the stopping rule, or {@code null} to train every epoch
     * @param console where progress goes
     * @return the run's summary
     * @throws IOException if data or run files cannot be read or written
     */
    public static Trainer.Summary run(AlignmentTask task, TrainingConfig config, Path runDirectory,
            boolean resume, EarlyStopping earlyStopping, PrintStream console) throws IOException {
        return run(task, null, config, runDirectory, resume, earlyStopping, console);
    }

    private static Trainer.Summary run(AlignmentTask task, DatasetSpec spec, TrainingConfig config,
            Path runDirectory, boolean resume, EarlyStopping earlyStopping, PrintStream console)
            throws IOException {
        if (resume && !Files.isDirectory(runDirectory.resolve("checkpoints"))) {
            throw new IllegalArgumentException(
                    "--resume: no checkpoint in " + runDirectory.resolve("checkpoints"));
        }
        Files.createDirectories(runDirectory);
        task.prepare(runDirectory, true);
        SemiPairedPools pools = task.pools(config);
        writeConfig(runDirectory, task, spec, config, pools, earlyStopping, resume);
        console.printf("setclip pretrain (%s, %s): %d paired, %d S-only, %d T-only training items;"
                        + " run folder %s%n", task.name(), config.method(), pools.numPaired(),
                config.isClip() ? 0 : pools.numUnpairedS(), config.isClip() ? 0 : pools.numUnpairedT(),
                runDirectory);
        try (NDManager manager = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed((int) config.seed());
            SetClipObjective objective = config.objective();
            TwoStreamModel model = task.newModel(objective, manager);
            Trainer trainer = new Trainer(config, model, objective, sampler(config, pools),
                    task.sInput(), task.tInput(), (m, scope) -> validate(task, m, scope),
                    runDirectory, console);
            trainer.setEarlyStopping(earlyStopping);
            Trainer.Summary summary = trainer.train(manager, resume);
            Path best = runDirectory.resolve("best/model.params");
            if (summary.best() != null && Files.exists(best)) {
                Files.createDirectories(runDirectory.resolve("model"));
                Files.copy(best, runDirectory.resolve("model/model.params"),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            } else {
                model.save(runDirectory.resolve("model/model.params"));
            }
            if (!task.warnings().isEmpty()) {
                console.println("data: " + task.warnings());
            }
            Files.writeString(runDirectory.resolve("summary.json"),
                    JsonUtils.GSON_PRETTY.toJson(summary) + "\n");
            return summary;
        }
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
     * Batches for a configuration: Set-CLIP mixes the paired fraction with unpaired pools; CLIP
     * sees only the paired items, in fully paired batches.
     *
     * @param config the configuration
     * @param pools the task's pools for it
     * @return the sampler
     */
    public static MixedBatchSampler sampler(TrainingConfig config, SemiPairedPools pools) {
        if (config.isClip()) {
            SemiPairedPools paired = SemiPairedPools.of(pools.pairedIndices(), new int[0], new int[0]);
            int batch = Math.min(config.batchSize(), paired.numPaired());
            return MixedBatchSampler.builder().setPools(paired).setBatchSize(batch)
                    .optPairedPerBatch(batch).optSeed(config.seed()).build();
        }
        MixedBatchSampler.Builder builder = MixedBatchSampler.builder().setPools(pools)
                .setBatchSize(config.batchSize()).optSeed(config.seed());
        return builder.optPairedFraction(pools.pairedFraction()).build();
    }

    private static void writeConfig(Path runDirectory, AlignmentTask task, DatasetSpec spec,
            TrainingConfig config,
            SemiPairedPools pools, EarlyStopping earlyStopping, boolean resume) throws IOException {
        Path file = runDirectory.resolve("config.json");
        if (resume && Files.exists(file)) {
            return;
        }
        Map<String, Object> provenance = new LinkedHashMap<>();
        provenance.put("dataset", task.name());
        provenance.put("data", task.describe());
        provenance.put("dataset_spec", spec == null ? null : spec.toMap());
        provenance.put("pools", Map.of("paired", pools.numPaired(), "unpaired_s",
                pools.numUnpairedS(), "unpaired_t", pools.numUnpairedT()));
        provenance.put("training", config);
        provenance.put("early_stopping", earlyStopping);
        provenance.put("setclip_version", Pretraining.class.getPackage().getImplementationVersion());
        provenance.put("java", System.getProperty("java.version"));
        Files.writeString(file, JsonUtils.GSON_PRETTY.toJson(provenance) + "\n");
    }
}
