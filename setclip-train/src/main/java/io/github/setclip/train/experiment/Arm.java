package io.github.setclip.train.experiment;

import io.github.setclip.losses.LossWeights;
import io.github.setclip.train.TrainingConfig;

/**
 * One method of an experiment, trained once per seed: a name for the table and how it changes the
 * base configuration.
 *
 * @param name the row name, e.g. "Set-CLIP"
 * @param key a folder-safe key, e.g. "setclip"
 * @param method {@code setclip} or {@code clip}
 * @param pairedFraction the paired fraction this arm trains with
 * @param weights the loss weights
 * @param bandwidth the SDD bandwidth
 * @param relativeDistance SDD on relative distances
 * @param mse SDD compares densities by squared difference
 * @param untrained evaluate the initial model without training (CLIP with no pairs)
 */
public record Arm(String name, String key, String method, double pairedFraction, LossWeights weights,
        double bandwidth, boolean relativeDistance, boolean mse, boolean untrained) {

    /** The configuration of this arm for one seed. */
    public TrainingConfig configure(TrainingConfig base, long seed) {
        return new TrainingConfig(method, base.epochs(), base.batchSize(), pairedFraction,
                base.learningRate(), base.weightDecay(), base.warmUpSteps(), base.gradientClip(),
                seed, weights, bandwidth, base.sslTemperature(), relativeDistance,
                mse ? io.github.setclip.losses.SddDivergence.MSE
                        : io.github.setclip.losses.SddDivergence.SYMMETRIC_KL);
    }
}
