package io.github.setclip.train;

import io.github.setclip.losses.LossWeights;
import io.github.setclip.losses.SddDivergence;
import io.github.setclip.losses.SetClipObjective;

/**
 * Everything that decides a training run, saved as {@code config.json} in the run folder so a run
 * can be traced, resumed and repeated.
 *
 * @param method {@code setclip} (every term, paired and unpaired rows) or {@code clip} (CL alone on
 *     the paired items only, the CLIP baseline)
 * @param epochs number of passes over the training pools
 * @param batchSize rows per modality per batch, N
 * @param pairedFraction share of training items used as matched pairs, in [0, 1]
 * @param learningRate peak AdamW learning rate
 * @param weightDecay AdamW decoupled weight decay on weight matrices
 * @param warmUpSteps linear warm-up steps before the cosine decay
 * @param gradientClip global L2 norm the gradients are clipped to (0: no clipping)
 * @param seed seed of the pairing, batches, augmentations, dropout and initial weights
 * @param weights the loss weights (CLIP: {@link LossWeights#CLIP})
 * @param sddBandwidth SDD bandwidth h
 * @param sslTemperature NT-Xent temperature
 * @param sddRelativeDistance whether SDD scales distances by their mean (the paper's default;
 *     false is the absolute-distance ablation)
 * @param sddDivergence how SDD compares densities (symmetric KL, or the MSE ablation)
 */
public record TrainingConfig(
        String method,
        int epochs,
        int batchSize,
        double pairedFraction,
        double learningRate,
        double weightDecay,
        int warmUpSteps,
        double gradientClip,
        long seed,
        LossWeights weights,
        double sddBandwidth,
        double sslTemperature,
        boolean sddRelativeDistance,
        SddDivergence sddDivergence) {

    /** A configuration with the paper's SDD (relative distance, symmetric KL). */
    public TrainingConfig(String method, int epochs, int batchSize, double pairedFraction,
            double learningRate, double weightDecay, int warmUpSteps, double gradientClip, long seed,
            LossWeights weights, double sddBandwidth, double sslTemperature) {
        this(method, epochs, batchSize, pairedFraction, learningRate, weightDecay, warmUpSteps,
                gradientClip, seed, weights, sddBandwidth, sslTemperature, true,
                SddDivergence.SYMMETRIC_KL);
    }

    /** Validates the ranges; each message names the flag's concept and the value. */
    public TrainingConfig {
        if (!"setclip".equals(method) && !"clip".equals(method)) {
            throw new IllegalArgumentException("method must be setclip or clip, got " + method);
        }
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
        }
        if (batchSize < 2) {
            throw new IllegalArgumentException("batch size must be >= 2, got " + batchSize);
        }
        if (!(pairedFraction >= 0 && pairedFraction <= 1)) {
            throw new IllegalArgumentException(
                    "paired fraction must be in [0, 1], got " + pairedFraction);
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be > 0, got " + learningRate);
        }
        if (!(weightDecay >= 0) || !(gradientClip >= 0) || warmUpSteps < 0) {
            throw new IllegalArgumentException(
                    "weight decay, gradient clip and warm-up steps must be >= 0, got "
                            + weightDecay + ", " + gradientClip + ", " + warmUpSteps);
        }
        if (sddDivergence == null) {
            throw new IllegalArgumentException("SDD divergence must be given");
        }
        if ("clip".equals(method) && pairedFraction == 0) {
            throw new IllegalArgumentException(
                    "method clip trains on pairs only and needs a paired fraction > 0");
        }
    }

    /** This configuration with other values of the fields an experiment varies. */
    public TrainingConfig with(String newMethod, double newPairedFraction, long newSeed,
            LossWeights newWeights) {
        return new TrainingConfig(newMethod, epochs, batchSize, newPairedFraction, learningRate,
                weightDecay, warmUpSteps, gradientClip, newSeed, newWeights, sddBandwidth,
                sslTemperature, sddRelativeDistance, sddDivergence);
    }

    /** This configuration with another number of epochs. */
    public TrainingConfig withEpochs(int newEpochs) {
        return new TrainingConfig(method, newEpochs, batchSize, pairedFraction, learningRate,
                weightDecay, warmUpSteps, gradientClip, seed, weights, sddBandwidth, sslTemperature,
                sddRelativeDistance, sddDivergence);
    }

    /** This configuration with another SDD bandwidth. */
    public TrainingConfig withBandwidth(double bandwidth) {
        return new TrainingConfig(method, epochs, batchSize, pairedFraction, learningRate,
                weightDecay, warmUpSteps, gradientClip, seed, weights, bandwidth, sslTemperature,
                sddRelativeDistance, sddDivergence);
    }

    /** The objective block this configuration trains (CLIP fixes the kernel weights: no MMD). */
    public SetClipObjective objective() {
        return SetClipObjective.builder()
                .optWeights(weights)
                .optBandwidth(sddBandwidth)
                .optSslTemperature(sslTemperature)
                .optRelativeDistance(sddRelativeDistance)
                .optSddDivergence(sddDivergence)
                .optLearnedKernelWeights(!isClip() && weights.mmd() > 0)
                .build();
    }

    /** Whether this is the CLIP baseline (pairs only, CL only). */
    public boolean isClip() {
        return "clip".equals(method);
    }
}
