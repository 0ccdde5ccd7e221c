package io.github.setclip.train;

import io.github.setclip.data.InvalidSettingException;
import io.github.setclip.data.batch.BatchComposition;
import io.github.setclip.data.batch.UnpairedSets;

/**
 * How a run's batches are made (see {@link io.github.setclip.data.batch.MixedBatchSampler}).
 *
 * <p>Under {@link BatchComposition#ADDITIVE} a Set-CLIP batch holds {@code M} pairs and {@code U}
 * unpaired rows per modality; each defaults to the configuration's batch size, so the contrastive
 * term sees as many pairs per step as CLIP on the pairs does, with unpaired rows on top, and an
 * epoch is one pass over the pairs. Under {@link BatchComposition#PROPORTIONAL} (the paper's batch)
 * the batch size is N and the pairs are its paired fraction. CLIP (method {@code clip}) always
 * trains on fully paired batches of the batch size.
 *
 * @param composition additive (M + U) or proportional (the paper's)
 * @param pairedPerBatch M under additive composition; 0 for the batch size
 * @param unpairedPerBatch U under additive composition; 0 for the batch size
 * @param unpairedSets how the unpaired S and T rows of a batch relate
 */
public record BatchSettings(BatchComposition composition, int pairedPerBatch, int unpairedPerBatch,
        UnpairedSets unpairedSets) {

    /** M pairs and U unpaired rows, both the batch size; unpaired rows drawn independently. */
    public static final BatchSettings ADDITIVE = new BatchSettings(BatchComposition.ADDITIVE, 0, 0,
            UnpairedSets.INDEPENDENT);

    /** The paper's batch: N rows, pairs in proportion to the paired fraction. */
    public static final BatchSettings PROPORTIONAL = new BatchSettings(BatchComposition.PROPORTIONAL, 0,
            0, UnpairedSets.INDEPENDENT);

    /** Checks the values; each message names the setting. */
    public BatchSettings {
        if (composition == null) {
            throw new InvalidSettingException("batchComposition", "must be given");
        }
        if (unpairedSets == null) {
            throw new InvalidSettingException("unpairedSets", "must be given");
        }
        if (pairedPerBatch < 0) {
            throw new InvalidSettingException("pairedPerBatch", "must be >= 0 (0: the batch size), got "
                    + pairedPerBatch);
        }
        if (unpairedPerBatch < 0) {
            throw new InvalidSettingException("unpairedPerBatch",
                    "must be >= 0 (0: the batch size), got " + unpairedPerBatch);
        }
        if (composition == BatchComposition.PROPORTIONAL && (pairedPerBatch > 0 || unpairedPerBatch > 0)) {
            throw new InvalidSettingException(pairedPerBatch > 0 ? "pairedPerBatch" : "unpairedPerBatch",
                    "applies to additive batches; a proportional batch takes its pairs from the paired"
                            + " fraction");
        }
    }

    /** These settings with other unpaired sets. */
    public BatchSettings withUnpairedSets(UnpairedSets sets) {
        return new BatchSettings(composition, pairedPerBatch, unpairedPerBatch, sets);
    }

    /** M for a batch size: the explicit value, else the batch size. */
    public int pairsPerBatch(int batchSize) {
        return pairedPerBatch > 0 ? pairedPerBatch : batchSize;
    }

    /** U for a batch size: the explicit value, else the batch size. */
    public int unpairedRowsPerBatch(int batchSize) {
        return unpairedPerBatch > 0 ? unpairedPerBatch : batchSize;
    }
}
