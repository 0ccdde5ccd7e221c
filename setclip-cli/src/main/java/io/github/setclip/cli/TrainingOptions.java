package io.github.setclip.cli;

import io.github.setclip.tasks.DatasetSpec;
import io.github.setclip.train.InvalidSettingException;
import io.github.setclip.train.Recipe;
import io.github.setclip.train.TrainingConfig;
import picocli.CommandLine.Option;

/** The training schedule and pairing options, shared by pretrain and experiment. */
final class TrainingOptions {

    @Option(names = "--paired-fraction", paramLabel = "F",
            description = "Share of training items given as matched pairs; the rest are seen unpaired,"
                    + " their pairing hidden: a simulation of scarce pairs for experiments (default 1/3 for"
                    + " emoji and fashion-mnist-halves; 1, every pair, for your captions or features).")
    Double pairedFraction;

    @Option(names = "--epochs", defaultValue = "25", paramLabel = "EPOCHS",
            description = "Epochs (the cap under early stopping; default ${DEFAULT-VALUE}): an additive"
                    + " epoch is one pass over the pairs, a proportional one over every item.")
    int epochs;

    @Option(names = "--batch-size", defaultValue = "128", paramLabel = "N",
            description = "Rows per modality per batch, N (default ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--lr", defaultValue = "1e-3", paramLabel = "LR",
            description = "Peak learning rate: it rises linearly over the --warmup steps, then decays to zero"
                    + " along a cosine by the last step (default ${DEFAULT-VALUE}).")
    double learningRate;

    @Option(names = "--weight-decay", defaultValue = "0.05", paramLabel = "WD",
            description = "AdamW weight decay (default ${DEFAULT-VALUE}).")
    double weightDecay;

    @Option(names = "--warmup", defaultValue = "30", paramLabel = "STEPS",
            description = "Steps of linear learning-rate warm-up (default ${DEFAULT-VALUE}).")
    int warmUp;

    @Option(names = "--grad-clip", defaultValue = "1.0", paramLabel = "NORM",
            description = "Global gradient-norm clip, 0 for none (default ${DEFAULT-VALUE}).")
    double gradientClip;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "SEED",
            description = "Seed of pairing, batches, views, dropout and weights (default ${DEFAULT-VALUE}).")
    long seed;

    /**
     * The configuration the flags describe: the library's defaults with every given flag, then the
     * recipe (if any) applied to that, then the given flags again, so that a flag always wins over
     * the recipe's value.
     *
     * @param method {@code setclip} or {@code clip}
     * @param recipe a recipe name, or {@code null}
     * @param objective the objective's flags
     * @param batch the batch flags
     * @param datasetKind the dataset (a user's data defaults to every pair)
     * @return the configuration
     */
    TrainingConfig config(String method, String recipe, TrainingObjectiveOptions objective, BatchOptions batch,
            SemiSupervisedOptions semi, String datasetKind) {
        double fraction = pairedFraction != null ? pairedFraction : DatasetSpec.defaultPairedFraction(datasetKind);
        TrainingConfig base = overlay(TrainingConfig.builder().optEpochs(epochs).optBatchSize(batchSize)
                .optPairedFraction(fraction).optLearningRate(learningRate).optWeightDecay(weightDecay)
                .optWarmUpSteps(warmUp).optGradientClip(gradientClip).optSeed(seed).build(), objective, batch,
                null);
        if (!"setclip".equals(method)) {
            if (recipe != null) {
                throw new InvalidSettingException("recipe", "applies to --method setclip; " + method
                        + " is a recipe of its own");
            }
            return overlay(Recipe.forMethod(method).apply(base), objective, batch, semi);
        }
        return overlay(recipe == null ? base : Recipe.parse(recipe).apply(base), objective, batch, semi);
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
