package io.github.setclip.data;

import java.io.FileNotFoundException;
import java.util.List;

/**
 * A dataset's files are nowhere the library looked; the message says where it looked and how to
 * get them, naming the settings that would help ({@link #settings()}).
 */
public final class DataNotFoundException extends FileNotFoundException implements NamesSettings {

    private static final long serialVersionUID = 1L;

    private final List<String> settings;

    /**
     * @param message where the library looked and how to get the files
     * @param settings the settings the message names, e.g. {@code dataDir}
     */
    public DataNotFoundException(String message, List<String> settings) {
        super(message);
        this.settings = List.copyOf(settings);
    }

    @Override
    public List<String> settings() {
        return settings;
    }
}
