package io.github.setclip.cli;

import io.github.setclip.train.InvalidSettingException;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * The library names its settings as its API spells them ({@code pairedFraction}); the tool says
 * them as flags ({@code --paired-fraction}). This is the one table between the two.
 */
final class SettingFlags {

    private static final Map<String, String> FLAGS = Map.ofEntries(
            Map.entry("method", "--method"),
            Map.entry("epochs", "--epochs"),
            Map.entry("batchSize", "--batch-size"),
            Map.entry("pairedFraction", "--paired-fraction"),
            Map.entry("learningRate", "--lr"),
            Map.entry("weightDecay", "--weight-decay"),
            Map.entry("gradientClip", "--grad-clip"),
            Map.entry("warmUpSteps", "--warmup"),
            Map.entry("patience", "--patience"),
            Map.entry("checkpointEvery", "--checkpoint-every"),
            Map.entry("resume", "--resume"),
            Map.entry("kind", "--dataset"),
            Map.entry("captions", "--captions"),
            Map.entry("sFeatures", "--s-features"),
            Map.entry("tFeatures", "--t-features"),
            Map.entry("pairs", "--pairs"),
            Map.entry("imageSize", "--image-size"),
            Map.entry("limit", "--limit"),
            Map.entry("tokenizer", "--tokenizer"),
            Map.entry("seeds", "--seeds"),
            Map.entry("maxSteps", "--max-steps"),
            Map.entry("ablation", "--ablation"),
            Map.entry("sweep", "--sweep"));

    private SettingFlags() {}

    /** The flag of a library setting, or the setting's own name when the tool has no flag for it. */
    static String flag(String setting) {
        return FLAGS.getOrDefault(setting, setting);
    }

    /** A library error in the tool's words: a setting named by its flag, anything else as it is. */
    static String message(Throwable e) {
        if (e instanceof InvalidSettingException invalid) {
            return flag(invalid.setting()) + " " + invalid.problem();
        }
        return e.getMessage();
    }

    /** A usage error (exit status 2) for a library error met while reading the flags. */
    static ParameterException usageError(CommandSpec spec, IllegalArgumentException e) {
        return new ParameterException(spec.commandLine(), message(e), e);
    }
}
