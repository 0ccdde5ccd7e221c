package io.github.setclip.data;

/**
 * A row of user data that cannot be used: the message names the file, the line (or record) and
 * what is wrong, e.g. {@code captions.csv:14: empty caption}.
 */
public final class BadInputException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message file, line and problem
     */
    public BadInputException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message file, line and problem
     * @param cause what failed underneath, e.g. a JSON syntax error
     */
    public BadInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
