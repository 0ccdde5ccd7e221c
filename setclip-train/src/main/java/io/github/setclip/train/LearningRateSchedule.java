package io.github.setclip.train;

import ai.djl.training.tracker.CosineTracker;
import ai.djl.training.tracker.Tracker;
import ai.djl.training.tracker.WarmUpTracker;

/** Linear warm-up then cosine decay to zero, from DJL's trackers; a pure function of the step. */
final class LearningRateSchedule {

    private final Tracker tracker;

    LearningRateSchedule(double peak, int warmUpSteps, int totalSteps) {
        Tracker cosine =
                CosineTracker.builder()
                        .setBaseValue((float) peak)
                        .optFinalValue(0f)
                        .setMaxUpdates(Math.max(1, totalSteps - warmUpSteps))
                        .build();
        this.tracker =
                warmUpSteps > 0
                        ? WarmUpTracker.builder()
                                .setMainTracker(cosine)
                                .optWarmUpSteps(warmUpSteps)
                                .optWarmUpBeginValue((float) (peak / warmUpSteps))
                                .build()
                        : cosine;
    }

    /** The learning rate of a 0-based global step. */
    double at(long step) {
        return tracker.getNewValue(Math.toIntExact(step));
    }
}
