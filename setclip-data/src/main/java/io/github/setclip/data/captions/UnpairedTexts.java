package io.github.setclip.data.captions;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.github.setclip.data.BadInputException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads one file of texts without pictures: plain text, one text per line (any extension but the
 * two below); a {@code .csv} whose header names a {@code caption} or {@code text} column; or a
 * {@code .jsonl} of objects with a {@code caption} or {@code text} key. Texts are trimmed; blank
 * ones are skipped. The file is read streaming, then hashed.
 */
final class UnpairedTexts {

    /**
     * One read file.
     *
     * @param texts the non-blank texts in file order (repeats kept; the source drops them)
     * @param skipped one line per row skipped as bad (empty when failing on the first)
     * @param summary path, count and the file's SHA-256
     */
    record Indexed(List<String> texts, List<String> skipped, SourceSummary summary) {}

    private UnpairedTexts() {}

    /**
     * Reads a file.
     *
     * @param file the texts
     * @param skipBad name malformed rows in {@link Indexed#skipped()} instead of failing on the first
     * @return the texts
     * @throws BadInputException for a missing file, a CSV header without a caption or text column,
     *     a file holding no text, and (unless skipping) a malformed JSON line
     * @throws IOException if the file cannot be read
     */
    static Indexed read(Path file, boolean skipBad) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new BadInputException(file + ": no such file");
        }
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        List<String> texts = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            if (name.endsWith(".csv")) {
                readCsv(file, reader, texts);
            } else if (name.endsWith(".jsonl")) {
                readJsonl(file, reader, texts, skipBad, skipped);
            } else {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    keep(line, texts);
                }
            }
        }
        if (texts.isEmpty()) {
            throw new BadInputException(file + ": holds no text (" + (skipped.isEmpty()
                    ? "only blank lines" : skipped.size() + " bad lines, first: " + skipped.get(0)) + ")");
        }
        return new Indexed(texts, List.copyOf(skipped),
                new SourceSummary("texts", file, texts.size(), hash(file)));
    }

    /** The file's SHA-256, read in blocks. */
    private static String hash(Path file) throws IOException {
        MessageDigest digest = Sha256.digest();
        byte[] block = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n = in.read(block); n >= 0; n = in.read(block)) {
                digest.update(block, 0, n);
            }
        }
        return Sha256.hex(digest.digest());
    }

    private static void keep(String text, List<String> texts) {
        String trimmed = text.strip();
        if (trimmed.startsWith("\uFEFF")) {
            trimmed = trimmed.substring(1).strip();
        }
        if (!trimmed.isEmpty()) {
            texts.add(trimmed);
        }
    }

    private static void readCsv(Path file, BufferedReader reader, List<String> texts) throws IOException {
        CSVFormat format = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true)
                .setIgnoreSurroundingSpaces(true).setIgnoreHeaderCase(true).get();
        try (CSVParser parser = CSVParser.builder().setReader(reader).setFormat(format).get()) {
            Map<String, Integer> header = parser.getHeaderMap();
            String column = header.containsKey("caption") ? "caption" : header.containsKey("text") ? "text" : null;
            if (column == null) {
                throw new BadInputException(file + ": the header must name a caption or text column, got "
                        + parser.getHeaderNames());
            }
            for (CSVRecord record : parser) {
                if (record.isSet(column)) {
                    keep(record.get(column), texts);
                }
            }
        } catch (UncheckedIOException e) {
            throw new BadInputException(file + ": malformed CSV: " + e.getCause().getMessage());
        }
    }

    private static void readJsonl(Path file, BufferedReader reader, List<String> texts, boolean skipBad,
            List<String> skipped) throws IOException {
        int number = 0;
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            number++;
            if (line.isBlank()) {
                continue;
            }
            String text = null;
            try {
                JsonElement json = JsonParser.parseString(line);
                if (json.isJsonObject()) {
                    JsonObject object = json.getAsJsonObject();
                    JsonElement value = object.has("caption") ? object.get("caption") : object.get("text");
                    text = value == null || !value.isJsonPrimitive() ? null : value.getAsString();
                }
            } catch (JsonParseException e) {
                text = null;
            }
            if (text == null) {
                String message = file + ":" + number + ": not a JSON object with a caption or text";
                if (!skipBad) {
                    throw new BadInputException(message + " (use --skip-bad to skip such lines)");
                }
                skipped.add(message);
                continue;
            }
            keep(text, texts);
        }
    }
}
