package io.github.setclip.tasks.experiment;

/**
 * A finished run read back for a report: its result, and how far it trained.
 *
 * @param result what the run's result.json says
 * @param stepsRun optimiser steps the run took in all (summary.json's, or estimated from whole
 *     epochs of the best epoch's length when only the result is kept)
 * @param stoppedEarly whether early stopping ended it before its budget
 */
public record FinishedRun(RunResult result, long stepsRun, boolean stoppedEarly) {

    /** The steps a run took when only its result is known: its epochs, each as long as the best's. */
    static long estimatedSteps(RunResult r) {
        if (r.bestEpoch() <= 0 || r.bestEpoch() == r.epochs()) {
            return r.stepsToBest();
        }
        return Math.round((double) r.epochs() * r.stepsToBest() / r.bestEpoch());
    }
}
