package io.github.setclip.data;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A file that exists but cannot be used as what it should be: cut short, not JSON, missing a field,
 * another model's parameters. Its message is one line, {@code "FILE PROBLEM"} (e.g. {@code
 * "runs/x/config.json is not valid JSON: it ends at line 12 column 3 (cut short?)"}), so that a
 * front end can show it as it is; the files of a run folder read back (config.json, a
 * checkpoint's state, parameters and moments, summary.json) report their damage this way.
 */
public final class DamagedFileException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final String problem;

    /**
     * Creates the exception.
     *
     * @param file the damaged file
     * @param problem what is wrong with it, phrased to follow the file's name, e.g. {@code "is not
     *     valid JSON at line 3 column 1"}
     */
    public DamagedFileException(Path file, String problem) {
        super(file + " " + problem);
        this.file = file;
        this.problem = problem;
    }

    /**
     * Creates the exception with the error that revealed the damage.
     *
     * @param file the damaged file
     * @param problem what is wrong with it, phrased to follow the file's name
     * @param cause the error met while reading it
     */
    public DamagedFileException(Path file, String problem, Throwable cause) {
        super(file + " " + problem, cause);
        this.file = file;
        this.problem = problem;
    }

    /** The damaged file. */
    public Path file() {
        return file;
    }

    /** What is wrong with it, phrased to follow the file's name. */
    public String problem() {
        return problem;
    }
}
