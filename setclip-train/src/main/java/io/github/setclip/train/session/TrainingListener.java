package io.github.setclip.train.session;

/**
 * Hooks into a trainer's {@link TrainingSession}, the way DJL's {@code TrainingListener}s plug
 * into its trainer: progress, metrics, validation, early stopping and checkpoints are listeners, so the
 * training loop itself keeps only forward, backward, clipping and the optimiser step. Listeners
 * are called in the order they were added; each method does nothing by default.
 */
public interface TrainingListener {

    /**
     * Called once before the first step, after any checkpoint has been restored.
     *
     * @param session the session
     */
    default void onTrainingBegin(TrainingSession session) {}

    /**
     * Called before the first step of an epoch (also when a run resumes in its middle).
     *
     * @param session the session
     * @param epoch the epoch about to run, 1-based
     * @param firstStep the step within the epoch it starts at, 0 unless resumed mid-epoch
     */
    default void onEpochBegin(TrainingSession session, int epoch, int firstStep) {}

    /**
     * Called after each optimiser step.
     *
     * @param session the session
     * @param step what the step did
     */
    default void onStep(TrainingSession session, StepRecord step) {}

    /**
     * Called after each epoch, in listener order; a listener may add to the record for the ones
     * after it (the validation listener fills in {@link EpochRecord#validation()}).
     *
     * @param session the session
     * @param epoch what the epoch did
     * @throws java.io.IOException if a listener cannot write what it keeps
     */
    default void onEpochEnd(TrainingSession session, EpochRecord epoch) throws java.io.IOException {}

    /**
     * Called after the step that ends every {@link TrainingSession#evalEvery()} steps (and after
     * the run's last step), after {@link #onStep}, when evaluations do not follow epochs. The
     * validation listener fills in {@link EvaluationRecord#validation()}; a listener may then ask
     * the session to stop, and the run stops right after this step.
     *
     * @param session the session
     * @param evaluation the evaluation
     * @throws java.io.IOException if a listener cannot write
     */
    default void onEvaluation(TrainingSession session, EvaluationRecord evaluation) throws java.io.IOException {}

    /**
     * Called once when training ends normally (all epochs, or stopped early).
     *
     * @param session the session
     */
    default void onTrainingEnd(TrainingSession session) {}
}
