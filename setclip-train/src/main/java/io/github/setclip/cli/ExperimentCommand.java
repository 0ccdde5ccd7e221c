package io.github.setclip.cli;

import io.github.setclip.core.engine.OfflineEngine;
import io.github.setclip.eval.PromptTemplates;
import io.github.setclip.train.AlignmentTask;
import io.github.setclip.train.DatasetSpec;
import io.github.setclip.train.EarlyStopping;
import io.github.setclip.train.Pretraining;
import io.github.setclip.train.TrainingConfig;
import io.github.setclip.train.experiment.Arm;
import io.github.setclip.train.experiment.Experiment;
import io.github.setclip.train.experiment.ExperimentPlan;
import io.github.setclip.train.experiment.ExperimentTable;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code setclip experiment}: the paper's comparison end to end, over several seeds, with early
 * stopping, a significance test, ablations, an attribution mode and validation sweeps.
 */
@Command(
        name = "experiment",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Compare CLIP on the paired items, Set-CLIP on paired + unpaired items and CLIP on all"
                    + " pairs, K seeds each (each seed its own pairing), every run trained until"
                    + " validation mean recall stops improving, the best epoch scored on the test"
                    + " split. Writes experiment.md, experiment.csv and experiment.json.",
            "Interrupted experiments continue: finished runs are read back, partial ones resumed."
        })
final class ExperimentCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(names = "--output", paramLabel = "DIR",
            description = "Experiment folder (default runs/experiment-<timestamp>); an existing one is continued.")
    Path output;

    @Option(names = "--seeds", defaultValue = "3", paramLabel = "K",
            description = "Runs per arm, seeds --seed .. --seed + K - 1 (default ${DEFAULT-VALUE}).")
    int seeds;

    @Option(names = "--patience", defaultValue = "5", paramLabel = "EPOCHS",
            description = "Early stopping: epochs without a better validation mean recall"
                    + " (default ${DEFAULT-VALUE}); --epochs is the cap.")
    int patience;

    @Option(names = "--max-steps", defaultValue = "0", paramLabel = "STEPS",
            description = "Cap every run at this many optimiser steps instead of --epochs (each arm"
                    + " runs the epochs that reach it, so arms with short epochs are not starved;"
                    + " 0: use --epochs).")
    long maxSteps;

    @Option(names = "--ablation", paramLabel = "NAME", split = ",",
            description = "Add Set-CLIP variants: no-ssl, no-sdd, no-mmd, sdd-absolute, sdd-mse"
                    + " (repeatable or comma-separated).")
    List<String> ablations = new ArrayList<>();

    @Option(names = "--attribution",
            description = "Run CLIP, CLIP+SSL, CLIP+MMD, CLIP+SDD, CLIP+MMD+SDD and the full objective"
                    + " instead, to see which term the gain comes from.")
    boolean attribution;

    @Option(names = "--zero-pair",
            description = "The zero-pair setting: Set-CLIP with paired fraction 0 against untrained CLIP.")
    boolean zeroPair;

    @Option(names = "--sweep", paramLabel = "SETTING=V1,V2,...",
            description = "Sweep one Set-CLIP setting (bandwidth, w-sdd, w-mmd or w-ssl), scored on the"
                    + " validation split, e.g. --sweep bandwidth=0.05,0.1,0.25,0.5,1.")
    String sweep;

    @Option(names = "--no-upper-bound", description = "Skip CLIP on all pairs.")
    boolean noUpperBound;

    @Option(names = "--templates", paramLabel = "FILE",
            description = "Zero-shot prompt templates, one per line with {} for the class name.")
    Path templates;

    @Mixin TrainingOptions training;

    @Mixin ObjectiveOptions objectiveOptions;

    @Mixin DatasetOptions datasetOptions;

    @Override
    public Integer call() throws IOException {
        TrainingConfig base;
        DatasetSpec dataset;
        List<Arm> arms;
        AlignmentTask.Split split = AlignmentTask.Split.TEST;
        EarlyStopping stopping;
        PromptTemplates prompts;
        try {
            dataset = datasetOptions.spec();
            base = training.config("setclip", objectiveOptions, objectiveOptions.weights(),
                    dataset.kind());
            stopping = new EarlyStopping(Pretraining.SCORE, patience, 0);
            int modes = (attribution ? 1 : 0) + (zeroPair ? 1 : 0) + (sweep != null ? 1 : 0);
            if (modes > 1) {
                throw new IllegalArgumentException("choose one of --attribution, --zero-pair, --sweep");
            }
            if (attribution) {
                arms = ExperimentPlan.attribution(base);
            } else if (zeroPair) {
                arms = ExperimentPlan.zeroPair(base);
            } else if (sweep != null) {
                arms = ExperimentPlan.sweep(base, setting(sweep), values(sweep));
                split = AlignmentTask.Split.VALIDATION;
            } else {
                List<ExperimentPlan.Ablation> chosen = new ArrayList<>();
                for (String a : ablations) {
                    chosen.add(ExperimentPlan.Ablation.parse(a.trim()));
                }
                arms = ExperimentPlan.comparison(base, chosen, !noUpperBound);
            }
            prompts = templates == null ? PromptTemplates.DEFAULT : PromptTemplates.read(templates);
            if (maxSteps < 0) {
                throw new IllegalArgumentException("--max-steps must be >= 0, got " + maxSteps);
            }
            if (seeds < 1) {
                throw new IllegalArgumentException("--seeds must be >= 1, got " + seeds);
            }
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        Path directory = output != null ? output : Path.of("runs", "experiment-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT)));
        OfflineEngine.pytorch();
        System.out.printf(Locale.ROOT, "setclip experiment on %s: %d arms x %d seeds = %d runs;"
                        + " folder %s%n", dataset.kind(), arms.size(), seeds, arms.size() * seeds, directory);
        ExperimentTable table = new Experiment(dataset, base, arms, seeds, stopping, directory, split,
                prompts, System.out).optMaxSteps(maxSteps).run();
        spec.commandLine().getOut().println();
        spec.commandLine().getOut().println(table.toMarkdown("Experiment: " + dataset.kind()));
        spec.commandLine().getOut().printf("Written: %s, %s, %s%n", directory.resolve("experiment.md"),
                directory.resolve("experiment.csv"), directory.resolve("experiment.json"));
        spec.commandLine().getOut().flush();
        return 0;
    }

    private static String setting(String sweep) {
        int eq = sweep.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException("--sweep must look like bandwidth=0.1,0.5,1; got " + sweep);
        }
        return sweep.substring(0, eq).trim();
    }

    private static List<Double> values(String sweep) {
        List<Double> values = new ArrayList<>();
        for (String v : sweep.substring(sweep.indexOf('=') + 1).split(",")) {
            try {
                values.add(Double.parseDouble(v.trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--sweep: '" + v + "' is not a number");
            }
        }
        if (values.isEmpty()) {
            throw new IllegalArgumentException("--sweep needs at least one value");
        }
        return values;
    }
}
