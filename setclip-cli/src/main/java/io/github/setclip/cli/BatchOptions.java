package io.github.setclip.cli;

import io.github.setclip.data.batch.BatchComposition;
import io.github.setclip.data.batch.UnpairedSets;
import io.github.setclip.train.BatchSettings;
import picocli.CommandLine.Option;

/**
 * How batches are composed, shared by pretrain and experiment; unset unless given, so that a flag
 * overrides a recipe's value.
 */
final class BatchOptions {

    @Option(names = "--batch-composition", paramLabel = "additive|proportional",
            description = "additive (default): M pairs plus U unpaired rows per modality, an epoch one"
                    + " pass over the pairs; proportional: the paper's batch of --batch-size rows, pairs"
                    + " in proportion to the paired fraction.")
    BatchComposition composition;

    @Option(names = "--paired-per-batch", paramLabel = "M",
            description = "Additive batches: pairs per batch (default --batch-size, as many as CLIP on"
                    + " the pairs sees).")
    Integer pairedPerBatch;

    @Option(names = "--unpaired-per-batch", paramLabel = "U",
            description = "Additive batches: unpaired rows per modality per batch (default --batch-size).")
    Integer unpairedPerBatch;

    @Option(names = "--unpaired-sets", paramLabel = "independent|aligned|grouped",
            description = "How a batch's unpaired S and T rows relate: drawn independently (default), the"
                    + " two sides of the same hidden items (aligned; only where the truth is known), or"
                    + " from the same few groups (grouped: emoji subgroups, Fashion-MNIST classes, the"
                    + " captions file's group column, --s-groups/--t-groups).")
    UnpairedSets unpairedSets;

    /** Sets every option that was given; throws on a bad combination. */
    BatchSettings overlay(BatchSettings settings) {
        BatchComposition c = composition != null ? composition : settings.composition();
        boolean changedComposition = c != settings.composition();
        int m = pairedPerBatch != null ? pairedPerBatch : changedComposition ? 0 : settings.pairedPerBatch();
        int u = unpairedPerBatch != null ? unpairedPerBatch
                : changedComposition ? 0 : settings.unpairedPerBatch();
        UnpairedSets sets = unpairedSets != null ? unpairedSets : settings.unpairedSets();
        return new BatchSettings(c, m, u, sets);
    }
}
