package io.github.setclip.cli;

import io.github.setclip.losses.LossWeights;
import io.github.setclip.losses.SddForm;
import io.github.setclip.train.ObjectiveSettings;
import io.github.setclip.train.SemiSupervisedSettings;
import io.github.setclip.train.TrainingConfig;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ListResourceBundle;

/**
 * The defaults the help texts quote ({@code ${bundle:default.lr}}), read from the settings' homes
 * ({@link TrainingConfig#DEFAULTS}, {@link ObjectiveSettings#DEFAULTS}, {@link
 * SemiSupervisedSettings#NONE}, {@link SddForm#defaultBandwidth()}) so that a default is written
 * once and the help cannot drift from it. Only how each number is written is decided here. Public
 * because {@link java.util.ResourceBundle} loads it by name.
 */
public final class SettingDefaults extends ListResourceBundle {

    @Override
    protected Object[][] getContents() {
        TrainingConfig t = TrainingConfig.DEFAULTS;
        ObjectiveSettings o = ObjectiveSettings.DEFAULTS;
        LossWeights w = o.weights();
        SemiSupervisedSettings s = SemiSupervisedSettings.NONE;
        return new Object[][] {
            {"default.epochs", plain(t.epochs())},
            {"default.batch-size", plain(t.batchSize())},
            {"default.lr", powerOfTen(t.learningRate())},
            {"default.weight-decay", plain(t.weightDecay())},
            {"default.warmup", plain(t.warmUpSteps())},
            {"default.grad-clip", Double.toString(t.gradientClip())},
            {"default.seed", plain(t.seed())},
            {"default.w-cl", plain(w.cl())},
            {"default.w-mmd", plain(w.mmd())},
            {"default.w-sdd", plain(w.sdd())},
            {"default.w-ssl", plain(w.ssl())},
            {"default.bandwidth.spec", plain(SddForm.SPEC.defaultBandwidth())},
            {"default.bandwidth.authors", plain(SddForm.AUTHORS.defaultBandwidth())},
            {"default.ssl-tau", plain(o.sslTemperature())},
            {"default.queue", plain(o.queueSize())},
            {"default.balance-every", plain(o.balanceEvery())},
            {"default.pl-weight", plain(s.pseudoLabelWeight())},
            {"default.kw-weight", plain(s.keywordWeight())},
            {"default.nn-per-batch", plain(s.nnPerBatch())},
            {"default.nn-weight", plain(s.nnWeight())},
            {"default.nn-warmup", plain(s.nnWarmup())},
            {"default.nn-margin", plain(s.nnMargin())},
            {"default.nn-refresh", plain(s.nnRefresh())},
            {"default.two-stage-fraction", plain(SemiSupervisedSettings.DEFAULT_TWO_STAGE_FRACTION)},
        };
    }

    /** A number without trailing zeros: 1, 0.05, 128. */
    private static String plain(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    /** A power of ten as 1e-3 (another number as {@link #plain}). */
    private static String powerOfTen(double value) {
        BigDecimal d = BigDecimal.valueOf(value).stripTrailingZeros();
        return d.unscaledValue().equals(BigInteger.ONE) && d.scale() > 0 ? "1e-" + d.scale() : plain(value);
    }
}
