package io.github.setclip.cli;

import io.github.setclip.tasks.experiment.FinishedRuns;
import io.github.setclip.tasks.experiment.VerdictTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code setclip results}: the verdict table of finished experiment runs, recomputed from the
 * small files each run left (docs/results.md's tables come from it).
 */
@Command(
        name = "results",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Recompute an experiment's verdict table from its finished runs: each FOLDER's"
                    + " ARM/seed-N/result.json (and summary.json), or its experiment.json's runs when"
                    + " only the tables are kept (an experiment.json file may be given instead of a"
                    + " folder).",
            "Per arm: mean recall per seed (on the split scored), mean ± sd, Δ and paired-t p against"
                    + " the first arm on the seeds both have, the share of the gap to clip-all closed, Δ and p of a"
                    + " precision metric, steps to best, rows seen, steps run, seconds per run and the"
                    + " runs early stopping ended. Markdown, to standard output unless --output."
        })
final class ResultsCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FOLDER", description = "Experiment folders (or experiment.json"
            + " files) to read together; each arm and seed may come from one of them only.")
    List<Path> sources;

    @Option(names = "--arms", paramLabel = "ARM[,ARM...]", split = ",", hideParamSyntax = true,
            description = "The arms to show, in order; the first is the baseline the others are compared"
                    + " with (default: every arm read, clip first and clip-all last).")
    List<String> arms = List.of();

    @Option(names = "--precision", paramLabel = "METRIC", defaultValue = "auto",
            description = "The precision metric to compare, e.g. s2t_group_P@10 (emoji) or s2t_class_P@10"
                    + " (Fashion-MNIST halves); default ${DEFAULT-VALUE}: group P@10 where every run has"
                    + " it, else class P@10, else none.")
    String precision;

    @Option(names = "--by-folder", description = "Name each arm FOLDER/ARM after the folder it was read"
            + " from, to compare experiments that ran the same recipes under another dataset setting"
            + " (e.g. the Fashion-MNIST second view), as in --arms jitter/clip,shift/ssl.")
    boolean byFolder;

    @Option(names = "--output", paramLabel = "FILE", description = "Write the table to FILE instead of"
            + " standard output.")
    Path output;

    /**
     * Everything the flags decide; {@link #call} runs exactly this.
     *
     * @param sources the folders or experiment.json files, in order
     * @param arms the arms, baseline first (empty: every arm read)
     * @param precision the precision metric, or {@code auto}
     * @param output the file to write, or {@code null} for standard output
     * @param byFolder whether arms are named FOLDER/ARM
     */
    record Plan(List<Path> sources, List<String> arms, String precision, Path output, boolean byFolder) {}

    /** Resolves the flags. */
    Plan plan() {
        return new Plan(List.copyOf(sources), List.copyOf(arms), precision, output, byFolder);
    }

    @Override
    public Integer call() throws IOException {
        Plan plan = plan();
        VerdictTable table = new VerdictTable(FinishedRuns.read(plan.sources(), plan.byFolder()), plan.arms(), plan.precision());
        String markdown = table.toMarkdown();
        if (plan.output() == null) {
            spec.commandLine().getOut().print(markdown);
            spec.commandLine().getOut().flush();
        } else {
            Files.writeString(plan.output(), markdown);
        }
        return 0;
    }
}
