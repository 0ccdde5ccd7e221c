package io.github.setclip.train.listener;

import io.github.setclip.train.session.EpochRecord;
import io.github.setclip.train.session.EvaluationRecord;
import io.github.setclip.train.session.StepRecord;
import io.github.setclip.train.session.TrainingListener;
import io.github.setclip.train.session.TrainingSession;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Writes a checkpoint at the end of every epoch (after validation and early stopping, so the
 * checkpoint holds the epoch's best model and state) and, when asked, every N optimiser steps
 * inside an epoch. The step that ends an epoch is left to the epoch's checkpoint, so that a
 * checkpoint never sits between an epoch's last step and its validation.
 */
public final class CheckpointListener implements TrainingListener {

    private final long every;

    /**
     * Creates the listener.
     *
     * @param every also checkpoint every this many steps inside epochs; 0 for epoch ends only
     */
    public CheckpointListener(long every) {
        if (every < 0) {
            throw new IllegalArgumentException("checkpointEvery must be >= 0 steps, got " + every);
        }
        this.every = every;
    }

    @Override
    public void onStep(TrainingSession session, StepRecord step) {
        if (!session.evaluatesAt(step.globalStep())) {
            saveIfDue(session, step.globalStep());
        }
    }

    /** A step followed by an evaluation is checkpointed after it, so the checkpoint holds its outcome. */
    @Override
    public void onEvaluation(TrainingSession session, EvaluationRecord evaluation) {
        saveIfDue(session, evaluation.globalStep());
    }

    private void saveIfDue(TrainingSession session, long globalStep) {
        boolean endsEpoch = globalStep % session.stepsPerEpoch() == 0;
        if (every > 0 && !endsEpoch && globalStep % every == 0) {
            try {
                session.saveCheckpoint();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Override
    public void onEpochEnd(TrainingSession session, EpochRecord epoch) throws IOException {
        session.saveCheckpoint();
    }
}
