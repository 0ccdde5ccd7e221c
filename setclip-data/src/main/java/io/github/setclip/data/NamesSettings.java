package io.github.setclip.data;

import java.util.List;

/**
 * An error whose message names settings as the library spells them ({@code skipBad}, {@code
 * dataDir}), so that a front end can say them its own way (the command line says {@code
 * --skip-bad}) without reading anything else from the text.
 */
public interface NamesSettings {

    /** The settings the message names, each as it appears in the message. */
    List<String> settings();
}
