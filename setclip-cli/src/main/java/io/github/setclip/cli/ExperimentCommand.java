package io.github.setclip.cli;

import io.github.setclip.data.InvalidSettingException;
import io.github.setclip.eval.PromptTemplates;
import io.github.setclip.tasks.DatasetSpec;
import io.github.setclip.tasks.Pretraining;
import io.github.setclip.tasks.experiment.Arm;
import io.github.setclip.tasks.experiment.Experiment;
import io.github.setclip.tasks.experiment.ExperimentPlan;
import io.github.setclip.tasks.experiment.ExperimentTable;
import io.github.setclip.train.AlignmentTask;
import io.github.setclip.train.Method;
import io.github.setclip.train.SemiSupervisedSettings;
import io.github.setclip.train.TrainingConfig;
import io.github.setclip.train.listener.EarlyStopping;
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
import picocli.CommandLine.ParseResult;
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

    @Option(names = "--patience", defaultValue = "5", paramLabel = "N",
            description = "Early stopping: evaluations (one per epoch, or every --eval-every steps) without"
                    + " a better validation mean recall (default ${DEFAULT-VALUE}), never before --min-steps;"
                    + " --epochs is the cap.")
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
            description = "Sweep one Set-CLIP setting (${bundle:sweepable}), scored on the"
                    + " validation split, e.g. --sweep bandwidth=0.05,0.1,0.25,0.5,1.")
    String sweep;

    @Option(names = "--screen",
            description = "Score every run on the validation split instead of the test split: for"
                    + " choosing recipes and settings (never tune on test); sweeps always do.")
    boolean screen;

    @Option(names = "--no-upper-bound", description = "Skip CLIP on all pairs.")
    boolean noUpperBound;

    @Option(names = "--templates", paramLabel = "FILE",
            description = "Zero-shot prompt templates, one per line with {} for the class name.")
    Path templates;

    @Option(names = "--recipes", paramLabel = "RECIPE[,RECIPE...]", split = ",", hideParamSyntax = true,
            completionCandidates = RecipeIngredients.class,
            description = "Compare these recipes instead (those of setclip pretrain): clip, clip-all, paper,"
                    + " or ingredients joined by + from ${COMPLETION-CANDIDATES}, e.g. --recipes"
                    + " clip,paper,neg,neg+ssl,clip-all. The first is the baseline of the comparison (put"
                    + " clip first).")
    List<String> recipes = new ArrayList<>();

    @Mixin TrainingOptions training;

    @Mixin BatchOptions batchOptions;

    @Mixin SemiSupervisedOptions semiOptions;

    @Mixin ExecutionOptions execution;

    @Mixin ThreadOptions threadOptions;

    @Mixin TrainingObjectiveOptions objectiveOptions;

    @Mixin DatasetOptions datasetOptions;

    @Mixin TowerOptions towerOptions;

    @Mixin StoppingOptions stoppingOptions;

    /**
     * Everything the flags decide, resolved and checked; {@link #call} runs exactly this.
     *
     * @param dataset the dataset of every run
     * @param base the base configuration the arms vary
     * @param arms the arms, in table order
     * @param split the split scored (validation for sweeps)
     * @param seeds runs per arm
     * @param stopping the early-stopping rule of every run
     * @param maxSteps the step budget of every run (0: epochs)
     * @param templates zero-shot prompt templates
     * @param output the experiment folder as given, or {@code null} for a new timestamped one
     * @param microBatch rows per chunk of embedding (0: whole batches)
     * @param devices where chunks run
     * @param threads PyTorch intra-op threads (0: its default)
     * @param evalEvery validation every this many steps (0: after every epoch)
     */
    record Plan(DatasetSpec dataset, TrainingConfig base, List<Arm> arms, AlignmentTask.Split split,
            int seeds, EarlyStopping stopping, long maxSteps, List<String> templates, Path output,
            int microBatch, List<ai.djl.Device> devices, int threads, long evalEvery) {}

    /** Resolves the flags; a bad value or combination is a usage error. */
    Plan plan() {
        try {
            DatasetSpec dataset = datasetOptions.spec();
            dataset = dataset.withTowers(towerOptions.towers(dataset.tokenizer()));
            dataset.requireTokenizerForTextTower();
            TrainingConfig base = training.config(Method.SETCLIP, null, objectiveOptions, batchOptions, null,
                    dataset.kind());
            EarlyStopping stopping = stoppingOptions.rule(patience);
            int modes = (attribution ? 1 : 0) + (zeroPair ? 1 : 0) + (sweep != null ? 1 : 0)
                    + (recipes.isEmpty() ? 0 : 1);
            if (modes > 1) {
                throw new IllegalArgumentException(
                        "choose one of --recipes, --attribution, --zero-pair, --sweep");
            }
            if (modes > 0 && (!ablations.isEmpty() || noUpperBound)) {
                throw new IllegalArgumentException("--ablation and --no-upper-bound belong to the"
                        + " comparison, not to --recipes, --attribution, --zero-pair or --sweep");
            }
            List<Arm> arms;
            AlignmentTask.Split split = AlignmentTask.Split.TEST;
            if (!recipes.isEmpty()) {
                arms = ExperimentPlan.recipes(base, recipes);
            } else if (attribution) {
                arms = ExperimentPlan.attribution(base);
            } else if (zeroPair) {
                arms = ExperimentPlan.zeroPair(base);
            } else if (sweep != null) {
                arms = ExperimentPlan.sweep(base, setting(sweep), values(sweep), SettingTable.sweep(setting(sweep)));
                split = AlignmentTask.Split.VALIDATION;
            } else {
                List<ExperimentPlan.Ablation> chosen = new ArrayList<>();
                for (String a : ablations) {
                    chosen.add(ExperimentPlan.Ablation.parse(a.trim()));
                }
                arms = ExperimentPlan.comparison(base, chosen, !noUpperBound);
            }
            semiOptions.requireKeywordsFor(dataset);
            List<SemiSupervisedSettings> semi = semiOptions.overlayWhereUsed(
                    arms.stream().map(a -> a.config().semi()).toList());
            List<Arm> tuned = new ArrayList<>();
            for (int i = 0; i < arms.size(); i++) {
                Arm a = arms.get(i);
                tuned.add(new Arm(a.name(), a.key(), a.config().toBuilder().optSemi(semi.get(i)).build(),
                        a.untrained()));
            }
            arms = tuned;
            refuseWhatTheModeSets(base);
            if (zeroPair && dataset.hasUnpairedSources()) {
                throw new IllegalArgumentException("--zero-pair hides every pair, a simulation; with"
                        + " --unpaired-images or --unpaired-texts every caption row is a pair");
            }
            for (Arm arm : arms) {
                dataset.requirePairedFraction(arm.config().pairedFraction());
            }
            SettingTable.requireUsed(spec.commandLine().getParseResult(),
                    arms.stream().map(Arm::config).toList());
            PromptTemplates prompts = templates == null ? PromptTemplates.DEFAULT : PromptTemplates.read(templates);
            if (maxSteps < 0) {
                throw new InvalidSettingException("maxSteps", "must be >= 0, got " + maxSteps);
            }
            if (seeds < 1) {
                throw new InvalidSettingException("seeds", "must be >= 1, got " + seeds);
            }
            if (screen && sweep != null) {
                throw new IllegalArgumentException("--screen: sweeps are scored on validation already");
            }
            if (screen) {
                split = AlignmentTask.Split.VALIDATION;
            }
            return new Plan(dataset, base, arms, split, seeds, stopping, maxSteps, prompts.templates(),
                    output, execution.microBatch(), execution.devices(), threadOptions.threads(),
                    stoppingOptions.evalEvery());
        } catch (IllegalArgumentException e) {
            throw SettingTable.usageError(spec, e);
        } catch (IOException e) {
            throw new ParameterException(spec.commandLine(), "--templates: " + e.getMessage(), e);
        }
    }

    @Override
    public Integer call() throws IOException {
        Plan plan = plan();
        Path directory = plan.output() != null ? plan.output() : Path.of("runs", "experiment-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT)));
        OfflineEngine.pytorch(plan.threads());
        System.out.printf(Locale.ROOT, "setclip experiment on %s: %d arms x %d seeds = %d runs;"
                        + " folder %s%n", plan.dataset().kind(), plan.arms().size(), plan.seeds(),
                plan.arms().size() * plan.seeds(), directory);
        ExperimentTable table = new Experiment(plan.dataset(), plan.base(), plan.arms(), plan.seeds(),
                plan.stopping(), directory, plan.split(), PromptTemplates.of(plan.templates()), System.out)
                .optMaxSteps(plan.maxSteps()).optExecution(plan.microBatch(), plan.devices())
                .optEvalEvery(plan.evalEvery()).run();
        spec.commandLine().getOut().println();
        spec.commandLine().getOut().println(table.toMarkdown("Experiment: " + plan.dataset().kind()));
        spec.commandLine().getOut().printf("Written: %s, %s, %s%n", directory.resolve("experiment.md"),
                directory.resolve("experiment.csv"), directory.resolve("experiment.json"));
        spec.commandLine().getOut().flush();
        return 0;
    }

    /**
     * Refuses a flag whose value the chosen mode replaces in every arm: the switches each recipe
     * sets, the paired fraction of the zero-pair setting, the swept setting, the upper bound that
     * is not there when every item is paired.
     */
    private void refuseWhatTheModeSets(TrainingConfig base) {
        ParseResult given = spec.commandLine().getParseResult();
        if (!recipes.isEmpty()) {
            for (String flag : List.of("--cl-negatives", "--sdd-form", "--balance-terms", "--batch-composition",
                    "--unpaired-sets")) {
                if (given.hasMatchedOption(flag)) {
                    throw new IllegalArgumentException(flag + " is set by each recipe under --recipes (see the"
                            + " ingredients neg, authors, bal, proportional, aligned and grouped)");
                }
            }
        }
        if (zeroPair && given.hasMatchedOption("--paired-fraction")) {
            throw new IllegalArgumentException("--paired-fraction: --zero-pair trains with no pairs at all");
        }
        if (sweep != null) {
            String flag = "--" + setting(sweep);
            if (given.hasMatchedOption(flag)) {
                throw new IllegalArgumentException(flag + ": --sweep " + setting(sweep) + " sets it in every arm");
            }
        }
        if (noUpperBound && base.pairedFraction() >= 1) {
            throw new IllegalArgumentException("--no-upper-bound: with every item paired there is no upper"
                    + " bound to skip");
        }
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
