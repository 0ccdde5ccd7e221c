package io.github.setclip.cli;

import io.github.setclip.data.InvalidSettingException;
import io.github.setclip.data.NamesSettings;
import io.github.setclip.data.batch.BatchComposition;
import io.github.setclip.losses.LossWeights;
import io.github.setclip.train.TrainingConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * The words between the library's settings and the tool's flags, one row per setting that needs
 * any: a flag not spelled like its setting ({@code learningRate} is {@code --lr}; {@code
 * pairedFraction} is {@code --paired-fraction} without a row), when a flag would change nothing
 * (and is refused), and which settings {@code experiment --sweep} can vary. A setting whose flag is
 * its name in kebab case and that always matters needs no row.
 */
final class SettingTable {

    /** When a flag matters: a test on the configuration, and what to say when no run passes it. */
    record Use(Predicate<TrainingConfig> uses, String otherwise) {}

    /**
     * One setting's words.
     *
     * @param flag the flag, e.g. {@code --bandwidth}
     * @param setting the library's name for it ({@code sddBandwidth}), or {@code null} for a flag
     *     of the tool alone
     * @param use when the flag matters, or {@code null} for always
     * @param sweep how {@code experiment --sweep} sets it to a value, or {@code null} if it cannot
     */
    record Row(String flag, String setting, Use use, BiFunction<TrainingConfig, Double, TrainingConfig> sweep) {}

    private static final Use SDD = new Use(c -> c.weights().sdd() > 0, "SDD is off (weight 0)");
    private static final Use SSL = new Use(c -> c.weights().ssl() > 0, "SSL is off (weight 0)");
    private static final Use QUEUE = new Use(c -> c.objective().queueSize() > 0
            && (c.weights().mmd() > 0 || c.weights().sdd() > 0), "no queue is kept (MMD and SDD are off,"
                    + " or the recipe has no queue)");
    private static final Use BALANCED = new Use(c -> c.objective().balanceTerms() && balancesSomething(c.weights()),
            "no terms are balanced (--balance-terms, with MMD, SDD or SSL on)");
    private static final String CLIP = "CLIP trains on fully paired batches of --batch-size";
    private static final Use MIXED = new Use(c -> !c.isClip(), CLIP);
    private static final String PROPORTIONAL = "no run here has additive batches (" + CLIP + "; a proportional"
            + " batch takes its pairs from the paired fraction)";

    private static final List<Row> ROWS = List.of(
            new Row("--lr", "learningRate", null, null),
            new Row("--grad-clip", "gradientClip", null, null),
            new Row("--warmup", "warmUpSteps", null, null),
            new Row("--dataset", "kind", null, null),
            new Row("--sdd-form", null, SDD, null),
            new Row("--bandwidth", "sddBandwidth", SDD, (c, v) -> c.toBuilder()
                    .optObjective(c.objective().toBuilder().optSddBandwidth(v).build()).build()),
            new Row("--sdd-absolute", null, SDD, null),
            new Row("--sdd-mse", null, SDD, null),
            new Row("--ssl-tau", "sslTemperature", SSL, null),
            new Row("--fashion-view", "fashionView", SSL, null),
            new Row("--queue", "queueSize", QUEUE, null),
            new Row("--balance-terms", "balanceTerms", BALANCED, null),
            new Row("--balance-every", "balanceEvery", BALANCED, null),
            new Row("--cl-negatives", "clNegatives", MIXED, null),
            new Row("--batch-composition", "batchComposition", MIXED, null),
            new Row("--unpaired-sets", "unpairedSets", MIXED, null),
            new Row("--paired-per-batch", "pairedPerBatch", new Use(c -> additive(c)
                    && c.batch().pairedPerBatch() > 0, PROPORTIONAL), null),
            new Row("--unpaired-per-batch", "unpairedPerBatch", new Use(c -> additive(c)
                    && c.batch().unpairedPerBatch() > 0, PROPORTIONAL), null),
            new Row("--w-sdd", null, null, (c, v) -> c.toBuilder().optWeights(new LossWeights(
                    c.weights().cl(), c.weights().mmd(), v, c.weights().ssl())).build()),
            new Row("--w-mmd", null, null, (c, v) -> c.toBuilder().optWeights(new LossWeights(
                    c.weights().cl(), v, c.weights().sdd(), c.weights().ssl())).build()),
            new Row("--w-ssl", null, null, (c, v) -> c.toBuilder().optWeights(new LossWeights(
                    c.weights().cl(), c.weights().mmd(), c.weights().sdd(), v)).build()),
            new Row("--pl-weight", "pseudoLabelWeight", null, null),
            new Row("--kw-weight", "keywordWeight", null, null),
            new Row("--kw-vocabulary", "keywordVocabulary", null, null),
            new Row("--kw-targets", "keywordTargets", null, null),
            new Row("--max-vocab", "maxVocabularySize", null, null),
            new Row("--output", "directory", null, null));

