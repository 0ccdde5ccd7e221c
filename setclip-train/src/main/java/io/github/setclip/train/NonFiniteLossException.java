package io.github.setclip.train;

/**
 * A loss term (or the parameters themselves) became NaN or infinite; the run stops and keeps its
 * last good checkpoint.
 */
public final class NonFiniteLossException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    NonFiniteLossException(String term, double value, int epoch, long step) {
        this("loss term '" + term + "' is " + value + " at epoch " + epoch + ", global step "
                + step + "; the run stopped and its last good checkpoint is kept: resume it with a"
                + " lower learning rate, or check the inputs");
    }

    private NonFiniteLossException(String message) {
        super(message);
    }

    /**
     * The model's parameters (or the optimiser's moments) became NaN or infinite: the run stops
     * rather than checkpoint them, so the last checkpoint stays one to resume from.
     *
     * @param what the parameter, or the optimiser's moments
     * @param step the global step after which it was found
     * @return the exception
     */
    static NonFiniteLossException inState(String what, long step) {
        return new NonFiniteLossException(what + " became NaN or infinite by global step " + step
                + "; the run stopped without checkpointing it and its last good checkpoint is kept:"
                + " resume it with a lower learning rate, or check the inputs");
    }
}
