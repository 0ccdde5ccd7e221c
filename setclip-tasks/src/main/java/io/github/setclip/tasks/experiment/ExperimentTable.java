package io.github.setclip.tasks.experiment;

import ai.djl.util.JsonUtils;
import io.github.setclip.eval.PairedSignificance;
import io.github.setclip.train.AlignmentTask;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The results of an experiment across seeds: per arm, the mean and standard deviation of every
 * metric and of the compute spent; per arm against CLIP on the paired items, the improvement, the
 * share of the gap to CLIP on all pairs it closes, and a paired significance test across seeds
 * (seed k of every arm shares its pairing). With fewer than {@value #WILCOXON_FROM} seeds the test
 * is a paired t-test, since the exact Wilcoxon signed-rank test cannot go below p = 2/2^K there
 * (0.25 at K = 3); from {@value #WILCOXON_FROM} seeds on it is the Wilcoxon test.
 */
public final class ExperimentTable {

    /** Seeds from which the Wilcoxon signed-rank test replaces the paired t-test. */
    public static final int WILCOXON_FROM = 6;

    private static final String[] HEADLINE = {
        "retrieval/s2t_R@1", "retrieval/s2t_R@5", "retrieval/s2t_R@10",
        "retrieval/t2s_R@1", "retrieval/t2s_R@5", "retrieval/t2s_R@10", "retrieval/mean_recall"
    };

    private final List<Arm> arms;
    private final List<RunResult> results;
    private final AlignmentTask.Split split;
    private final Arm baseline;

    /** The first arm is the baseline the others are compared with (CLIP, or untrained CLIP). */
    ExperimentTable(List<Arm> arms, List<RunResult> results, AlignmentTask.Split split) {
        this.arms = arms;
        this.results = results;
        this.split = split;
        this.baseline = arms.get(0);
    }

    /** The values of one metric for one arm, in seed order. */
    public double[] values(String armKey, String metric) {
        return results.stream().filter(r -> r.arm().equals(armKey))
                .mapToDouble(r -> r.metrics().getOrDefault(metric, Double.NaN)).toArray();
    }

    /** The metrics of the table: the retrieval headline, then zero-shot and class precision. */
    public List<String> metrics() {
        Set<String> names = new LinkedHashSet<>(List.of(HEADLINE));
        for (RunResult r : results) {
            for (String m : r.metrics().keySet()) {
                if (m.startsWith("zero_shot_") || m.contains("_P@10")) {
                    names.add(m);
                }
            }
        }
        names.removeIf(m -> results.stream().noneMatch(r -> r.metrics().containsKey(m)));
        return new ArrayList<>(names);
    }

    /** Mean of values. */
    static double mean(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v;
        }
        return s / x.length;
    }

    /** Sample standard deviation (n - 1); 0 for one value. */
    static double std(double[] x) {
        if (x.length < 2) {
            return 0;
        }
        double m = mean(x);
        double s = 0;
        for (double v : x) {
            s += (v - m) * (v - m);
        }
        return Math.sqrt(s / (x.length - 1));
    }

    /** The paired test of arm against the CLIP(paired) baseline on a metric, or null. */
    PairedSignificance.Result test(String armKey, String metric) {
        double[] a = values(armKey, metric);
        double[] b = values(baseline.key(), metric);
        if (a.length != b.length || a.length < 2) {
            return null;
        }
        return pairedTest(a, b);
    }

    /** The paired test of a against b (same seeds, same order): t below {@value #WILCOXON_FROM} seeds. */
    static PairedSignificance.Result pairedTest(double[] a, double[] b) {
        return a.length < WILCOXON_FROM ? PairedSignificance.pairedT(a, b) : PairedSignificance.wilcoxon(a, b);
    }

    /** Share of the CLIP(paired) to CLIP(all) gap an arm closes on a metric, NaN without both. */
    double gapClosed(String armKey, String metric) {
        double[] all = values("clip-all", metric);
        double[] clip = values(baseline.key(), metric);
        double[] arm = values(armKey, metric);
        if (all.length == 0 || clip.length == 0 || arm.length == 0) {
            return Double.NaN;
        }
        double gap = mean(all) - mean(clip);
        return gap == 0 ? Double.NaN : (mean(arm) - mean(clip)) / gap;
    }

    /**
     * The Markdown report: cost, metrics (mean ± std in percent) and comparisons.
     *
     * @param title the heading
     * @return the Markdown text
     */
    public String toMarkdown(String title) {
        StringBuilder md = new StringBuilder("# ").append(title).append("\n\n");
        int seeds = (int) results.stream().mapToLong(RunResult::seed).distinct().count();
        md.append(String.format(Locale.ROOT, "Scored on the %s split; %d seed(s) per arm; figures are"
                + " mean ± standard deviation across seeds, in percent.%n%n",
                split.name().toLowerCase(Locale.ROOT), seeds));
        md.append("## Compute (to the best epoch, which is the model scored)\n\n");
        md.append("| Arm | best epoch | epochs run | steps | samples | seconds to best | seconds total |\n");
        md.append("|---|---|---|---|---|---|---|\n");
        for (Arm arm : arms) {
            List<RunResult> runs = results.stream().filter(r -> r.arm().equals(arm.key())).toList();
            if (runs.isEmpty()) {
                continue;
            }
            md.append(String.format(Locale.ROOT, "| %s | %.1f | %.1f | %.0f | %.0f | %.0f | %.0f |%n",
                    arm.name(), avg(runs, r -> r.bestEpoch()), avg(runs, r -> r.epochs()),
                    avg(runs, r -> r.stepsToBest()), avg(runs, r -> r.samplesToBest()),
                    avg(runs, RunResult::secondsToBest), avg(runs, RunResult::seconds)));
        }
        List<String> metrics = metrics();
        md.append("\n## Metrics\n\n| Arm |");
        metrics.forEach(m -> md.append(' ').append(shortName(m)).append(" |"));
        md.append("\n|---|");
        metrics.forEach(m -> md.append("---|"));
        md.append('\n');
        for (Arm arm : arms) {
            if (values(arm.key(), metrics.get(0)).length == 0) {
                continue;
            }
            md.append("| ").append(arm.name()).append(" |");
            for (String m : metrics) {
                double[] v = values(arm.key(), m);
                md.append(String.format(Locale.ROOT, " %.1f ± %.1f |", 100 * mean(v), 100 * std(v)));
            }
            md.append('\n');
        }
        // A sweep varies one setting of one method: there is no baseline to beat. A screen of
        // recipes on validation compares with CLIP, for choosing (its p-values are no verdict).
        boolean validation = split == AlignmentTask.Split.VALIDATION;
        boolean comparable = !validation || baseline.config().isClip();
        if (comparable && values(baseline.key(), metrics.get(0)).length > 0) {
            md.append("\n## Against ").append(baseline.name()).append(validation ? " (validation: for"
                    + " choosing what to test, not a verdict)" : "").append("\n\n");
            md.append("Δ is the mean improvement over ").append(baseline.name())
                    .append(" in percentage points; p is two-sided, from a ")
                    .append(seeds < WILCOXON_FROM ? "paired t-test" : "Wilcoxon signed-rank test")
                    .append(" across seeds (seed k of every arm shares one pairing)");
            boolean upper = values("clip-all", metrics.get(0)).length > 0;
            if (upper) {
                md.append("; gap closed is the share of the distance from CLIP (paired only) to CLIP"
                        + " (all pairs) that the arm covers");
            }
            md.append(".\n\n| Arm | metric | Δ (pp) | p | gap closed |\n|---|---|---|---|---|\n");
            for (Arm arm : arms) {
                if (arm.key().equals(baseline.key()) || arm.key().equals("clip-all")
                        || values(arm.key(), metrics.get(0)).length == 0) {
                    continue;
                }
                for (String m : metrics) {
                    double delta = mean(values(arm.key(), m)) - mean(values(baseline.key(), m));
                    PairedSignificance.Result t = test(arm.key(), m);
                    double gap = gapClosed(arm.key(), m);
                    md.append(String.format(Locale.ROOT, "| %s | %s | %+.1f | %s | %s |%n", arm.name(),
                            shortName(m), 100 * delta, t == null ? "n/a" : String.format(Locale.ROOT,
                                    "%.3f", t.pValue()),
                            Double.isNaN(gap) ? "n/a" : String.format(Locale.ROOT, "%.0f%%", 100 * gap)));
                }
            }
        }
        return md.toString();
    }

    /**
     * The CSV: one line per run and metric, then one summary line per arm and metric.
     *
     * @return the CSV text with a header
     */
    public String toCsv() {
        StringBuilder csv = new StringBuilder(
                "kind,arm,seed,metric,value,mean,std,n,delta_vs_clip,p_value,test,gap_closed\n");
        for (RunResult r : results) {
            for (Map.Entry<String, Double> m : r.metrics().entrySet()) {
                csv.append(String.format(Locale.ROOT, "run,%s,%d,%s,%.6f,,,,,,,%n", r.arm(), r.seed(),
                        m.getKey(), m.getValue()));
            }
            csv.append(String.format(Locale.ROOT, "run,%s,%d,steps_to_best,%d,,,,,,,%n", r.arm(), r.seed(),
                    r.stepsToBest()));
            csv.append(String.format(Locale.ROOT, "run,%s,%d,seconds,%.1f,,,,,,,%n", r.arm(), r.seed(),
                    r.seconds()));
        }
        for (Arm arm : arms) {
            for (String m : metrics()) {
                double[] v = values(arm.key(), m);
                if (v.length == 0) {
                    continue;
                }
                boolean isBaseline = arm.key().equals(baseline.key());
                PairedSignificance.Result t = isBaseline ? null : test(arm.key(), m);
                double[] clip = values(baseline.key(), m);
                String delta = clip.length == 0 || isBaseline ? ""
                        : String.format(Locale.ROOT, "%.6f", mean(v) - mean(clip));
                double gap = gapClosed(arm.key(), m);
                csv.append(String.format(Locale.ROOT, "summary,%s,,%s,,%.6f,%.6f,%d,%s,%s,%s,%s%n",
                        arm.key(), m, mean(v), std(v), v.length, delta,
                        t == null ? "" : String.format(Locale.ROOT, "%.6f", t.pValue()),
                        t == null ? "" : t.test(),
                        Double.isNaN(gap) || arm.key().startsWith("clip") ? ""
                                : String.format(Locale.ROOT, "%.6f", gap)));
            }
        }
        return csv.toString();
    }

    void write(Path directory, Map<String, Object> description) throws IOException {
        Files.writeString(directory.resolve("experiment.md"), toMarkdown("Experiment")
                + "\n## Setup\n\n```json\n" + JsonUtils.GSON_PRETTY.toJson(description) + "\n```\n");
        Files.writeString(directory.resolve("experiment.csv"), toCsv());
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("setup", description);
        json.put("runs", results);
        Files.writeString(directory.resolve("experiment.json"), JsonUtils.GSON_PRETTY.toJson(json) + "\n");
    }

    private static String shortName(String metric) {
        return metric.replace("retrieval/", "").replace("zero_shot_", "zs ").replace("/", " ");
    }

    private static double avg(List<RunResult> runs, java.util.function.ToDoubleFunction<RunResult> f) {
        return runs.stream().mapToDouble(f).average().orElse(Double.NaN);
    }
}
