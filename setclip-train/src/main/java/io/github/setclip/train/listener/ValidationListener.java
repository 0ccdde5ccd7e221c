package io.github.setclip.train.listener;

import ai.djl.ndarray.NDManager;
import io.github.setclip.train.session.EpochRecord;
import io.github.setclip.train.session.EvaluationRecord;
import io.github.setclip.train.session.TrainingListener;
import io.github.setclip.train.session.TrainingSession;
import java.util.Locale;
import java.util.Map;

/**
 * Runs a {@link Validation} after every epoch (or at every evaluation, when the session evaluates
 * every N steps), puts its metrics into the epoch's (or evaluation's) record for the listeners
 * after it, and prints them.
 */
public final class ValidationListener implements TrainingListener {

    private final Validation validation;

    /**
     * Creates the listener.
     *
     * @param validation what to evaluate
     */
    public ValidationListener(Validation validation) {
        this.validation = validation;
    }

    @Override
    public void onEpochEnd(TrainingSession session, EpochRecord epoch) {
        if (session.evalEvery() == 0) {
            Map<String, Double> metrics = evaluate(session);
            epoch.validation().putAll(metrics);
            session.console().println("  validation: " + format(metrics));
        }
    }

    @Override
    public void onEvaluation(TrainingSession session, EvaluationRecord evaluation) {
        Map<String, Double> metrics = evaluate(session);
        evaluation.validation().putAll(metrics);
        session.console().println("  validation at step " + evaluation.globalStep() + ": " + format(metrics));
    }

    private Map<String, Double> evaluate(TrainingSession session) {
        try (NDManager scope = session.manager().newSubManager()) {
            return validation.evaluate(session.model(), scope);
        }
    }

    /** {@code name value  name value ...} with four decimals. */
    static String format(Map<String, Double> values) {
        StringBuilder sb = new StringBuilder();
        values.forEach((k, v) -> sb.append(k).append(' ')
                .append(String.format(Locale.ROOT, "%.4f", v)).append("  "));
        return sb.toString().trim();
    }
}
