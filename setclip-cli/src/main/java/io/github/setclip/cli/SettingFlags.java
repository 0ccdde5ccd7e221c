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
            Map.entry("sweep", "--sweep"),
            Map.entry("recipe", "--recipe"),
            Map.entry("recipes", "--recipes"),
            Map.entry("batchComposition", "--batch-composition"),
            Map.entry("pairedPerBatch", "--paired-per-batch"),
            Map.entry("unpairedPerBatch", "--unpaired-per-batch"),
            Map.entry("unpairedSets", "--unpaired-sets"),
            Map.entry("clNegatives", "--cl-negatives"),
            Map.entry("sddForm", "--sdd-form"),
            Map.entry("sddBandwidth", "--bandwidth"),
            Map.entry("sslTemperature", "--ssl-tau"),
            Map.entry("queueSize", "--queue"),
            Map.entry("balanceTerms", "--balance-terms"),
            Map.entry("balanceEvery", "--balance-every"),
            Map.entry("plWeight", "--pl-weight"),
            Map.entry("pseudoLabelWeight", "--pl-weight"),
            Map.entry("kwWeight", "--kw-weight"),
            Map.entry("keywordWeight", "--kw-weight"),
            Map.entry("minSteps", "--min-steps"),
            Map.entry("keywordVocabulary", "--kw-vocabulary"),
            Map.entry("keywordTargets", "--kw-targets"),
            Map.entry("nnPerBatch", "--nn-per-batch"),
            Map.entry("nnWeight", "--nn-weight"),
            Map.entry("nnWarmup", "--nn-warmup"),
            Map.entry("nnMargin", "--nn-margin"),
            Map.entry("nnRefresh", "--nn-refresh"),
            Map.entry("twoStageFraction", "--two-stage-fraction"),
            Map.entry("sGroups", "--s-groups"),
            Map.entry("tGroups", "--t-groups"),
            Map.entry("microBatch", "--micro-batch"),
            Map.entry("devices", "--devices"),
            Map.entry("threads", "--threads"),
            Map.entry("imageEncoder", "--image-encoder"),
            Map.entry("textEncoder", "--text-encoder"),
            Map.entry("lockImage", "--lock-image"),
            Map.entry("lockText", "--lock-text"),
            Map.entry("textPooling", "--text-pooling"),
            Map.entry("textMaxLength", "--text-max-length"),
            Map.entry("imageInputSize", "--image-input-size"),
            Map.entry("imageMean", "--image-mean"),
            Map.entry("imageStd", "--image-std"));

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
