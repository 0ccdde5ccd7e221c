package io.github.setclip.data;

import java.util.List;

/**
 * A row of user data that cannot be used: the message names the file, the line (or record) and
 * what is wrong, e.g. {@code captions.csv:14: empty caption}.
 */
public final class BadInputException extends IllegalArgumentException implements NamesSettings {

    private static final long serialVersionUID = 1L;

    private final List<String> settings;

    /**
     * Creates the exception.
     *
     * @param message file, line and problem
     */
    public BadInputException(String message) {
        this(message, List.of());
    }

    /**
     * Creates the exception for a message that names settings which would help.
     *
     * @param message file, line and problem, and the remedy
     * @param settings the settings the message names, e.g. {@code skipBad}
     */
    public BadInputException(String message, List<String> settings) {
        super(message);
        this.settings = List.copyOf(settings);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message file, line and problem
     * @param cause what failed underneath, e.g. a JSON syntax error
     */
    public BadInputException(String message, Throwable cause) {
        super(message, cause);
        this.settings = List.of();
    }

    @Override
    public List<String> settings() {
        return settings;
    }
}
