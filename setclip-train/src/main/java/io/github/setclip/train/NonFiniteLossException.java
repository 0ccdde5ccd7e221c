package io.github.setclip.train;

/** A loss term became NaN or infinite; the run stops and keeps its last good checkpoint. */
public final class NonFiniteLossException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    NonFiniteLossException(String term, double value, int epoch, long step) {
        super("loss term '" + term + "' is " + value + " at epoch " + epoch + ", global step "
                + step + "; the run stopped and its last good checkpoint is kept: resume it with a"
                + " lower learning rate, or check the inputs");
    }
}
