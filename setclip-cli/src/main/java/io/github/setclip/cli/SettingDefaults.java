package io.github.setclip.cli;

import io.github.setclip.data.text.WordLevelTokenizerBuilder;
import io.github.setclip.losses.SddForm;
import io.github.setclip.train.SemiSupervisedSettings;
import io.github.setclip.train.TrainingConfig;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.ListResourceBundle;
import java.util.Map;
import java.util.function.Function;

/**
 * What the help texts quote from the settings' homes, so that a default is written once and the
 * help cannot drift from it: every component of {@link TrainingConfig#DEFAULTS}, by its path
 * ({@code ${bundle:default.learningRate}}, {@code ${bundle:default.objective.sslTemperature}},
 * {@code ${bundle:default.semi.nnWarmup}}), the SDD forms' bandwidths, and the settings {@code
 * experiment --sweep} varies ({@link SettingTable}). A new setting's default is here without a
 * line of its own. Only how a number is written is decided here. Public because {@link
 * java.util.ResourceBundle} loads it by name.
 */
public final class SettingDefaults extends ListResourceBundle {

    /** Numbers written otherwise than {@link #plain}, as the help has always written them. */
    private static final Map<String, Function<Double, String>> WRITTEN = Map.of(
            "default.learningRate", SettingDefaults::powerOfTen,
            "default.gradientClip", v -> Double.toString(v));

    @Override
    protected Object[][] getContents() {
        List<Object[]> entries = new ArrayList<>();
        components("default", TrainingConfig.DEFAULTS, entries);
        for (SddForm form : SddForm.values()) {
            entries.add(new Object[] {"default.bandwidth." + form.name().toLowerCase(java.util.Locale.ROOT),
                plain(form.defaultBandwidth())});
        }
        entries.add(new Object[] {"default.recipe.twoStageFraction",
            plain(SemiSupervisedSettings.DEFAULT_TWO_STAGE_FRACTION)});
        entries.add(new Object[] {"default.tokenizer.minCount", plain(WordLevelTokenizerBuilder.DEFAULT_MIN_COUNT)});
        entries.add(new Object[] {"sweepable", SettingTable.sweepableInWords()});
        return entries.toArray(Object[][]::new);
    }

    /** Adds a record's components under {@code prefix}, numbers written, records walked into. */
    private static void components(String prefix, Record record, List<Object[]> into) {
        for (RecordComponent c : record.getClass().getRecordComponents()) {
            String key = prefix + "." + c.getName();
            Object value;
            try {
                value = c.getAccessor().invoke(record);
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException("cannot read " + key, e);
            }
            if (value instanceof Record inner) {
                components(key, inner, into);
            } else if (value instanceof Number n) {
                into.add(new Object[] {key, WRITTEN.getOrDefault(key, SettingDefaults::plain).apply(n.doubleValue())});
            } else if (value != null) {
                into.add(new Object[] {key, value.toString()});
            }
        }
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
