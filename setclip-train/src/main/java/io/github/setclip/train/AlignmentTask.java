package io.github.setclip.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.github.setclip.core.TwoStreamModel;
import io.github.setclip.data.batch.SemiPairedPools;
import io.github.setclip.losses.SetClipObjective;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A dataset of two modalities together with the model that fits it: everything pretraining,
 * evaluation and experiments need, so that those are written once for every dataset (the embedded
 * emoji set, Fashion-MNIST halves, a user's captions or precomputed features).
 *
 * <p>Training items are numbered {@code 0..n-1} in both modalities; {@link #pools} says which are
 * paired. Held-out splits are embedded whole by {@link #embed}.
 */
public interface AlignmentTask extends AutoCloseable {

    /** The held-out and training splits a task can embed. */
    enum Split { TRAIN, VALIDATION, TEST }

    /** Short name of the dataset, recorded in the run's config.json. */
    String name();

    /** Provenance for config.json: source, version, sizes. */
    Map<String, Object> describe();

    /**
     * Prepares what the model needs from the run folder (e.g. a tokenizer built from the training
     * captions), reusing it when resuming or evaluating. Called once, before {@link #newModel}.
     *
     * @param runDirectory the run folder
     * @param create whether to create missing files (false when loading a trained run)
     * @throws IOException if the files cannot be read or written
     */
    void prepare(Path runDirectory, boolean create) throws IOException;

    /**
     * The paired and unpaired pools over the training items for a configuration (its paired
     * fraction and seed); a CLIP run uses only the paired pool.
     *
     * @param config the run's configuration
     * @return the pools
     */
    SemiPairedPools pools(TrainingConfig config);

    /**
     * Builds and initialises the model (float32) with the given objective as its child.
     *
     * @param objective the objective block
     * @param manager the long-lived manager that owns the parameters
     * @return the initialised model
     */
    TwoStreamModel newModel(SetClipObjective objective, NDManager manager);

    /** Input of the S tower for training item indices. */
    ModalityInput sInput();

    /** Input of the T tower for training item indices. */
    ModalityInput tInput();

    /**
     * Embeds every S and T element of a split with the model in inference mode.
     *
     * @param model the model
     * @param manager owns the returned arrays
     * @param split which split
     * @return the embeddings, their true partners and class labels
     */
    EmbeddedSplit embed(TwoStreamModel model, NDManager manager, Split split);

    /**
     * Embeds free texts with the T tower, for zero-shot classification from prompts.
     *
     * @param model the model
     * @param manager owns the result
     * @param texts the texts
     * @return (texts, d) unit rows
     * @throws UnsupportedOperationException when T is not text
     */
    default NDArray embedTexts(TwoStreamModel model, NDManager manager, List<String> texts) {
        throw new UnsupportedOperationException(name() + ": modality T is not text, no zero-shot");
    }

    /** Whether {@link #embedTexts} is supported. */
    default boolean embedsTexts() {
        return false;
    }

    /** Names of the S and T modalities for reports, e.g. image and text. */
    default String[] modalityNames() {
        return new String[] {"S", "T"};
    }

    /**
     * The keywords of the training T items, for S-CLIP's keyword loss (the emoji tags); empty when
     * T items carry none. Call after {@link #prepare}.
     */
    default Optional<ItemKeywords> keywords() {
        return Optional.empty();
    }

    /** Problems met while reading the data that did not stop it, e.g. skipped bad rows; "" if none. */
    default String warnings() {
        return "";
    }

    @Override
    default void close() {}
}
