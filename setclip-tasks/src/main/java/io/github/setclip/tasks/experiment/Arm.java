package io.github.setclip.tasks.experiment;

import io.github.setclip.train.TrainingConfig;

/**
 * One method of an experiment, trained once per seed: a name for the table, a folder-safe key,
 * and the whole configuration it trains with (the seed is set per run).
 *
 * @param name the row name, e.g. "Set-CLIP"
 * @param key a folder-safe key, e.g. "setclip"
 * @param config the arm's configuration; its seed is replaced by each run's
 * @param untrained evaluate the initial model without training (CLIP with no pairs)
 */
public record Arm(String name, String key, TrainingConfig config, boolean untrained) {

    /** The configuration of this arm for one seed. */
    public TrainingConfig configure(long seed) {
        return config.toBuilder().optSeed(seed).build();
    }
}
