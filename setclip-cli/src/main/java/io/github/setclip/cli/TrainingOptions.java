package io.github.setclip.cli;

import io.github.setclip.data.InvalidSettingException;
import io.github.setclip.tasks.DatasetSpec;
import io.github.setclip.train.Method;
import io.github.setclip.train.Recipe;
import io.github.setclip.train.TrainingConfig;
import picocli.CommandLine.Option;

/**
 * The training schedule and pairing options, shared by pretrain and experiment. Each is unset unless
 * given: the defaults live in {@link TrainingConfig}, and the help quotes them through {@link
 * SettingDefaults}.
 */
final class TrainingOptions {

    @Option(names = "--paired-fraction", paramLabel = "F",
            description = "Share of training items given as matched pairs; the rest are seen unpaired,"
                    + " their pairing hidden: a simulation of scarce pairs for experiments (default 1/3 for"
                    + " emoji and fashion-mnist-halves; 1, every pair, for your captions or features).")
    Double pairedFraction;

    @Option(names = "--epochs", paramLabel = "EPOCHS",
            description = "Epochs (the cap under early stopping; default ${bundle:default.epochs}): an additive"
                    + " epoch is one pass over the pairs, a proportional one over every item.")
    Integer epochs;

    @Option(names = "--batch-size", paramLabel = "N",
            description = "Rows per modality per batch, N (default ${bundle:default.batchSize}).")
    Integer batchSize;

    @Option(names = "--lr", paramLabel = "LR",
            description = "Peak learning rate: it rises linearly over the --warmup steps, then decays to zero"
                    + " along a cosine by the last step (default ${bundle:default.learningRate}).")
    Double learningRate;

    @Option(names = "--weight-decay", paramLabel = "WD",
            description = "AdamW weight decay (default ${bundle:default.weightDecay}).")
    Double weightDecay;

    @Option(names = "--warmup", paramLabel = "STEPS",
            description = "Steps of linear learning-rate warm-up (default ${bundle:default.warmUpSteps}).")
    Integer warmUp;

    @Option(names = "--grad-clip", paramLabel = "NORM",
            description = "Global gradient-norm clip, 0 for none (default ${bundle:default.gradientClip}).")
    Double gradientClip;

    @Option(names = "--seed", paramLabel = "SEED",
            description = "Seed of pairing, batches, views, dropout and weights (default ${bundle:default.seed}).")
    Long seed;

    /**
     * The configuration the flags describe: the library's defaults with every given flag, then the
     * recipe (if any) applied to that, then the given flags again, so that a flag always wins over
     * the recipe's value.
     *
     * @param method the method; any but Set-CLIP is a recipe of its own
     * @param recipe a recipe name, or {@code null}
     * @param objective the objective's flags
     * @param batch the batch flags
     * @param datasetKind the dataset (a user's data defaults to every pair)
     * @return the configuration
     */
    TrainingConfig config(Method method, String recipe, TrainingObjectiveOptions objective, BatchOptions batch,
            SemiSupervisedOptions semi, String datasetKind) {
        TrainingConfig base = overlay(schedule(TrainingConfig.builder(), datasetKind).build(), objective, batch,
                null);
        if (method.recipe().isPresent()) {
            if (recipe != null) {
                throw new InvalidSettingException("recipe", "applies to --method setclip; " + method
                        + " is a recipe of its own");
            }
            return overlay(method.recipe().get().apply(base), objective, batch, semi);
        }
        return overlay(recipe == null ? base : Recipe.parse(recipe).apply(base), objective, batch, semi);
    }

    /** The schedule flags that were given, set on a builder that holds the defaults of the others. */
    TrainingConfig.Builder schedule(TrainingConfig.Builder b, String datasetKind) {
        if (pairedFraction != null) {
            b.optPairedFraction(pairedFraction);
        } else {
            b.optPairedFraction(DatasetSpec.defaultPairedFraction(datasetKind));
        }
        if (epochs != null) {
            b.optEpochs(epochs);
        }
        if (batchSize != null) {
            b.optBatchSize(batchSize);
        }
        if (learningRate != null) {
            b.optLearningRate(learningRate);
        }
        if (weightDecay != null) {
            b.optWeightDecay(weightDecay);
        }
        if (warmUp != null) {
            b.optWarmUpSteps(warmUp);
        }
        if (gradientClip != null) {
            b.optGradientClip(gradientClip);
        }
        if (seed != null) {
            b.optSeed(seed);
        }
        return b;
    }

    /** The configuration with every given flag; the semi-supervised ones only once the methods are set. */
    private static TrainingConfig overlay(TrainingConfig config, TrainingObjectiveOptions objective, BatchOptions batch,
            SemiSupervisedOptions semi) {
        TrainingConfig.Builder b = config.toBuilder().optObjective(objective.overlay(config.objective()))
                .optBatch(batch.overlay(config.batch()));
        if (semi != null) {
            b.optSemi(semi.overlay(config.semi()));
        }
        return b.build();
    }
}
