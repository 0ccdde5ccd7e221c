package io.github.setclip.data;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A JSON object read back from a file the tool wrote (config.json, state.json, summary.json),
 * treated as input like any other: a file cut short, binary garbage or a value that is not an
 * object becomes a {@link DamagedFileException} naming the file and where it breaks, never a
 * parser's exception.
 */
public final class JsonFile {

    private static final Pattern WHERE = Pattern.compile("line (\\d+) column (\\d+)");

    private JsonFile() {}

    /**
     * Reads a file holding one JSON object.
     *
     * @param file the file
     * @return the object
     * @throws java.nio.file.NoSuchFileException if the file does not exist
     * @throws DamagedFileException if it is empty, not JSON, cut short or not an object
     * @throws IOException if it cannot be read
     */
    public static JsonObject read(Path file) throws IOException {
        String text;
        try {
            text = Files.readString(file);
        } catch (CharacterCodingException e) {
            throw new DamagedFileException(file, "is not a JSON text file (it holds bytes that are not UTF-8)", e);
        }
        if (text.isBlank()) {
            throw new DamagedFileException(file, "is empty");
        }
        JsonElement json;
        try {
            json = JsonParser.parseString(text);
        } catch (JsonParseException e) {
            throw new DamagedFileException(file, describe(e, text), e);
        }
        if (!json.isJsonObject()) {
            throw new DamagedFileException(file, "does not hold a JSON object");
        }
        return json.getAsJsonObject();
    }

    /** Where and how the parser failed, phrased to follow the file's name. */
    static String describe(JsonParseException e, String text) {
        Matcher where = WHERE.matcher(String.valueOf(e.getMessage()));
        if (!where.find()) {
            return e.getCause() instanceof EOFException ? "is not valid JSON: it ends early (cut short?)"
                    : "is not valid JSON";
        }
        if (e.getCause() instanceof EOFException || atEnd(text, Integer.parseInt(where.group(1)),
                Integer.parseInt(where.group(2)))) {
            return "is not valid JSON: it ends at " + where.group() + " (cut short?)";
        }
        return "is not valid JSON at " + where.group();
    }

    /** Whether the parser stopped at the end of the text (a string or number cut off). */
    private static boolean atEnd(String text, int line, int column) {
        int offset = 0;
        for (int l = 1; l < line && offset >= 0; l++) {
            offset = text.indexOf('\n', offset) + 1;
            if (offset == 0) {
                return false;
            }
        }
        return offset + column - 1 >= text.stripTrailing().length();
    }
}
