package io.github.setclip.data;

/**
 * A configuration value out of range or in conflict with another, naming the setting as the
 * library spells it (e.g. {@code pairedFraction}), so that a front end can say it in its own terms
 * (the CLI maps it to the flag, e.g. {@code --paired-fraction}).
 */
public final class InvalidSettingException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String setting;
    private final String problem;

    /**
     * Creates the exception; its message is {@code setting + " " + problem}.
     *
     * @param setting the setting's library name, e.g. {@code batchSize}
     * @param problem what is wrong, phrased to follow the name, e.g. {@code "must be >= 2, got 1"}
     */
    public InvalidSettingException(String setting, String problem) {
        super(setting + " " + problem);
        this.setting = setting;
        this.problem = problem;
    }

    /** The setting's library name. */
    public String setting() {
        return setting;
    }

    /** What is wrong, phrased to follow the setting's name. */
    public String problem() {
        return problem;
    }
}
