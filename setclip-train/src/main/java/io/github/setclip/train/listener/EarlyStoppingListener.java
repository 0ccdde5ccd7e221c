package io.github.setclip.train.listener;

import io.github.setclip.train.BestEpoch;
import io.github.setclip.train.EarlyStopping;
import io.github.setclip.train.EpochRecord;
import io.github.setclip.train.TrainingListener;
import io.github.setclip.train.TrainingSession;
import io.github.setclip.train.TrainingState;
import java.io.IOException;
import java.util.Map;

/**
 * Early stopping: after every validated epoch, records a new best epoch (and saves its model to
 * {@code best/model.params}) when the watched metric improves, and stops the run once it has not
 * improved for the rule's patience. The best epoch lives in the session's state, so checkpoints
 * keep it and a resumed run continues the count; a run resumed after it had already stopped ends
 * at once.
 */
public final class EarlyStoppingListener implements TrainingListener {

    /** The best model's file, relative to the run folder. */
    public static final String BEST_MODEL = "best/model.params";

    private final EarlyStopping rule;

    /**
     * Creates the listener; it must come after a validation listener.
     *
     * @param rule the metric, patience and minimum improvement
     */
    public EarlyStoppingListener(EarlyStopping rule) {
        this.rule = rule;
    }

    @Override
    public void onTrainingBegin(TrainingSession session) {
        TrainingState state = session.state();
        if (state.best() != null && state.epoch() - state.best().epoch() >= rule.patience()) {
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
            session.model().save(session.runDirectory().resolve(BEST_MODEL));
        }
        if (epoch.epoch() - best.epoch() >= rule.patience()) {
            session.console().printf("  early stopping: %s has not improved for %d epochs; best %.4f"
                            + " at epoch %d%n", rule.metric(), epoch.epoch() - best.epoch(),
                    best.value(), best.epoch());
            session.requestStop("early stopping");
        }
    }
}
