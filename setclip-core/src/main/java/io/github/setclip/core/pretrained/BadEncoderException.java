package io.github.setclip.core.pretrained;

/**
 * A pretrained encoder that cannot be used as asked: a missing file, a file that is no model of
 * the engine, inputs or outputs other than the tower's kind takes, a tokenizer whose ids the model
 * cannot embed, a file whose SHA-256 is not the one a run recorded. The message is one line that
 * names the file.
 */
public final class BadEncoderException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message one line naming the file and what is wrong with it
     */
    public BadEncoderException(String message) {
        super(message);
    }

    /**
     * Creates the exception with the engine's error as its cause (kept out of the message).
     *
     * @param message one line naming the file and what is wrong with it
     * @param cause the engine's error
     */
    public BadEncoderException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The first line of an engine's message, at most 200 characters: engines print C++ traces. */
    static String firstLine(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        text = text.strip();
        int newline = text.indexOf('\n');
        text = newline < 0 ? text : text.substring(0, newline).strip();
        return text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }
}
