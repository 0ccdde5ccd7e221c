package io.github.setclip.data.captions;

import ai.djl.util.JsonUtils;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
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
 * A caption manifest: one (image, caption) row per line, as CSV with a header ({@code
 * image,caption} and optional {@code class} and {@code split} columns, in any order; fields may be
 * quoted with {@code "}, quotes inside doubled) or as JSON Lines (objects with keys {@code image},
 * {@code caption} and optional {@code class}, {@code split}). Relative image paths resolve against
 * the image root, or the manifest's folder. Rows with a missing or unreadable image, an empty
 * caption or an empty class are bad rows (see {@link BadRows}).
 */
public final class CaptionManifest {

    private CaptionManifest() {}

    /**
     * Reads a manifest; the format follows the extension ({@code .csv} or {@code .jsonl}).
     *
     * @param manifest the file
     * @param imageRoot folder relative image paths resolve against, or {@code null}
     * @param policy what to do with bad rows
     * @return the usable rows, in file order
     * @throws IOException if the file cannot be read
     * @throws BadInputException for a bad row (when failing) or a missing required column
     */
    public static List<CaptionRecord> read(Path manifest, Path imageRoot, BadRows policy)
            throws IOException {
        if (!Files.isRegularFile(manifest)) {
            throw new BadInputException(manifest + ": no such file");
        }
        Path root = imageRoot != null ? imageRoot : manifest.toAbsolutePath().getParent();
        String name = manifest.getFileName().toString().toLowerCase(Locale.ROOT);
        List<String> lines = Files.readAllLines(manifest, StandardCharsets.UTF_8);
        if (name.endsWith(".csv")) {
            return csv(manifest, lines, root, policy);
        }
        if (name.endsWith(".jsonl")) {
            return jsonl(manifest, lines, root, policy);
        }
        throw new BadInputException(manifest + ": a manifest must end in .csv or .jsonl"
                + " (a Karpathy split file ends in .json)");
    }

    private static List<CaptionRecord> csv(Path file, List<String> lines, Path root, BadRows policy) {
        if (lines.isEmpty()) {
            throw new BadInputException(file + ": empty file, expected a header line image,caption[,class][,split]");
        }
        List<String> header = fields(lines.get(0), file + ":1");
        int image = column(header, "image");
        int caption = column(header, "caption");
        if (image < 0 || caption < 0) {
            throw new BadInputException(file + ":1: the header must name the columns image and caption"
                    + " (optional: class, split); got " + header);
        }
        int cls = column(header, "class");
        int split = column(header, "split");
        List<CaptionRecord> records = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String where = file + ":" + (i + 1);
            if (lines.get(i).isBlank()) {
                continue;
            }
            List<String> f;
            try {
                f = fields(lines.get(i), where);
            } catch (BadInputException e) {
                policy.bad(where, e.getMessage().substring(where.length() + 2));
                continue;
            }
            if (f.size() < header.size()) {
                policy.bad(where, "expected " + header.size() + " fields, got " + f.size());
                continue;
            }
            CaptionRecord r = record(f.get(image), f.get(caption), cls < 0 ? null : f.get(cls),
                    cls >= 0, split < 0 ? null : f.get(split), root, where, policy);
            if (r != null) {
                records.add(r);
            }
        }
        return records;
    }

    private static List<CaptionRecord> jsonl(Path file, List<String> lines, Path root, BadRows policy) {
        List<CaptionRecord> records = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String where = file + ":" + (i + 1);
            if (lines.get(i).isBlank()) {
                continue;
            }
            JsonObject o;
            try {
                o = JsonUtils.GSON.fromJson(lines.get(i), JsonObject.class);
            } catch (JsonParseException e) {
                policy.bad(where, "not a JSON object (" + e.getMessage() + ")");
                continue;
            }
            if (o == null || !o.has("image") || !o.has("caption")) {
                policy.bad(where, "needs the keys image and caption");
                continue;
            }
            CaptionRecord r = record(text(o.get("image")), text(o.get("caption")),
                    o.has("class") ? text(o.get("class")) : null, o.has("class"),
                    o.has("split") ? text(o.get("split")) : null, root, where, policy);
            if (r != null) {
                records.add(r);
            }
        }
        return records;
    }

    private static String text(JsonElement e) {
        return e == null || e.isJsonNull() ? "" : e.getAsString();
    }

    static CaptionRecord record(String image, String caption, String cls, boolean hasClass,
            String split, Path root, String where, BadRows policy) {
        if (image == null || image.isBlank()) {
            policy.bad(where, "empty image path");
            return null;
        }
        if (caption == null || caption.isBlank()) {
            policy.bad(where, "empty caption");
            return null;
        }
        if (hasClass && (cls == null || cls.isBlank())) {
            policy.bad(where, "empty class");
            return null;
        }
        Path path = root.resolve(image.trim());
        if (!ImageCheck.usable(path, where, policy)) {
            return null;
        }
        String s = split == null || split.isBlank() ? null : split.trim().toLowerCase(Locale.ROOT);
        return new CaptionRecord(path, caption.trim(), hasClass ? cls.trim() : null, s, where);
    }

    private static int column(List<String> header, String name) {
        for (int i = 0; i < header.size(); i++) {
            if (header.get(i).trim().equalsIgnoreCase(name)) {
                return i;
            }
        }
        return -1;
    }

    /** Splits one CSV line: commas separate, double quotes enclose, "" is a quote. */
    static List<String> fields(String line, String where) {
        List<String> out = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        if (quoted) {
            throw new BadInputException(where + ": unterminated quoted field");
        }
        out.add(field.toString());
        return out;
    }
}
