package io.github.setclip.train.session;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Path;

/**
 * State a component keeps across steps that a resumed run needs to continue exactly (term
 * balancing scales, embedding queues, pseudo-pair banks). A listener implementing it is saved into
 * and restored from every checkpoint with the model and the optimiser moments.
 */
public interface CheckpointState {

    /**
     * Writes the state into a checkpoint folder being assembled (use file names of your own).
     *
     * @param checkpoint the folder
     * @throws IOException if it cannot be written
     */
    void save(Path checkpoint) throws IOException;

    /**
     * Reads back what {@link #save} wrote.
     *
     * @param checkpoint the folder
     * @param manager the long-lived manager for any array
     * @throws IOException if it cannot be read or is damaged
     */
    void restore(Path checkpoint, NDManager manager) throws IOException;
}
