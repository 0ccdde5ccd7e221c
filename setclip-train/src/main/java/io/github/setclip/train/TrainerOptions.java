package io.github.setclip.train;

import ai.djl.Device;
import io.github.setclip.data.InvalidSettingException;
import io.github.setclip.train.listener.EarlyStopping;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.List;

/**
 * How a trainer runs, beside what it learns ({@link TrainingConfig}): where messages go, the
 * progress bar, early stopping, extra checkpoints, chunking, devices and how often validation
 * runs. A workflow that builds trainers (such as the tasks' {@code Pretraining}) takes one of
 * these and hands it on with {@link AlignmentTrainer.Builder#optOptions}, so a new trainer option
 * does not touch it. Start from {@link #DEFAULTS} and change what differs with the {@code with}
 * methods.
 *
 * @param console where progress and messages go
 * @param progressBar whether DJL's progress bar is drawn (it writes to standard output)
 * @param earlyStopping the early-stopping rule, or {@code null} to train every epoch
 * @param checkpointEvery also checkpoint every this many optimiser steps, &gt;= 0 (0: at epoch ends only)
 * @param microBatch embed batches in chunks of at most this many rows, &gt;= 0 (0: whole batches)
 * @param devices the devices the chunks run on in turn (empty: the parameters' device)
 * @param evalEvery validation (with early stopping) every this many optimiser steps, inside epochs
 *     too, &gt;= 0 (0: after every epoch)
 */
public record TrainerOptions(PrintStream console, boolean progressBar, EarlyStopping earlyStopping,
        long checkpointEvery, int microBatch, List<Device> devices, long evalEvery) {

    /** Nothing printed, a progress bar, no early stopping, checkpoints at epoch ends, whole batches. */
    public static final TrainerOptions DEFAULTS = new TrainerOptions(
            new PrintStream(OutputStream.nullOutputStream()), true, null, 0, 0, List.of(), 0);

    /** Checks the ranges, naming the setting. */
    public TrainerOptions {
        if (console == null) {
            throw new IllegalArgumentException("console must not be null");
        }
        if (checkpointEvery < 0) {
            throw new InvalidSettingException("checkpointEvery", "must be >= 0 steps, got " + checkpointEvery);
        }
        if (microBatch < 0) {
            throw new InvalidSettingException("microBatch", "must be >= 0 rows, got " + microBatch);
        }
        if (evalEvery < 0) {
            throw new InvalidSettingException("evalEvery", "must be >= 0 steps, got " + evalEvery);
        }
        devices = List.copyOf(devices);
    }

    /** These options with another console. */
    public TrainerOptions withConsole(PrintStream console) {
        return new TrainerOptions(console, progressBar, earlyStopping, checkpointEvery, microBatch, devices, evalEvery);
    }

    /** These options with the progress bar on or off. */
    public TrainerOptions withProgressBar(boolean progressBar) {
        return new TrainerOptions(console, progressBar, earlyStopping, checkpointEvery, microBatch, devices, evalEvery);
    }

    /** These options with another early-stopping rule ({@code null}: none). */
    public TrainerOptions withEarlyStopping(EarlyStopping earlyStopping) {
        return new TrainerOptions(console, progressBar, earlyStopping, checkpointEvery, microBatch, devices, evalEvery);
    }

    /** These options with checkpoints also every this many steps (0: at epoch ends only). */
    public TrainerOptions withCheckpointEvery(long checkpointEvery) {
        return new TrainerOptions(console, progressBar, earlyStopping, checkpointEvery, microBatch, devices, evalEvery);
    }

    /** These options with batches embedded in chunks of at most this many rows (0: whole). */
    public TrainerOptions withMicroBatch(int microBatch) {
        return new TrainerOptions(console, progressBar, earlyStopping, checkpointEvery, microBatch, devices, evalEvery);
    }

    /** These options with the chunks run on these devices in turn. */
    public TrainerOptions withDevices(List<Device> devices) {
        return new TrainerOptions(console, progressBar, earlyStopping, checkpointEvery, microBatch, devices, evalEvery);
    }

    /** These options with validation every this many steps (0: after every epoch). */
    public TrainerOptions withEvalEvery(long evalEvery) {
        return new TrainerOptions(console, progressBar, earlyStopping, checkpointEvery, microBatch, devices, evalEvery);
    }
}
