package io.github.setclip.tasks.inference;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.List;

/**
 * Turns a batch of user inputs (texts, pictures, feature rows) into what one tower of a run takes,
 * prepared exactly as the run's training data were. Shared by {@link TrainedRun} and the DJL
 * translator, so both ways feed the model the same arrays.
 *
 * @param <I> the input type
 */
interface TowerInput<I> extends AutoCloseable {

    /** The kind of input. */
    ModalityKind kind();

    /** The Java type of one input. */
    Class<I> type();

    /** How many inputs go through the tower at once when many are embedded. */
    int chunkSize();

    /**
     * Checks a list of inputs before it is cut into chunks, so that a message names the index in
     * the caller's list.
     *
     * @param inputs the inputs
     * @throws IllegalArgumentException for an empty list or a bad input, naming its index
     */
    void check(List<I> inputs);

    /**
     * The tower's input arrays for a batch, after {@link #check}.
     *
     * @param manager owns the arrays
     * @param inputs at least one input
     * @return the arrays the tower takes, batch first
     * @throws IllegalArgumentException for an empty batch or a bad input, naming its index
     */
    NDList batch(NDManager manager, List<I> inputs);

    /** Releases native resources (a tokenizer); nothing by default. */
    @Override
    default void close() {}

    /** The check every input type shares: a non-empty batch without nulls. */
    static void requireInputs(String name, List<?> inputs) {
        if (inputs == null || inputs.isEmpty()) {
            throw new IllegalArgumentException(name + " must hold at least one element");
        }
        for (int i = 0; i < inputs.size(); i++) {
            if (inputs.get(i) == null) {
                throw new IllegalArgumentException(name + "[" + i + "] is null");
            }
        }
    }
}
