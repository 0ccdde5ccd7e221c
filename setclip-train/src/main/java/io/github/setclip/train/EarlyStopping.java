package io.github.setclip.train;

import io.github.setclip.data.InvalidSettingException;

/**
 * Stops a run once its validation metric has not improved for {@code patience} epochs, keeping the
 * best epoch's model in {@code best/} of the run folder. Higher values of the metric are better.
 *
 * @param metric the validation metric to watch, e.g. {@code mean_recall}
 * @param patience epochs without improvement before stopping, &gt;= 1
 * @param minDelta the smallest increase that counts as an improvement, &gt;= 0
 */
public record EarlyStopping(String metric, int patience, double minDelta) {

    /** Validates the fields. */
    public EarlyStopping {
        if (metric == null || metric.isBlank()) {
            throw new InvalidSettingException("metric", "must name a validation metric, got " + metric);
        }
        if (patience < 1) {
            throw new InvalidSettingException("patience", "must be >= 1 epoch, got " + patience);
        }
        if (!(minDelta >= 0)) {
            throw new InvalidSettingException("minDelta", "must be >= 0, got " + minDelta);
        }
    }

    /** Whether {@code value} improves on {@code best} (any finite value improves on NaN). */
    public boolean improves(double value, double best) {
        return Double.isNaN(best) ? !Double.isNaN(value) : value > best + minDelta;
    }
}
