package io.github.setclip.losses;

/**
 * An input of a loss holds NaN or infinite values: in training, the sign that the model diverged
 * (weights grown past float range show first as NaN embeddings). A type of its own so that a
 * trainer can recognise divergence without reading the message.
 */
public final class NonFiniteInputException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String input;

    /**
     * @param input the input's name, e.g. {@code S}
     */
    public NonFiniteInputException(String input) {
        super(input + " contains NaN or infinite values");
        this.input = input;
    }

    /** The input's name, as the loss calls it. */
    public String input() {
        return input;
    }
}
