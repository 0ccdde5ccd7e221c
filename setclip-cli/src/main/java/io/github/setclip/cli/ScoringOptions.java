package io.github.setclip.cli;

import io.github.setclip.train.AlignmentTask;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** What a trained run is scored or embedded on: a split of its own data, or the user's captions file. */
final class ScoringOptions {

    @Option(names = "--split", defaultValue = "test", paramLabel = "test|validation|train",
            description = "Split of the run's data (default ${DEFAULT-VALUE}).")
    String split;

    @Option(names = {"--captions", "--data"}, paramLabel = "FILE",
            description = "Use your own images and captions instead of the run's data: a .csv/.jsonl"
                    + " manifest (image, caption[, class]) or a Karpathy .json; every row is used.")
    Path captions;

    @Option(names = "--image-root", paramLabel = "DIR", description = "Folder image paths in --captions are relative to.")
    Path imageRoot;

    @Option(names = "--skip-bad", description = "With --captions: skip bad rows and count them.")
    boolean skipBad;

    /** The target these flags name; a flag that would do nothing is a usage error. */
    ScoringTarget target(CommandSpec spec) {
        AlignmentTask.Split chosen;
        try {
            chosen = AlignmentTask.Split.valueOf(split.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(),
                    "--split must be test, validation or train; got " + split);
        }
        if (captions == null && (imageRoot != null || skipBad)) {
            throw new ParameterException(spec.commandLine(),
                    "--image-root and --skip-bad apply to --captions FILE only");
        }
        if (captions != null && spec.commandLine().getParseResult().hasMatchedOption("--split")) {
            throw new ParameterException(spec.commandLine(),
                    "--split applies to the run's own data; with --captions every row is scored");
        }
        return new ScoringTarget(captions != null ? AlignmentTask.Split.TEST : chosen, captions,
                imageRoot, skipBad);
    }
}
