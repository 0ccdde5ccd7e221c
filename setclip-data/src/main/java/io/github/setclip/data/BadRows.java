package io.github.setclip.data;

import java.util.ArrayList;
import java.util.List;

/**
 * What a reader does with a bad row: {@link #fail()} stops at the first with a {@link
 * BadInputException}; {@link #skip()} drops it and counts it, so the caller can report "skipped 3
 * bad rows (first: ...)". Nothing is dropped silently either way. Not thread-safe.
 */
public final class BadRows {

    /** How many skipped rows' messages are kept. */
    public static final int EXAMPLES = 5;

    private final boolean skip;
    private final List<String> examples = new ArrayList<>();
    private int skipped;

    private BadRows(boolean skip) {
        this.skip = skip;
    }

    /** Fail on the first bad row. */
    public static BadRows fail() {
        return new BadRows(false);
    }

    /** Skip and count bad rows. */
    public static BadRows skip() {
        return new BadRows(true);
    }

    /** Whether bad rows are skipped. */
    public boolean skips() {
        return skip;
    }

    /**
     * Reports a bad row: throws when failing, records it when skipping.
     *
     * @param where file and line, e.g. {@code captions.csv:14}
     * @param problem what is wrong
     * @throws BadInputException when failing
     */
    public void bad(String where, String problem) {
        String message = where + ": " + problem;
        if (!skip) {
            throw new BadInputException(message + " (skipBad skips such rows and counts them)", List.of("skipBad"));
        }
        skipped++;
        if (examples.size() < EXAMPLES) {
            examples.add(message);
        }
    }

    /** Number of rows skipped so far. */
    public int skipped() {
        return skipped;
    }

    /**
     * The messages of the first few skipped rows (at most {@value #EXAMPLES}), each {@code
     * where: problem}.
     */
    public List<String> messages() {
        return List.copyOf(examples);
    }

    /** Same as {@link #messages()}. */
    public List<String> examples() {
        return messages();
    }

    /** A one-line summary, e.g. "skipped 3 bad rows (first: a.csv:4: empty caption)", or "". */
    public String summary() {
        return skipped == 0 ? "" : "skipped " + skipped + " bad row" + (skipped == 1 ? "" : "s")
                + " (first: " + examples.get(0) + ")";
    }
}
