package io.github.setclip.tasks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.setclip.core.TwoStreamModel;
import io.github.setclip.eval.ClassPrecision;
import io.github.setclip.eval.Geometry;
import io.github.setclip.eval.LinearProbe;
import io.github.setclip.eval.PromptTemplates;
import io.github.setclip.eval.Report;
import io.github.setclip.eval.Retrieval;
import io.github.setclip.eval.ZeroShot;
import io.github.setclip.train.AlignmentTask;
import io.github.setclip.train.EmbeddedSplit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every metric of a trained model on one split of its task: retrieval both ways (Recall@1/5/10,
 * median and mean rank, class precision@10 where the task has labels), zero-shot classification
 * from prompt templates when T is text, a linear probe on frozen S embeddings (trained on the
 * training split), and the geometry of the shared space.
 */
public final class Evaluation {

    private final AlignmentTask task;
    private final PromptTemplates templates;
    private boolean linearProbe = true;

    /**
     * An evaluation of a task's models.
     *
     * @param task the task
     * @param templates prompt templates for zero-shot classification
     */
    public Evaluation(AlignmentTask task, PromptTemplates templates) {
        this.task = task;
        this.templates = templates;
    }

    /** Turns the linear probe (which embeds the training split too) on or off. */
    public Evaluation optLinearProbe(boolean on) {
        this.linearProbe = on;
        return this;
    }

    /**
     * Evaluates a model.
     *
     * @param model the trained model
     * @param manager owns intermediate arrays
     * @param split the split to score
     * @return the metrics by section, plus per-class zero-shot accuracy under {@code details}
     */
    public Result evaluate(TwoStreamModel model, NDManager manager, AlignmentTask.Split split) {
        EmbeddedSplit data = task.embed(model, manager, split);
        Map<String, Map<String, Double>> report = new LinkedHashMap<>();
        Map<String, Map<String, Double>> perClass = new LinkedHashMap<>();
        Retrieval.Bidirectional retrieval =
                Retrieval.between(data.s(), data.t(), data.partnerMask(manager));
        Map<String, Double> r = new LinkedHashMap<>(retrieval.toMap("s2t_", "t2s_"));
        r.put(Pretraining.SCORE, Pretraining.meanRecall(retrieval));
        for (Map.Entry<String, EmbeddedSplit.Labels> labels : data.labels().entrySet()) {
            EmbeddedSplit.Labels l = labels.getValue();
            if (l.t() != null && data.t().getShape().get(0) >= 10 && data.s().getShape().get(0) >= 10) {
                r.put("s2t_" + labels.getKey() + "_P@10",
                        ClassPrecision.atK(data.s(), data.t(), l.s(), l.t(), 10));
                r.put("t2s_" + labels.getKey() + "_P@10",
                        ClassPrecision.atK(data.t(), data.s(), l.t(), l.s(), 10));
            }
        }
        report.put("retrieval", r);
        if (task.embedsTexts()) {
            for (Map.Entry<String, EmbeddedSplit.Labels> labels : data.labels().entrySet()) {
                List<String> names = labels.getValue().classNames();
                NDArray classifier = ZeroShot.classifier(promptEmbeddings(model, manager, names));
                ZeroShot.Result zs = ZeroShot.classify(data.s(), classifier, labels.getValue().s());
                report.put("zero_shot_" + labels.getKey(), zs.toMap(""));
                Map<String, Double> classes = new LinkedHashMap<>();
                for (int c = 0; c < names.size(); c++) {
                    if (zs.perClassCount()[c] > 0) {
                        classes.put(names.get(c), zs.perClassTop1()[c]);
                    }
                }
                perClass.put("zero_shot_" + labels.getKey(), classes);
            }
        }
        if (linearProbe && !data.labels().isEmpty()) {
            EmbeddedSplit train = task.embed(model, manager, AlignmentTask.Split.TRAIN);
            for (Map.Entry<String, EmbeddedSplit.Labels> labels : data.labels().entrySet()) {
                EmbeddedSplit.Labels trainLabels = train.labels().get(labels.getKey());
                LinearProbe.Result probe = LinearProbe.builder().build().fitAndScore(
                        train.s(), trainLabels.s(), data.s(), labels.getValue().s(),
                        labels.getValue().classNames().size());
                Map<String, Double> p = new LinkedHashMap<>();
                p.put("train_accuracy", probe.trainAccuracy());
                p.put("test_accuracy", probe.testAccuracy());
                report.put("linear_probe_" + labels.getKey(), p);
            }
        }
        int[] first = data.firstPartners();
        NDArray pairedT = data.t().get(manager.create(toLong(first)));
        report.put("geometry", Geometry.of(data.s(), pairedT).toMap());
        return new Result(report, perClass, data);
    }

    /** (templates, classes, d) prompt embeddings. */
    private NDArray promptEmbeddings(TwoStreamModel model, NDManager manager, List<String> classNames) {
        List<String> prompts = new ArrayList<>();
        for (String template : templates.templates()) {
            for (String name : classNames) {
                prompts.add(template.replace("{}", name));
            }
        }
        NDArray flat = task.embedTexts(model, manager, prompts);
        return flat.reshape(new Shape(templates.templates().size(), classNames.size(), -1));
    }

    private static long[] toLong(int[] values) {
        long[] out = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }

    /**
     * What an evaluation found.
     *
     * @param sections every metric, by section (retrieval, zero_shot_group, geometry, ...)
     * @param perClass zero-shot top-1 accuracy per class, by label set
     * @param embedded the split's embeddings (for plots and exports)
     */
    public record Result(Map<String, Map<String, Double>> sections,
            Map<String, Map<String, Double>> perClass, EmbeddedSplit embedded) {

        /** Every metric as {@code section/metric}. */
        public Map<String, Double> flat() {
            Map<String, Double> flat = new LinkedHashMap<>();
            sections.forEach((section, metrics) ->
                    metrics.forEach((name, value) -> flat.put(section + "/" + name, value)));
            return flat;
        }

        /** The sections as a report for JSON and Markdown. */
        public Report report() {
            Report report = new Report();
            sections.forEach(report::add);
            return report;
        }
    }
}
