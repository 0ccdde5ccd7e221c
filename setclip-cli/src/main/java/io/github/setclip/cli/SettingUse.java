package io.github.setclip.cli;

import io.github.setclip.data.batch.BatchComposition;
import io.github.setclip.losses.LossWeights;
import io.github.setclip.train.TrainingConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import picocli.CommandLine.ParseResult;

/**
 * Which objective and batch flags a training configuration puts to use, so that a flag every run
 * of a command would ignore is refused instead of accepted and dropped. A term's settings count
 * only while its weight is above 0; CLIP trains on fully paired batches of the batch size, so it
 * has no batch composition and no unpaired rows to use as negatives.
 */
final class SettingUse {

    private record Rule(Predicate<TrainingConfig> uses, String otherwise) {}

    private static final Map<String, Rule> RULES = new LinkedHashMap<>();

    static {
        Rule sdd = new Rule(c -> c.weights().sdd() > 0, "SDD is off (weight 0)");
        for (String flag : List.of("--sdd-form", "--bandwidth", "--sdd-absolute", "--sdd-mse")) {
            RULES.put(flag, sdd);
        }
        RULES.put("--ssl-tau", new Rule(c -> c.weights().ssl() > 0, "SSL is off (weight 0)"));
        RULES.put("--queue", new Rule(c -> c.objective().queueSize() > 0
                && (c.weights().mmd() > 0 || c.weights().sdd() > 0), "no queue is kept (MMD and SDD are off,"
                        + " or the recipe has no queue)"));
        Rule balanced = new Rule(c -> c.objective().balanceTerms() && balancesSomething(c.weights()),
                "no terms are balanced (--balance-terms, with MMD, SDD or SSL on)");
        RULES.put("--balance-terms", balanced);
        RULES.put("--balance-every", balanced);
        String clip = "CLIP trains on fully paired batches of --batch-size";
        Rule mixed = new Rule(c -> !c.isClip(), clip);
        RULES.put("--cl-negatives", mixed);
        RULES.put("--batch-composition", mixed);
        RULES.put("--unpaired-sets", mixed);
        String proportional = "no run here has additive batches (" + clip + "; a proportional batch takes its"
                + " pairs from the paired fraction)";
        RULES.put("--paired-per-batch", new Rule(c -> additive(c) && c.batch().pairedPerBatch() > 0,
                proportional));
        RULES.put("--unpaired-per-batch", new Rule(c -> additive(c) && c.batch().unpairedPerBatch() > 0,
                proportional));
    }

    private SettingUse() {}

    /**
     * Refuses the first flag given that none of the configurations puts to use.
     *
     * @param given the command's parsed flags
     * @param configs every configuration the command trains with
     * @throws IllegalArgumentException naming the flag and why it would change nothing
     */
    static void requireUsed(ParseResult given, List<TrainingConfig> configs) {
        RULES.forEach((flag, rule) -> {
            if (given.hasMatchedOption(flag) && configs.stream().noneMatch(rule.uses())) {
                throw new IllegalArgumentException(flag + " would change nothing here: " + rule.otherwise());
            }
        });
    }

    private static boolean balancesSomething(LossWeights w) {
        return w.mmd() > 0 || w.sdd() > 0 || w.ssl() > 0;
    }

    private static boolean additive(TrainingConfig c) {
        return !c.isClip() && c.batch().composition() == BatchComposition.ADDITIVE;
    }
}
