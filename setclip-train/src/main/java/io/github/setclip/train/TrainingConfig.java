package io.github.setclip.train;

import io.github.setclip.losses.LossWeights;

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
        double sslTemperature) {

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
        if ("clip".equals(method) && pairedFraction == 0) {
            throw new IllegalArgumentException(
                    "method clip trains on pairs only and needs a paired fraction > 0");
        }
    }

    /** Whether this is the CLIP baseline (pairs only, CL only). */
    public boolean isClip() {
        return "clip".equals(method);
    }
}
