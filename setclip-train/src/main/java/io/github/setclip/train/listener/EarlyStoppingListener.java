package io.github.setclip.train.listener;

import ai.djl.ndarray.NDManager;
import io.github.setclip.train.session.BestEpoch;
import io.github.setclip.train.session.CheckpointState;
import io.github.setclip.train.session.EpochRecord;
import io.github.setclip.train.session.EvaluationRecord;
import io.github.setclip.train.session.TrainingListener;
import io.github.setclip.train.session.TrainingSession;
import io.github.setclip.train.session.TrainingState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * Early stopping: after every validated epoch (or every evaluation, when the session evaluates
 * every N steps), records a new best (and saves its model to {@code best/model.params}) when the
 * watched metric improves, and stops the run once it has not improved for the rule's patience (in
 * evaluations), once the run is past the rule's minimum steps. The best lives in the session's
 * state, so checkpoints keep it and a resumed run continues the count (evaluations fall on fixed
 * steps, so the count since the best follows from the steps); a run resumed after it had already
 * stopped ends at once. Every checkpoint also keeps the best model as it was then (a hard link where the file
 * system allows, so no copy), and a resumed run puts it back: a run resumed with another learning
 * rate never keeps a best model from the steps it went back over.
 */
public final class EarlyStoppingListener implements TrainingListener, CheckpointState {

    /** The best model's file, relative to the run folder. */
    public static final String BEST_MODEL = "best/model.params";

    /** The best model's file inside a checkpoint. */
    private static final String IN_CHECKPOINT = "best-model.params";

    private final EarlyStopping rule;
    private final Path runDirectory;

    /**
     * Creates the listener; it must come after a validation listener.
     *
     * @param rule the metric, patience and minimum improvement
     * @param runDirectory the run folder, where {@link #BEST_MODEL} goes
     */
    public EarlyStoppingListener(EarlyStopping rule, Path runDirectory) {
        this.rule = rule;
        this.runDirectory = runDirectory;
    }

    @Override
    public void onTrainingBegin(TrainingSession session) {
        TrainingState state = session.state();
        // the last evaluation at or before the checkpoint decided whether the run went on
        long evaluated = session.evalEvery() > 0 ? state.steps() / session.evalEvery() * session.evalEvery()
                : (long) state.epoch() * session.stepsPerEpoch();
        if (state.best() != null && evaluationsSince(session, state.best(), state.epoch(), evaluated) >= rule.patience()
                && rule.mayStopAt(evaluated, budget(session))) {
            session.console().printf("early stopping had already ended this run after epoch %d%n",
                    state.epoch());
            session.requestStop("early stopping");
        }
    }

    @Override
    public void onEpochEnd(TrainingSession session, EpochRecord epoch) throws IOException {
        if (session.evalEvery() == 0) {
            judge(session, epoch.epoch(), epoch.globalStep(), epoch.validation());
        }
    }

    @Override
    public void onEvaluation(TrainingSession session, EvaluationRecord evaluation) throws IOException {
        judge(session, evaluation.epoch(), evaluation.globalStep(), evaluation.validation());
    }

    /** Keeps a new best, and stops once patience evaluations have not improved on it. */
    private void judge(TrainingSession session, int epoch, long globalStep, Map<String, Double> validation)
            throws IOException {
        Double value = validation.get(rule.metric());
        if (value == null) {
            throw new IllegalArgumentException("early stopping watches '" + rule.metric()
                    + "', which the validation does not report; it reports " + validation.keySet());
        }
        TrainingState state = session.state();
        BestEpoch best = state.best();
        if (best == null || rule.improves(value, best.value())) {
            best = new BestEpoch(epoch, value, globalStep, globalStep * session.rowsPerStep(), state.seconds(),
                    Map.copyOf(validation));
            session.recordBest(best);
            session.model().save(runDirectory.resolve(BEST_MODEL));
        }
        long since = evaluationsSince(session, best, epoch, globalStep);
        if (since >= rule.patience() && rule.mayStopAt(globalStep, budget(session))) {
            if (session.evalEvery() == 0) {
                session.console().printf("  early stopping: %s has not improved for %d epochs; best %.4f"
                        + " at epoch %d%n", rule.metric(), since, best.value(), best.epoch());
            } else {
                session.console().printf("  early stopping: %s has not improved for %d evaluations; best %.4f"
                        + " at step %d (epoch %d)%n", rule.metric(), since, best.value(), best.steps(), best.epoch());
            }
            session.requestStop("early stopping");
        }
    }

    /**
     * Evaluations since the best one: epochs when validation follows epochs, else multiples of
     * the evaluation interval passed (evaluations fall on those multiples).
     */
    private static long evaluationsSince(TrainingSession session, BestEpoch best, int epoch, long globalStep) {
        long every = session.evalEvery();
        return every == 0 ? epoch - best.epoch() : globalStep / every - best.steps() / every;
    }

    private static long budget(TrainingSession session) {
        return (long) session.epochs() * session.stepsPerEpoch();
    }

    @Override
    public void save(Path checkpoint) throws IOException {
        Path best = runDirectory.resolve(BEST_MODEL);
        if (Files.exists(best)) {
            Path kept = checkpoint.resolve(IN_CHECKPOINT);
            try {
                Files.createLink(kept, best);
            } catch (IOException | UnsupportedOperationException e) {
                Files.copy(best, kept);
            }
        }
    }

    @Override
    public void restore(Path checkpoint, NDManager manager) throws IOException {
        Path kept = checkpoint.resolve(IN_CHECKPOINT);
        if (Files.exists(kept)) {
            Path best = runDirectory.resolve(BEST_MODEL);
            Files.createDirectories(best.getParent());
            Path temp = Files.createTempFile(best.getParent(), "model.params", ".tmp");
            try {
                Files.copy(kept, temp, StandardCopyOption.REPLACE_EXISTING);
                Files.move(temp, best, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temp);
            }
        }
    }
}
