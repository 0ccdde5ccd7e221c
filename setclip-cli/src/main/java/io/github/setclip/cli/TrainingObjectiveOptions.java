package io.github.setclip.cli;

import io.github.setclip.train.ObjectiveSettings;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The objective's settings for training, shared by pretrain and experiment: the terms ({@link
 * ObjectiveOptions}) and what the trainer does around them over many steps, a queue of past
 * embeddings and the balancing of the terms' gradients. Unset unless given, like the terms.
 */
final class TrainingObjectiveOptions {

    @Mixin ObjectiveOptions terms;

    @Option(names = "--queue", paramLabel = "Q",
            description = "MMD and SDD compare the batch plus the last Q detached embeddings of each"
                    + " modality (a MoCo-style queue; default ${bundle:default.objective.queueSize}: the batch alone).")
    Integer queue;

    @Option(names = "--balance-terms",
            description = "Make the MMD, SDD and SSL weights (--w-mmd, --w-sdd, --w-ssl) target ratios of"
                    + " each term's gradient at the embeddings to CL's, re-estimated every --balance-every"
                    + " steps.")
    Boolean balanceTerms;

    @Option(names = "--balance-every", paramLabel = "STEPS",
            description = "Steps between re-estimates of the balancing scales (default"
                    + " ${bundle:default.objective.balanceEvery}).")
    Integer balanceEvery;

    /** Sets every option that was given; throws on a bad value. */
    ObjectiveSettings overlay(ObjectiveSettings settings) {
        ObjectiveSettings.Builder b = terms.overlay(settings).toBuilder();
        if (queue != null) {
            b.optQueueSize(queue);
        }
        if (balanceTerms != null) {
            b.optBalanceTerms(balanceTerms);
        }
        if (balanceEvery != null) {
            b.optBalanceEvery(balanceEvery);
        }
        return b.build();
    }
}
