package io.github.setclip.data.emoji;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Derives the embedded emoji dataset from the unpacked npm packages, so anyone can rebuild it:
 *
 * <pre>
 * npm pack emoji-datasource-google@16.0.0 emoji-datasource-twitter@16.0.0 emojibase-data@17.0.0
 * for f in *.tgz; do mkdir -p "${f%.tgz}" &amp;&amp; tar xzf "$f" -C "${f%.tgz}"; done
 * java -cp setclip-data/target/classes:$(cat cp.txt) io.github.setclip.data.emoji.EmojiDatasetBuilder \
 *     emoji-datasource-google-16.0.0/package emoji-datasource-twitter-16.0.0/package \
 *     emojibase-data-17.0.0/package setclip-data/src/main/resources/io/github/setclip/data/emoji
 * </pre>
 *
 * <p>It joins emoji-datasource's {@code emoji.json} (sheet cells) with emojibase's English {@code
 * data.json} (label, tags, group, subgroup) on the code point, with the FE0F variation selector
 * removed from both sides, keeps every emoji of the nine groups (the "components" group of
 * skin-tone swatches and hair parts is left out, and so are skin-tone variants),
 * writes {@code emoji.tsv} and copies each vendor's 256-colour 32 px sheet
 * ({@code img/<set>/sheets-256/32.png}) and the licences.
 */
public final class EmojiDatasetBuilder {

    private static final String COMPONENTS = "components";

    private EmojiDatasetBuilder() {}

    /**
     * Builds the dataset.
     *
     * @param args google package dir, twitter package dir, emojibase-data package dir, output dir
     * @throws IOException if a file cannot be read or written
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 4) {
            System.err.println("usage: EmojiDatasetBuilder GOOGLE_PKG TWITTER_PKG EMOJIBASE_PKG OUT_DIR");
            System.exit(2);
        }
        int written = build(Path.of(args[0]), Path.of(args[1]), Path.of(args[2]), Path.of(args[3]));
        System.out.println("wrote " + written + " concepts to " + args[3]);
    }

    static int build(Path google, Path twitter, Path emojibase, Path out) throws IOException {
        Files.createDirectories(out);
        JsonObject messages = read(emojibase.resolve("en/messages.json")).getAsJsonObject();
        Map<Integer, String> groups = names(messages.getAsJsonArray("groups"));
        Map<Integer, String> subgroups = names(messages.getAsJsonArray("subgroups"));
        Map<String, JsonObject> labels = new HashMap<>();
        for (JsonElement e : read(emojibase.resolve("en/data.json")).getAsJsonArray()) {
            JsonObject o = e.getAsJsonObject();
            labels.put(normalise(o.get("hexcode").getAsString()), o);
        }
        Map<String, String> twitterCells = cells(twitter.resolve("emoji.json"), "has_img_twitter");
        List<String> lines = new ArrayList<>();
        lines.add(EmojiDataset.HEADER);
        for (JsonElement e : read(google.resolve("emoji.json")).getAsJsonArray()) {
            JsonObject o = e.getAsJsonObject();
            String id = normalise(o.get("unified").getAsString());
            JsonObject label = labels.get(id);
            if (label == null || !label.has("group") || !label.has("subgroup")
                    || COMPONENTS.equals(groups.get(label.get("group").getAsInt()))) {
                continue; // skin-tone swatches and hair components are not concepts
            }
            StringBuilder caption = new StringBuilder(label.get("label").getAsString());
            if (label.has("tags") && !label.getAsJsonArray("tags").isEmpty()) {
                List<String> tags = new ArrayList<>();
                label.getAsJsonArray("tags").forEach(t -> tags.add(t.getAsString()));
                caption.append(": ").append(String.join(", ", tags));
            }
            String googleCell = o.get("has_img_google").getAsBoolean() ? cell(o) : "-";
            String twitterCell = twitterCells.getOrDefault(id, "-");
            if ("-".equals(googleCell) && "-".equals(twitterCell)) {
                continue;
            }
            lines.add(String.join("\t", id,
                    groups.get(label.get("group").getAsInt()),
                    subgroups.get(label.get("subgroup").getAsInt()),
                    googleCell, twitterCell, clean(caption.toString())));
        }
        try (Writer w = Files.newBufferedWriter(out.resolve(EmojiDataset.METADATA), StandardCharsets.UTF_8)) {
            for (String line : lines) {
                w.write(line);
                w.write('\n');
            }
        }
        Files.copy(google.resolve("img/google/sheets-256/32.png"), out.resolve("google-32.png"),
                StandardCopyOption.REPLACE_EXISTING);
        Files.copy(twitter.resolve("img/twitter/sheets-256/32.png"), out.resolve("twitter-32.png"),
                StandardCopyOption.REPLACE_EXISTING);
        Files.copy(google.resolve("LICENSE"), out.resolve("LICENSE-emoji-datasource.txt"),
                StandardCopyOption.REPLACE_EXISTING);
        Files.copy(emojibase.resolve("LICENSE"), out.resolve("LICENSE-emojibase-data.txt"),
                StandardCopyOption.REPLACE_EXISTING);
        return lines.size() - 1;
    }

    private static Map<String, String> cells(Path emojiJson, String flag) throws IOException {
        Map<String, String> cells = new HashMap<>();
        for (JsonElement e : read(emojiJson).getAsJsonArray()) {
            JsonObject o = e.getAsJsonObject();
            if (o.get(flag).getAsBoolean()) {
                cells.put(normalise(o.get("unified").getAsString()), cell(o));
            }
        }
        return cells;
    }

    private static String cell(JsonObject o) {
        return o.get("sheet_x").getAsInt() + ":" + o.get("sheet_y").getAsInt();
    }

    private static Map<Integer, String> names(JsonArray entries) {
        Map<Integer, String> names = new HashMap<>();
        for (JsonElement e : entries) {
            JsonObject o = e.getAsJsonObject();
            names.put(o.get("order").getAsInt(), o.get("message").getAsString());
        }
        return names;
    }

    /** Upper-case code points without the FE0F variation selector: the join key. */
    static String normalise(String hexcode) {
        List<String> parts = new ArrayList<>();
        for (String part : hexcode.toUpperCase(Locale.ROOT).split("-")) {
            if (!part.equals("FE0F")) {
                parts.add(part);
            }
        }
        return String.join("-", parts);
    }

    private static String clean(String text) {
        return text.replace('\t', ' ').replace('\n', ' ').trim();
    }

    private static JsonElement read(Path file) throws IOException {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return JsonParser.parseReader(r);
        }
    }
}
