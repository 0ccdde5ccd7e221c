package io.github.setclip.tasks.experiment;

import io.github.setclip.eval.PairedSignificance;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * A verdict table from finished runs: per arm each seed's mean recall, mean ± sd, and against the
 * baseline arm (the first) on the seeds both have the mean difference, the paired test's p
 * (ExperimentTable's: t below {@value ExperimentTable#WILCOXON_FROM} seeds), the share of the gap
 * to CLIP on all pairs closed, the same difference and p for a precision metric, and the compute.
 * Figures are percent.
 */
public final class VerdictTable {

    /** The ranking metric every row is about. */
    public static final String RECALL = "retrieval/mean_recall";

    /** The arm whose mean is the top of the gap: CLIP with every item paired. */
    public static final String UPPER = "clip-all";

    private final FinishedRuns runs;
    private final List<String> arms;
    private final String precision;

    /**
     * A table of the given arms.
     *
     * @param runs the finished runs
     * @param arms arm keys, the baseline first; empty for every arm read
     * @param precision the precision metric ({@code section/name} or {@code name} in retrieval/),
     *     {@code auto} for group P@10 where the runs have it, else class P@10, else none
     * @throws IllegalArgumentException for an arm or a metric no run has
     */
    public VerdictTable(FinishedRuns runs, List<String> arms, String precision) {
        this.runs = runs;
        this.arms = arms.isEmpty() ? runs.arms() : List.copyOf(arms);
        for (String arm : this.arms) {
            if (runs.of(arm).isEmpty()) {
                throw new IllegalArgumentException("no runs of arm '" + arm + "'; the arms read are " + runs);
            }
        }
        this.precision = precisionMetric(precision);
    }

    /** The precision metric in use, or null for none. */
    public String precision() {
        return precision;
    }

    /**
     * One arm's figures, in percent (steps and seconds as they are).
     *
     * @param seeds mean recall per seed
     * @param mean mean recall over the arm's seeds
     * @param sd its sample standard deviation
     * @param common seeds shared with the baseline (0 for the baseline)
     * @param delta mean difference from the baseline on the common seeds (NaN for the baseline)
     * @param p the paired test's p (NaN below 2 common seeds)
     * @param gapClosed delta over the baseline-to-upper gap, as a fraction (NaN without the upper arm)
     * @param precisionMean the precision metric's mean
     * @param precisionDelta its mean difference on the common seeds
     * @param precisionP its paired p
     * @param stepsToBest mean steps to the scored epoch
     * @param rowsToBest mean rows per modality to the scored epoch
     * @param fewestSteps fewest steps any run took
     * @param mostSteps most steps any run took
     * @param seconds mean seconds per run
     * @param stoppedEarly the runs early stopping ended, as "seed N at step S"
     */
    public record Row(Map<Long, Double> seeds, double mean, double sd, int common, double delta, double p,
            double gapClosed, double precisionMean, double precisionDelta, double precisionP,
            double stepsToBest, double rowsToBest, long fewestSteps, long mostSteps, double seconds,
            List<String> stoppedEarly) {}

    /**
     * The figures of one arm.
     *
     * @param arm an arm key of the table
     * @return its row
     */
    public Row row(String arm) {
        Map<Long, FinishedRun> mine = runs.of(arm);
        Map<Long, FinishedRun> base = runs.of(arms.get(0));
        Map<Long, Double> seeds = new java.util.TreeMap<>();
        mine.forEach((seed, run) -> seeds.put(seed, percent(run, RECALL)));
        double[] all = seeds.values().stream().mapToDouble(Double::doubleValue).toArray();
        List<Long> common = arm.equals(arms.get(0)) ? List.of()
                : mine.keySet().stream().filter(base::containsKey).toList();
        Comparison recall = compare(mine, base, common, RECALL);
        Comparison prec = precision == null ? Comparison.NONE : compare(mine, base, common, precision);
        double gap = mean(runs.of(UPPER), RECALL) - mean(base, RECALL);
        List<String> stopped = new ArrayList<>();
        mine.forEach((seed, run) -> {
            if (run.stoppedEarly()) {
                stopped.add("seed " + seed + " at step " + run.stepsRun());
            }
        });
        return new Row(seeds, ExperimentTable.mean(all), ExperimentTable.std(all), common.size(), recall.delta,
                recall.p, runs.of(UPPER).isEmpty() ? Double.NaN : recall.delta / gap,
                precision == null ? Double.NaN : mean(mine, precision), prec.delta, prec.p,
                average(mine, r -> r.result().stepsToBest()), average(mine, r -> r.result().samplesToBest()),
                mine.values().stream().mapToLong(FinishedRun::stepsRun).min().orElse(0),
                mine.values().stream().mapToLong(FinishedRun::stepsRun).max().orElse(0),
                average(mine, r -> r.result().seconds()), stopped);
    }

    /**
     * The table in Markdown: a header line saying what is compared, then one row per arm.
     *
     * @return the Markdown text
     */
    public String toMarkdown() {
        TreeSet<Long> seeds = new TreeSet<>();
        arms.forEach(a -> seeds.addAll(runs.of(a).keySet()));
        String baseline = arms.get(0);
        StringBuilder md = new StringBuilder(String.format(Locale.ROOT, "Mean recall in percent per seed, on the split"
                + " the runs were scored on (test for a verdict, validation for a screen);"
                + " Δ and p against %s on the seeds both have (%s); gap closed = Δ / (%s - %s)%s; steps run"
                + " from each run's summary.json, else its epochs at the best epoch's length.%n%n", baseline,
                "paired t-test below " + ExperimentTable.WILCOXON_FROM + " seeds, Wilcoxon from there",
                UPPER, baseline, runs.of(UPPER).isEmpty() ? " (no " + UPPER + " runs: n/a)" : ""));
        md.append("| arm |");
        seeds.forEach(s -> md.append(" seed ").append(s).append(" |"));
        md.append(" mean ± sd | Δ (pp) | p | gap closed |");
        if (precision != null) {
            md.append(' ').append(precision.replace("retrieval/", "")).append(": Δ, p |");
        }
        md.append(" steps to best | rows per modality to best | steps run | s per run | runs stopped early |\n");
        md.append("|---|");
        md.append("---|".repeat(seeds.size() + 9 + (precision == null ? 0 : 1))).append('\n');
        for (String arm : arms) {
            Row r = row(arm);
            md.append("| ").append(arm).append(" |");
            seeds.forEach(s -> md.append(' ').append(r.seeds().containsKey(s) ? f1(r.seeds().get(s)) : "").append(" |"));
            md.append(' ').append(f1(r.mean())).append(" ± ").append(f1(r.sd())).append(" |");
            boolean isBaseline = arm.equals(baseline);
            md.append(' ').append(isBaseline || r.common() == 0 ? "—" : signed(r.delta())).append(" |");
            md.append(' ').append(isBaseline ? "—" : pValue(r.p())).append(" |");
            md.append(' ').append(isBaseline ? "—" : arm.equals(UPPER) ? "100%" : Double.isNaN(r.gapClosed())
                    ? "n/a" : String.format(Locale.ROOT, "%+.0f%%", 100 * r.gapClosed())).append(" |");
            if (precision != null) {
                md.append(' ').append(isBaseline ? f1(r.precisionMean())
                        : signed(r.precisionDelta()) + ", " + pValue(r.precisionP())).append(" |");
            }
            md.append(String.format(Locale.ROOT, " %.0f | %,.0f | %s | %.0f | %s |%n", r.stepsToBest(), r.rowsToBest(),
                    r.fewestSteps() == r.mostSteps() ? String.valueOf(r.mostSteps())
                            : r.fewestSteps() + "-" + r.mostSteps(), r.seconds(),
                    r.stoppedEarly().isEmpty() ? "0 of " + r.seeds().size()
                            : r.stoppedEarly().size() + " (" + String.join(", ", r.stoppedEarly()) + ")"));
        }
        return md.toString();
    }

    private String precisionMetric(String name) {
        List<String> candidates = "auto".equals(name)
                ? List.of("retrieval/s2t_group_P@10", "retrieval/s2t_class_P@10")
                : List.of(name.contains("/") ? name : "retrieval/" + name);
        for (String metric : candidates) {
            if (arms.stream().allMatch(a -> runs.of(a).values().stream()
                    .allMatch(r -> r.result().metrics().containsKey(metric)))) {
                return metric;
            }
        }
        if ("auto".equals(name)) {
            return null;
        }
        throw new IllegalArgumentException("not every run of " + arms + " has the metric " + candidates.get(0));
    }

    private record Comparison(double delta, double p) {
        static final Comparison NONE = new Comparison(Double.NaN, Double.NaN);
    }

    private static Comparison compare(Map<Long, FinishedRun> arm, Map<Long, FinishedRun> base, List<Long> common,
            String metric) {
        if (common.isEmpty()) {
            return Comparison.NONE;
        }
        double[] a = common.stream().mapToDouble(s -> percent(arm.get(s), metric)).toArray();
        double[] b = common.stream().mapToDouble(s -> percent(base.get(s), metric)).toArray();
        double delta = ExperimentTable.mean(a) - ExperimentTable.mean(b);
        PairedSignificance.Result test = common.size() < 2 ? null : ExperimentTable.pairedTest(a, b);
        return new Comparison(delta, test == null ? Double.NaN : test.pValue());
    }

    private static double percent(FinishedRun run, String metric) {
        Double value = run.result().metrics().get(metric);
        if (value == null) {
            throw new IllegalArgumentException("arm " + run.result().arm() + " seed " + run.result().seed()
                    + " has no " + metric);
        }
        return 100 * value;
    }

    private static double mean(Map<Long, FinishedRun> runs, String metric) {
        return runs.isEmpty() ? Double.NaN
                : ExperimentTable.mean(runs.values().stream().mapToDouble(r -> percent(r, metric)).toArray());
    }

    private static double average(Map<Long, FinishedRun> runs, java.util.function.ToDoubleFunction<FinishedRun> f) {
        return runs.values().stream().mapToDouble(f).average().orElse(Double.NaN);
    }

    private static String f1(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    private static String signed(double v) {
        return String.format(Locale.ROOT, "%+.1f", v);
    }

    /** As the verdict tables print p: below 0.001 as such, 3 decimals below 0.1, else 2. */
    static String pValue(double p) {
        if (Double.isNaN(p)) {
            return "n/a";
        }
        return p < 0.001 ? "< 0.001" : String.format(Locale.ROOT, p < 0.1 ? "%.3f" : "%.2f", p);
    }
}
