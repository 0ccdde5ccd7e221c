package io.github.setclip.eval;

import ai.djl.util.JsonUtils;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * An evaluation report: named sections ("retrieval", "zero-shot", ...) of named metrics, written as
 * JSON for tools and as Markdown tables for people. Sections and metrics keep insertion order; values
 * are written as they are (shares stay shares, not percentages).
 */
public final class Report {

    private final Map<String, Map<String, Double>> sections = new LinkedHashMap<>();

    /**
     * Adds metrics to a section, creating it if new; a metric already present is replaced.
     *
     * @param section section name
     * @param metrics metric name to value, none null
     * @return this report
     */
    public Report add(String section, Map<String, Double> metrics) {
        metrics.forEach((name, value) -> {
            if (name == null || value == null) {
                throw new IllegalArgumentException("section '" + section + "' has a null metric name"
                        + " or value: " + name + " = " + value);
            }
        });
        sections.computeIfAbsent(section, s -> new LinkedHashMap<>()).putAll(metrics);
        return this;
    }

    /** The sections, each metric name to value (unmodifiable view). */
    public Map<String, Map<String, Double>> sections() {
        return Collections.unmodifiableMap(sections);
    }

    /**
     * Writes {@code {section: {metric: value}}} as pretty-printed JSON (integral values without a
     * fraction, NaN and infinities as the bare tokens NaN and Infinity that Python's json reads).
     *
     * @param file the JSON file; missing parent directories are created
     * @throws IOException if it cannot be written
     */
    public void writeJson(Path file) throws IOException {
        createParent(file);
        Files.writeString(file, JsonUtils.GSON_PRETTY.toJson(sections) + System.lineSeparator());
    }

    /**
     * Writes {@link #toMarkdown} to a file.
     *
     * @param file the Markdown file; missing parent directories are created
     * @param title the document title
     * @throws IOException if it cannot be written
     */
    public void writeMarkdown(Path file, String title) throws IOException {
        createParent(file);
        Files.writeString(file, toMarkdown(title));
    }

    /**
     * The report as Markdown: the title as a level-1 heading, then per section a level-2 heading and
     * a {@code | metric | value |} table, values to 4 significant digits (see {@link #format}).
     */
    public String toMarkdown(String title) {
        StringBuilder sb = new StringBuilder("# ").append(title).append("\n");
        sections.forEach((section, metrics) -> {
            sb.append("\n## ").append(section).append("\n\n");
            sb.append("| metric | value |\n|---|---:|\n");
            metrics.forEach((name, value) -> sb.append("| ").append(name.replace("|", "\\|"))
                    .append(" | ").append(format(value)).append(" |\n"));
        });
        return sb.toString();
    }

    /**
     * A value to 4 significant digits: plain notation (keeping trailing zeros, 0.5000) for magnitudes
     * in [1e-4, 1e15), scientific (1.235e-07) outside; 0, NaN, inf and -inf as such.
     */
    static String format(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "inf" : "-inf";
        }
        if (value == 0) {
            return "0";
        }
        double magnitude = Math.abs(value);
        if (magnitude >= 1e-4 && magnitude < 1e15) {
            BigDecimal rounded = new BigDecimal(value).round(new MathContext(4));
            if (rounded.precision() < 4) { // exact short values, e.g. 0.5 -> 0.5000
                rounded = rounded.setScale(rounded.scale() + 4 - rounded.precision());
            }
            return rounded.toPlainString();
        }
        return String.format(Locale.ROOT, "%.3e", value);
    }

    private static void createParent(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
    }
}
