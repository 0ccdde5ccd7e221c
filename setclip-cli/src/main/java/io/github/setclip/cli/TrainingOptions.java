package io.github.setclip.cli;

import io.github.setclip.losses.LossWeights;
import io.github.setclip.train.TrainingConfig;
import picocli.CommandLine.Option;

/** The training schedule and pairing options, shared by pretrain and experiment. */
final class TrainingOptions {

    @Option(names = "--paired-fraction", paramLabel = "F",
            description = "Share of training items given as matched pairs; the rest are seen unpaired"
                    + " (default 1/3; for --dataset features 1, i.e. every declared pair).")
    Double pairedFraction;

    @Option(names = "--epochs", defaultValue = "25", description = "Epochs (the cap under early stopping) (default ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--batch-size", defaultValue = "128",
            description = "Rows per modality per batch, N (default ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--lr", defaultValue = "1e-3", description = "Peak learning rate (default ${DEFAULT-VALUE}).")
    double learningRate;

    @Option(names = "--weight-decay", defaultValue = "0.05", description = "AdamW weight decay (default ${DEFAULT-VALUE}).")
    double weightDecay;

    @Option(names = "--warmup", defaultValue = "30", description = "Warm-up steps (default ${DEFAULT-VALUE}).")
    int warmUp;

    @Option(names = "--grad-clip", defaultValue = "1.0", description = "Global gradient-norm clip, 0 for none (default ${DEFAULT-VALUE}).")
    double gradientClip;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of pairing, batches, views, dropout and weights (default ${DEFAULT-VALUE}).")
    long seed;

    /** The configuration these options and the objective options describe. */
    TrainingConfig config(String method, ObjectiveOptions objective, LossWeights weights,
            String datasetKind) {
        double fraction = pairedFraction != null ? pairedFraction
                : "features".equals(datasetKind) ? 1.0 : 1 / 3.0;
        return TrainingConfig.builder().optMethod(method).optEpochs(epochs).optBatchSize(batchSize)
                .optPairedFraction(fraction).optLearningRate(learningRate).optWeightDecay(weightDecay)
                .optWarmUpSteps(warmUp).optGradientClip(gradientClip).optSeed(seed)
                .optObjective(objective.settings().toBuilder().optWeights(weights).build())
                .build();
    }
}
