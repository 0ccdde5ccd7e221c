package io.github.setclip.data.captions;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.github.setclip.data.BadInputException;
import io.github.setclip.data.BadRows;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A caption manifest: one (image, caption) row per line, as CSV or as JSON Lines, chosen by the
 * extension.
 *
 * <ul>
 *   <li>{@code .csv}: a header naming the columns {@code image} and {@code caption}, optionally
 *       {@code class}, {@code split} and {@code group}, in any order (case-insensitive; other columns are
 *       ignored). RFC 4180, read by Apache Commons CSV (see {@link CsvRecords}): fields are
 *       separated by commas; a field holding a comma or a line break is quoted with {@code "}, a
 *       quote inside it doubled ({@code ""}). Every row must have as many fields as the header. A
 *       row is named by the line it starts on.
 *   <li>{@code .jsonl}: one object per line with the keys {@code image}, {@code caption} and
 *       optionally {@code class}, {@code split}, {@code group} (strings; a number is taken as its
 *       text). Blank lines are skipped.
 * </ul>
 *
 * <p>The optional group (an album, page or site the image and its captions share) is weak
 * supervision for grouped batches. An empty or absent group means "no group": the row is kept, the
 * image is simply in no group.
 *
 * <p>Relative image paths resolve against the image root, or the manifest's folder. The split, when
 * given, is {@code train}, {@code val} or {@code test} ({@code restval} counts as train, {@code
 * validation} as val). A UTF-8 byte order mark is ignored.
 *
 * <p>Bad rows, named by file and 1-based line (see {@link BadRows}): a missing image, a file that
 * is not a readable image (checked from its header, see {@link ImageCheck}), an empty image path,
 * caption or class (when the file has a class column or key), an unknown split, a malformed line
 * (wrong number of fields, unterminated quote or text after a closing quote, not a JSON object;
 * reading resumes on the next line). A CSV header without {@code image} and {@code caption} is an
 * error.
 */
public final class CaptionManifest {

    private CaptionManifest() {}

    /**
     * Reads a manifest; the format follows the extension ({@code .csv} or {@code .jsonl}).
     *
     * @param manifest the file
     * @param imageRoot folder relative image paths resolve against, or {@code null} for the
     *     manifest's folder
     * @param policy what to do with bad rows
     * @return the usable rows, in file order
     * @throws IOException if the file cannot be read
     * @throws BadInputException for a bad row (when failing), a missing file, an unknown extension,
     *     or a CSV header without the required columns
     */
    public static List<CaptionRecord> read(Path manifest, Path imageRoot, BadRows policy)
            throws IOException {
        String name = manifest.getFileName().toString().toLowerCase(Locale.ROOT);
        boolean csv = name.endsWith(".csv");
        if (!csv && !name.endsWith(".jsonl")) {
            throw new BadInputException(manifest + ": a caption manifest must end in .csv or .jsonl"
                    + " (a Karpathy split file, read by KarpathySplits, ends in .json)");
        }
        if (!Files.isRegularFile(manifest)) {
            throw new BadInputException(manifest + ": no such file");
        }
        Path root = imageRoot != null ? imageRoot : manifest.toAbsolutePath().getParent();
        String text = Files.readString(manifest, StandardCharsets.UTF_8);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        Rows rows = new Rows(root, policy);
        if (csv) {
            csv(manifest, CsvRecords.parse(text), rows);
        } else {
            jsonl(manifest, text.lines().toList(), rows);
        }
        return rows.records;
    }

    private static void csv(Path file, List<CsvRecords.Row> records, Rows rows) {
        if (records.isEmpty() || records.get(0).line() != 1) {
            throw new BadInputException(file + ":1: expected a header line image,caption[,class][,split][,group]");
        }
        CsvRecords.Row first = records.get(0);
        if (first.malformed()) {
            throw new BadInputException(file + ":1: malformed header: " + first.problem());
        }
        List<String> header = first.fields();
        int image = column(file, header, "image");
        int caption = column(file, header, "caption");
        if (image < 0 || caption < 0) {
            throw new BadInputException(file + ":1: the header must name the columns image and caption"
                    + " (optional: class, split, group; any order); got " + String.join(",", header));
        }
        int cls = column(file, header, "class");
        int split = column(file, header, "split");
        int group = column(file, header, "group");
        for (CsvRecords.Row record : records.subList(1, records.size())) {
            String where = file + ":" + record.line();
            if (record.malformed()) {
                rows.policy.bad(where, "malformed line: " + record.problem());
                continue;
            }
            List<String> f = record.fields();
            if (f.size() != header.size()) {
                rows.policy.bad(where, "malformed line: expected " + header.size() + " fields ("
                        + String.join(",", header) + "), got " + f.size()
                        + (f.size() > header.size() ? "; quote a field that holds a comma" : ""));
                continue;
            }
            rows.add(f.get(image), f.get(caption), cls < 0 ? null : f.get(cls), cls >= 0,
                    split < 0 ? null : f.get(split), group < 0 ? null : f.get(group), where);
        }
    }

    private static void jsonl(Path file, List<String> lines, Rows rows) {
        for (int i = 0; i < lines.size(); i++) {
            String where = file + ":" + (i + 1);
            if (lines.get(i).isBlank()) {
                continue;
            }
            JsonElement parsed;
            try {
                parsed = JsonParser.parseString(lines.get(i));
            } catch (JsonParseException e) {
                rows.policy.bad(where, "malformed line: not JSON (" + e.getMessage() + ")");
                continue;
            }
            if (!parsed.isJsonObject()) {
                rows.policy.bad(where, "malformed line: expected a JSON object {\"image\": ..., \"caption\": ...}");
                continue;
            }
            JsonObject o = parsed.getAsJsonObject();
            String image;
            String caption;
            String cls;
            String split;
            String group;
            try {
                image = text(o, "image");
                caption = text(o, "caption");
                cls = text(o, "class");
                split = text(o, "split");
                group = text(o, "group");
            } catch (IllegalArgumentException e) {
                rows.policy.bad(where, e.getMessage());
                continue;
            }
            if (image == null || caption == null) {
                rows.policy.bad(where, "malformed line: needs the keys image and caption");
                continue;
            }
            rows.add(image, caption, cls, cls != null, split, group, where);
        }
    }

    /** The text of a key: {@code null} when absent or null; a string or number as text. */
    private static String text(JsonObject o, String key) {
        JsonElement e = o.get(key);
        if (e == null || e.isJsonNull()) {
            return null;
        }
        if (!e.isJsonPrimitive() || e.getAsJsonPrimitive().isBoolean()) {
            throw new IllegalArgumentException("malformed line: " + key + " must be a string, got " + e);
        }
        return e.getAsString();
    }

    /** The accumulating result of one file. */
    private static final class Rows {

        final Path root;
        final BadRows policy;
        final ImageCheck images = new ImageCheck();
        final List<CaptionRecord> records = new ArrayList<>();

        Rows(Path root, BadRows policy) {
            this.root = root;
            this.policy = policy;
        }

        void add(String image, String caption, String cls, boolean hasClass, String split, String group,
                String where) {
            if (image.isBlank()) {
                policy.bad(where, "empty image path");
                return;
            }
            if (caption.isBlank()) {
                policy.bad(where, "empty caption");
                return;
            }
            if (hasClass && cls.isBlank()) {
                policy.bad(where, "empty class");
                return;
            }
            String canonical;
            try {
                canonical = SplitNames.canonical(split);
            } catch (IllegalArgumentException e) {
                policy.bad(where, e.getMessage());
                return;
            }
            Path path = root.resolve(image.trim());
            if (images.usable(path, where, policy)) {
                String groupName = group == null || group.isBlank() ? null : group.trim();
                records.add(new CaptionRecord(path, caption.trim(), hasClass ? cls.trim() : null, canonical,
                        groupName, where));
            }
        }
    }

    /** The index of a header column (case-insensitive), or -1; a repeated column is an error. */
    private static int column(Path file, List<String> header, String name) {
        int found = -1;
        for (int i = 0; i < header.size(); i++) {
            if (header.get(i).trim().equalsIgnoreCase(name)) {
                if (found >= 0) {
                    throw new BadInputException(file + ":1: the header names the column " + name + " twice");
                }
                found = i;
            }
        }
        return found;
    }
}