    private SettingTable() {}

    /** The flag of a library setting, or the setting's own name when the tool has no flag for it. */
    static String flag(String setting) {
        for (Row row : ROWS) {
            if (setting.equals(row.setting())) {
                return row.flag();
            }
        }
        String kebab = "--" + setting.replaceAll("([A-Z])", "-$1").toLowerCase(Locale.ROOT);
        return KnownFlags.ALL.contains(kebab) ? kebab : setting;
    }

    /**
     * A library error in the tool's words: the setting of an {@link InvalidSettingException}, and
     * every setting a {@link NamesSettings} error names, said as its flag; anything else as it is.
     */
    static String message(Throwable e) {
        if (e instanceof InvalidSettingException invalid) {
            return flag(invalid.setting()) + " " + invalid.problem();
        }
        String message = e.getMessage();
        if (e instanceof NamesSettings named && message != null) {
            for (String setting : named.settings()) {
                message = message.replaceAll("\\b" + Pattern.quote(setting) + "\\b",
                        Matcher.quoteReplacement(flag(setting)));
            }
        }
        return message;
    }

    /** A usage error (exit status 2) for a library error met while reading the flags. */
    static ParameterException usageError(CommandSpec spec, IllegalArgumentException e) {
        return new ParameterException(spec.commandLine(), message(e), e);
    }

    /**
     * Refuses the first flag given that none of the configurations puts to use.
     *
     * @param given the command's parsed flags
     * @param configs every configuration the command trains with
     * @throws IllegalArgumentException naming the flag and why it would change nothing
     */
    static void requireUsed(ParseResult given, List<TrainingConfig> configs) {
        for (Row row : ROWS) {
            if (row.use() != null && given.hasMatchedOption(row.flag())
                    && configs.stream().noneMatch(row.use().uses())) {
                throw new IllegalArgumentException(row.flag() + " would change nothing here: " + row.use().otherwise());
            }
        }
    }

    /** The settings {@code experiment --sweep} varies, by flag without its dashes: bandwidth, w-sdd, ... */
    static List<String> sweepable() {
        return ROWS.stream().filter(r -> r.sweep() != null).map(r -> r.flag().substring(2)).toList();
    }

    /**
     * How {@code experiment --sweep NAME=...} sets its setting.
     *
     * @param name as {@link #sweepable()} lists it
     * @return the setter
     * @throws InvalidSettingException for a setting that cannot be swept
     */
    static BiFunction<TrainingConfig, Double, TrainingConfig> sweep(String name) {
        Optional<Row> row = ROWS.stream().filter(r -> r.sweep() != null && r.flag().equals("--" + name)).findFirst();
        return row.orElseThrow(() -> new InvalidSettingException("sweep", "must vary " + sweepableInWords()
                + "; got " + name)).sweep();
    }

    /** The sweepable settings as a sentence lists them: bandwidth, w-sdd, w-mmd or w-ssl. */
    static String sweepableInWords() {
        List<String> names = new ArrayList<>(sweepable());
        String last = names.remove(names.size() - 1);
        return names.stream().collect(Collectors.joining(", ")) + " or " + last;
    }

    private static boolean balancesSomething(LossWeights w) {
        return w.mmd() > 0 || w.sdd() > 0 || w.ssl() > 0;
    }

    private static boolean additive(TrainingConfig c) {
        return !c.isClip() && c.batch().composition() == BatchComposition.ADDITIVE;
    }

    /** Every flag of every command, built once, on first use. */
    private static final class KnownFlags {
        static final Set<String> ALL = new TreeSet<>();

        static {
            CommandLine cli = new CommandLine(new SetClipCommand());
            for (CommandLine command : cli.getSubcommands().values()) {
                for (OptionSpec option : command.getCommandSpec().options()) {
                    ALL.addAll(List.of(option.names()));
                }
            }
        }
    }
}
