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

    /**
     * The towers' embeddings became NaN or infinite (weights grown past float range): the objective
     * refused them before any loss term was computed.
     *
     * @param detail the objective's complaint, e.g. {@code S contains NaN or infinite values}
     * @param epoch the epoch, 1-based
     * @param step the global step, 1-based
     * @return the exception
     */
    static NonFiniteLossException inEmbeddings(String detail, int epoch, long step) {
        return new NonFiniteLossException("the embeddings became NaN or infinite at epoch " + epoch
                + ", global step " + step + " (" + detail + "): the model diverged; the run stopped and its"
                + " last good checkpoint is kept: resume it with a lower learning rate, or check the inputs");
    }
}
