package io.github.setclip.train.listener;

import io.github.setclip.data.InvalidSettingException;

/**
 * Stops a run once its validation metric has not improved for {@code patience} evaluations (one
 * per epoch), keeping the best evaluation's model in {@code best/} of the run folder, but never
 * before {@code minSteps} optimiser steps. Higher values of the metric are better.
 *
 * <p>Why a floor: with short epochs (an additive emoji epoch is 4 steps) a patience of a few
 * evaluations ends runs a few dozen steps in, while validation is still rising; the floor makes
 * any run see at least that much training whatever its epochs' length.
 *
 * @param metric the validation metric to watch, e.g. {@code mean_recall}
 * @param patience evaluations without improvement before stopping, &gt;= 1
 * @param minDelta the smallest increase that counts as an improvement, &gt;= 0
 * @param minSteps no stop before this many optimiser steps, &gt;= 0, or {@link #HALF_BUDGET}: half
 *     the run's step budget (epochs x steps per epoch)
 */
public record EarlyStopping(String metric, int patience, double minDelta, long minSteps) {

    /** {@link #minSteps()} meaning half the run's step budget, whatever it is. */
    public static final long HALF_BUDGET = -1;

    /** Validates the fields. */
    public EarlyStopping {
        if (metric == null || metric.isBlank()) {
            throw new InvalidSettingException("metric", "must name a validation metric, got " + metric);
        }
        if (patience < 1) {
            throw new InvalidSettingException("patience", "must be >= 1 evaluation, got " + patience);
        }
        if (!(minDelta >= 0)) {
            throw new InvalidSettingException("minDelta", "must be >= 0, got " + minDelta);
        }
        if (minSteps < 0 && minSteps != HALF_BUDGET) {
            throw new InvalidSettingException("minSteps", "must be >= 0 steps, got " + minSteps);
        }
    }

    /**
     * The rule with no stop before half the step budget: what every run gets unless told otherwise.
     *
     * @param metric the validation metric to watch
     * @param patience evaluations without improvement before stopping
     * @param minDelta the smallest increase that counts as an improvement
     */
    public EarlyStopping(String metric, int patience, double minDelta) {
        this(metric, patience, minDelta, HALF_BUDGET);
    }

    /** Whether {@code value} improves on {@code best} (any finite value improves on NaN). */
    public boolean improves(double value, double best) {
        return Double.isNaN(best) ? !Double.isNaN(value) : value > best + minDelta;
    }

    /**
     * The steps before which the rule stops nothing.
     *
     * @param budgetSteps the run's step budget
     * @return {@link #minSteps()}, or half the budget (rounded up) for {@link #HALF_BUDGET}
     */
    public long minStepsOf(long budgetSteps) {
        return minSteps == HALF_BUDGET ? (budgetSteps + 1) / 2 : minSteps;
    }

    /** Whether the rule may stop a run at {@code steps} of a {@code budgetSteps} budget. */
    public boolean mayStopAt(long steps, long budgetSteps) {
        return steps >= minStepsOf(budgetSteps);
    }
}
