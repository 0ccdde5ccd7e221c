package io.github.setclip.train.listener;

import ai.djl.ndarray.NDManager;
import io.github.setclip.train.session.BestEpoch;
import io.github.setclip.train.session.CheckpointState;
import io.github.setclip.train.session.EpochRecord;
import io.github.setclip.train.session.TrainingListener;
import io.github.setclip.train.session.TrainingSession;
import io.github.setclip.train.session.TrainingState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * Early stopping: after every validated epoch, records a new best epoch (and saves its model to
 * {@code best/model.params}) when the watched metric improves, and stops the run once it has not
 * improved for the rule's patience, once the run is past the rule's minimum steps. The best epoch lives in the session's state, so checkpoints
 * keep it and a resumed run continues the count; a run resumed after it had already stopped ends
 * at once. Every checkpoint also keeps the best model as it was then (a hard link where the file
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
        if (state.best() != null && state.epoch() - state.best().epoch() >= rule.patience()
                && rule.mayStopAt(state.steps(), budget(session))) {
            session.console().printf("early stopping had already ended this run after epoch %d%n",
                    state.epoch());
            session.requestStop("early stopping");
        }
    }

    @Override
    public void onEpochEnd(TrainingSession session, EpochRecord epoch) throws IOException {
        Double value = epoch.validation().get(rule.metric());
        if (value == null) {
            throw new IllegalArgumentException("early stopping watches '" + rule.metric()
                    + "', which the validation does not report; it reports " + epoch.validation().keySet());
        }
        TrainingState state = session.state();
        BestEpoch best = state.best();
        if (best == null || rule.improves(value, best.value())) {
            best = new BestEpoch(epoch.epoch(), value, epoch.globalStep(),
                    epoch.globalStep() * session.rowsPerStep(), state.seconds(),
                    Map.copyOf(epoch.validation()));
            session.recordBest(best);
            session.model().save(runDirectory.resolve(BEST_MODEL));
        }
        if (epoch.epoch() - best.epoch() >= rule.patience() && rule.mayStopAt(epoch.globalStep(), budget(session))) {
            session.console().printf("  early stopping: %s has not improved for %d epochs; best %.4f"
                            + " at epoch %d%n", rule.metric(), epoch.epoch() - best.epoch(),
                    best.value(), best.epoch());
            session.requestStop("early stopping");
        }
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
