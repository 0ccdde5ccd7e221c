package io.github.setclip.train;

import ai.djl.ndarray.NDManager;
import io.github.setclip.core.TwoStreamModel;
import io.github.setclip.data.batch.BatchComposition;
import io.github.setclip.data.batch.MixedBatchSampler;
import io.github.setclip.data.batch.SemiPairedPools;
import io.github.setclip.losses.LossWeights;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * What a {@link TrainingConfig} means for a task: its batches, its model with the objective, and a
 * trainer set up with both and the task's inputs. The one place a configuration becomes the parts
 * that train it, so that workflows (a run folder, an experiment) only add what they own.
 *
 * <pre>{@code
 * SemiPairedPools pools = task.pools(config);
 * TwoStreamModel model = TrainingSetup.model(config, task, manager);
 * AlignmentTrainer trainer = TrainingSetup.trainer(config, task, pools, model).setRunDirectory(dir).build();
 * }</pre>
 */
public final class TrainingSetup {

    private TrainingSetup() {}

    /**
     * Batches for a configuration: CLIP sees only the paired items, in fully paired batches of the
     * batch size; Set-CLIP mixes pairs and unpaired rows as its {@link BatchSettings} say.
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
        BatchSettings b = config.batch();
        MixedBatchSampler.Builder builder = MixedBatchSampler.builder().setPools(pools)
                .optComposition(b.composition()).optUnpairedSets(b.unpairedSets()).optSeed(config.seed());
        if (b.composition() == BatchComposition.PROPORTIONAL) {
            return builder.setBatchSize(config.batchSize()).optPairedFraction(pools.pairedFraction())
                    .build();
        }
        int m = pools.numPaired() == 0 ? 0 : Math.min(b.pairsPerBatch(config.batchSize()), pools.numPaired());
        int u = pools.numUnpairedS() == 0 || pools.numUnpairedT() == 0 ? 0
                : b.unpairedRowsPerBatch(config.batchSize());
        return builder.optPairedPerBatch(m).optUnpairedPerBatch(u).build();
    }

    /**
     * Two-stage training's first stage: each encoder trained alone on all of its modality's
     * training items (paired and unpaired, their pairing unused) with the self-supervised term
     * only, for the fewest whole epochs that reach {@code steps}.
     *
     * @param config the two-stage run's configuration
     * @param pools the task's pools for it
     * @param steps the first stage's share of the step budget
     * @return the stage's configuration and batches
     */
    public static Stage firstStage(TrainingConfig config, SemiPairedPools pools, long steps) {
        SemiPairedPools all = SemiPairedPools.of(new int[0], union(pools.pairedIndices(), pools.unpairedS()),
                union(pools.pairedIndices(), pools.unpairedT()));
        MixedBatchSampler sampler = MixedBatchSampler.builder().setPools(all)
                .optComposition(BatchComposition.ADDITIVE).optPairedPerBatch(0)
                .optUnpairedPerBatch(config.batchSize()).optSeed(config.seed()).build();
        int epochs = (int) Math.max(1, (steps + sampler.stepsPerEpoch() - 1) / sampler.stepsPerEpoch());
        TrainingConfig selfSupervised = config.toBuilder().optMethod(Method.SETCLIP).optEpochs(epochs)
                .optObjective(config.objective().toBuilder().optWeights(new LossWeights(0, 0, 0, 1))
                        .optQueueSize(0).optBalanceTerms(false).build())
                .optSemi(SemiSupervisedSettings.NONE).build();
        return new Stage(selfSupervised, sampler);
    }

    /**
     * Two-stage training's second stage: the configuration's own training for the rest of the
     * epochs, one stage.
     *
     * @param config the two-stage run's configuration
     * @return the second stage's configuration
     */
    public static TrainingConfig secondStage(TrainingConfig config) {
        double f = config.semi().twoStageFraction();
        return config.toBuilder().optEpochs((int) Math.max(1, Math.round((1 - f) * config.epochs())))
                .optSemi(config.semi().toBuilder().optTwoStageFraction(0).build()).build();
    }

    /**
     * The steps of a two-stage run's first stage: its share of the whole run's step budget.
     *
     * @param config the two-stage run's configuration
     * @param pools the task's pools for it
     * @return the steps, at least 1
     */
    public static long firstStageSteps(TrainingConfig config, SemiPairedPools pools) {
        long budget = (long) config.epochs() * sampler(config, pools).stepsPerEpoch();
        return Math.max(1, Math.round(config.semi().twoStageFraction() * budget));
    }

    /**
     * A stage of training: its configuration and its batches.
     *
     * @param config the configuration
     * @param sampler the batches
     */
    public record Stage(TrainingConfig config, MixedBatchSampler sampler) {}

    /**
     * A new model of the task with the configuration's objective.
     *
     * @param config the configuration
     * @param task the task, prepared
     * @param manager owns the model's arrays
     * @return the model, its parameters not yet initialised
     */
    public static TwoStreamModel model(TrainingConfig config, AlignmentTask task, NDManager manager) {
        return task.newModel(config.newObjective(), manager);
    }

    /**
     * A trainer builder with the configuration, the model, the configuration's batches and the
     * task's inputs (and its keywords, where pseudo-labels use them); the caller adds where and how
     * the run executes (run folder, listeners' options, micro-batches).
     *
     * @param config the configuration
     * @param task the task, prepared
     * @param pools the task's pools for the configuration
     * @param model the model to train
     * @return the builder
     */
    public static AlignmentTrainer.Builder trainer(TrainingConfig config, AlignmentTask task, SemiPairedPools pools,
            TwoStreamModel model) {
        return AlignmentTrainer.builder().setConfig(config).setModel(model).setSampler(sampler(config, pools))
                .setInputs(task.sInput(), task.tInput())
                .optKeywords(config.semi().hasPseudoLabels() ? task.keywords().orElse(null) : null);
    }

    private static int[] union(int[] a, int[] b) {
        return IntStream.concat(Arrays.stream(a), Arrays.stream(b)).distinct().sorted().toArray();
    }
}
