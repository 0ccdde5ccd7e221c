package io.github.setclip.train.session;

import ai.djl.ndarray.NDManager;
import io.github.setclip.core.TwoStreamModel;
import io.github.setclip.losses.SetClipObjective;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * A training run as its listeners see it: what is being trained, where the run stands, and the
 * few things a listener may ask of the trainer (record a best epoch, stop, write a checkpoint).
 */
public interface TrainingSession {

    /** The long-lived manager that owns the model and the optimiser state. */
    NDManager manager();

    /** The model being trained. */
    TwoStreamModel model();

    /** The objective (the model's objective block). */
    SetClipObjective objective();

    /** The run folder. */
    Path runDirectory();

    /** Where progress messages go. */
    PrintStream console();

    /** Whether this session continued a run from a checkpoint. */
    boolean resumed();

    /** The number of epochs the run is configured for. */
    int epochs();

    /** Optimiser steps per epoch. */
    int stepsPerEpoch();

    /**
     * Validation runs every this many optimiser steps (and after the run's last step), inside
     * epochs too; 0: at every epoch's end.
     */
    long evalEvery();

    /**
     * Whether an evaluation follows this step: never when evaluations follow epochs, else at
     * every multiple of {@link #evalEvery()} and at the run's last step.
     *
     * @param globalStep optimiser steps taken
     */
    default boolean evaluatesAt(long globalStep) {
        return evalEvery() > 0 && (globalStep % evalEvery() == 0
                || globalStep == (long) epochs() * stepsPerEpoch());
    }

    /** Rows per modality in every batch, N. */
    int rowsPerStep();

    /** Where the run stands: epochs completed, steps, seconds so far, best epoch. */
    TrainingState state();

    /**
     * Records a new best epoch (kept in the checkpoints and the summary).
     *
     * @param best the best epoch
     */
    void recordBest(BestEpoch best);

    /**
     * Ends training after the current epoch's listeners have run, or right after the current
     * evaluation's (or before the first step, when called from {@link TrainingListener#onTrainingBegin}).
     *
     * @param reason why, for the summary
     */
    void requestStop(String reason);

    /**
     * Writes a checkpoint of the current state: model, optimiser moments, state and every
     * stateful component, atomically; older ones beyond the newest three are deleted.
     *
     * @throws IOException if it cannot be written (the previous checkpoint is left intact)
     * @throws NonFiniteLossException if the weights or moments are NaN or infinite (nothing is
     *     written: the newest checkpoint stays one worth resuming from)
     */
    void saveCheckpoint() throws IOException;
}
