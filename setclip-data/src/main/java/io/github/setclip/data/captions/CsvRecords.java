package io.github.setclip.data.captions;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * The records of a CSV text, each with the 1-based line it starts on, parsed by Apache Commons CSV
 * as RFC 4180: commas separate fields; a field in {@code "} may hold commas and line breaks, a
 * quote inside it doubled ({@code ""}); a {@code "} inside an unquoted field is kept as is; spaces
 * around a field are dropped. Line breaks are {@code \n}, {@code \r\n} or {@code \r}. Blank lines
 * give no record.
 *
 * <p>A malformed record (a quote that never closes, text after a closing quote) comes back as a
 * problem at the line it starts on, and reading resumes on the next line: one stray quote costs
 * the row it is on, not the rest of the file. Not thread-safe; one instance per text.
 */
final class CsvRecords {

    private static final CSVFormat RFC_4180 = CSVFormat.RFC4180.builder()
            .setIgnoreSurroundingSpaces(true).get();
    private static final CSVFormat TO_END_OF_FILE = RFC_4180.builder().setLenientEof(true).get();

    /**
     * One record, or the problem with it.
     *
     * @param line 1-based line the record starts on
     * @param fields its fields (empty for a malformed record)
     * @param problem what is malformed, or {@code null} for a good record
     */
    record Row(int line, List<String> fields, String problem) {

        Row {
            fields = List.copyOf(fields);
        }

        boolean malformed() {
            return problem != null;
        }
    }

    private final String text;
    private final int[] lineStarts;

    private CsvRecords(String text) {
        this.text = text;
        List<Integer> starts = new ArrayList<>();
        starts.add(0);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r' && (i + 1 == text.length() || text.charAt(i + 1) != '\n')) {
                starts.add(i + 1);
            }
        }
        this.lineStarts = starts.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * Parses a whole text.
     *
     * @param text the file's text, without a byte order mark
     * @return its non-blank records and malformed ones, in file order
     */
    static List<Row> parse(String text) {
        return new CsvRecords(text).rows();
    }

    private List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        int line = 1;
        while (line <= lineStarts.length) {
            line = readFrom(line, rows);
        }
        return rows;
    }

    /**
     * Reads records from a line on until the end or the first malformed record.
     *
     * @return the line to go on from: past the end, or the line after the malformed record's first
     */
    private int readFrom(int firstLine, List<Row> rows) {
        try (CSVParser parser = parser(RFC_4180, firstLine)) {
            Iterator<CSVRecord> records = parser.iterator();
            while (true) {
                int line = firstLine + (int) parser.getCurrentLineNumber(); // lines done so far + 1
                CSVRecord record;
                try {
                    if (!records.hasNext()) {
                        return lineStarts.length + 1;
                    }
                    record = records.next();
                } catch (UncheckedIOException e) {
                    int failedOn = firstLine - 1 + (int) parser.getCurrentLineNumber();
                    rows.add(new Row(line, List.of(), problem(line, failedOn)));
                    return line + 1;
                }
                if (!record.stream().allMatch(String::isBlank)) {
                    rows.add(new Row(line, record.toList(), null));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // reading a string
        }
    }

    /** What is wrong with the record starting on {@code line} that the parser gave up on at {@code failedOn}. */
    private String problem(int line, int failedOn) {
        if (failedOn >= lastLine() && runsToTheEnd(line)) {
            return "unterminated quoted field (no closing quote before the end of the file)";
        }
        if (failedOn > line) {
            return "unterminated quoted field: the quoted field opened on this line ends on line " + failedOn
                    + " with text after its closing quote (a quoted field may span lines; write a quote"
                    + " inside it as \"\")";
        }
        return "text after the closing quote of a quoted field (write a quote inside a quoted field as"
                + " \"\")";
    }

    /** The last line holding text (a final line break starts no line of its own). */
    private int lastLine() {
        return lineStarts[lineStarts.length - 1] == text.length() ? lineStarts.length - 1 : lineStarts.length;
    }

    /**
     * Whether the record starting on {@code line} is well formed once the end of the file closes its
     * quote (then its quote never closed). Reads no further than the failed attempt did.
     */
    private boolean runsToTheEnd(int line) {
        try (CSVParser parser = parser(TO_END_OF_FILE, line)) {
            Iterator<CSVRecord> records = parser.iterator();
            records.next();
            return !records.hasNext();
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** A parser of the text from the start of a line on, without copying it. */
    private CSVParser parser(CSVFormat format, int firstLine) throws IOException {
        StringReader reader = new StringReader(text);
        int offset = lineStarts[firstLine - 1];
        if (reader.skip(offset) != offset) {
            throw new IllegalStateException("cannot skip to line " + firstLine);
        }
        return CSVParser.builder().setReader(reader).setFormat(format).setCharacterOffset(offset).get();
    }
}
