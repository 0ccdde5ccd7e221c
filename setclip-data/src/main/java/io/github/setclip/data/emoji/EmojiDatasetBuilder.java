package io.github.setclip.data.emoji;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Derives the embedded emoji dataset from the unpacked npm packages, so anyone can rebuild it
 * (the exact commands are in docs/datasets.md):
 *
 * <pre>
 * java -cp setclip-data/target/classes:$(cat cp.txt) io.github.setclip.data.emoji.EmojiDatasetBuilder \
 *     google/package twitter/package emojibase/package \
 *     setclip-data/src/main/resources/io/github/setclip/data/emoji
 * </pre>
 *
 * <p>It joins emoji-datasource's {@code emoji.json} (sheet cells) with emojibase's English {@code
 * data.json} (label, tags, group, subgroup) on the code point, with the FE0F variation selector
 * removed from both sides, keeps every emoji of the nine groups (the "components" group of
 * skin-tone swatches and hair parts is left out, and so are skin-tone variants), writes {@code
 * emoji.tsv}, checks that every cell it names sits on the 34 px grid of the sheet (a transparent
 * one-pixel ring around a drawn 32 px picture), and copies each vendor's 256-colour 32 px sheet
 * ({@code img/<set>/sheets-256/32.png}) and the packages' licences. The licences of the graphics
 * themselves (Apache-2.0, CC-BY-4.0) and of the CLDR data are not in the packages; they are kept
 * in the resource folder by hand.
 */
public final class EmojiDatasetBuilder {

    private static final String COMPONENTS = "components";
    private static final int STRIDE = EmojiDataset.SIZE + 2;

    private EmojiDatasetBuilder() {}

    /**
     * What a build joined, left out and wrote.
     *
     * @param datasourceEmoji base emoji in emoji-datasource's {@code emoji.json}
     * @param skinVariants skin-tone variants listed there (never written)
     * @param joined base emoji that found their emojibase entry
     * @param joinedVerbatim of those, how many had the same hexcode before FE0F was removed
     * @param unmatchedDatasource emoji-datasource code points without an emojibase entry
     * @param unmatchedEmojibase emojibase entries without an emoji-datasource picture
     * @param components joined emoji left out as members of the "components" group
     * @param pictures pictures written per vendor
     * @param concepts concepts written
     */
    record Summary(int datasourceEmoji, int skinVariants, int joined, int joinedVerbatim,
            List<String> unmatchedDatasource, List<String> unmatchedEmojibase, int components,
            Map<String, Integer> pictures, int concepts) {

        @Override
        public String toString() {
            return "emoji-datasource: " + datasourceEmoji + " emoji (" + skinVariants
                    + " skin-tone variants left out)\n"
                    + "joined on code points without FE0F: " + joined + " (" + joinedVerbatim
                    + " with identical hexcodes); unmatched: " + unmatchedDatasource + "\n"
                    + "emojibase entries without a picture: " + unmatchedEmojibase.size() + " "
                    + unmatchedEmojibase + "\n"
                    + "left out as components: " + components + "\n"
                    + "pictures: " + pictures + "\n"
                    + "wrote " + concepts + " concepts";
        }
    }

    /**
     * Builds the dataset.
     *
     * @param args google package dir, twitter package dir, emojibase-data package dir, output dir
     * @throws IOException if a file cannot be read or written, or a sheet is not the expected grid
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 4) {
            System.err.println("usage: EmojiDatasetBuilder GOOGLE_PKG TWITTER_PKG EMOJIBASE_PKG OUT_DIR");
            System.exit(2);
        }
        Summary summary = build(Path.of(args[0]), Path.of(args[1]), Path.of(args[2]), Path.of(args[3]));
        System.out.println(summary + " to " + args[3]);
    }

    static Summary build(Path google, Path twitter, Path emojibase, Path out) throws IOException {
        JsonObject messages = read(emojibase.resolve("en/messages.json")).getAsJsonObject();
        Map<Integer, String> groups = names(messages.getAsJsonArray("groups"));
        Map<Integer, String> subgroups = names(messages.getAsJsonArray("subgroups"));
        Map<String, JsonObject> labels = new LinkedHashMap<>();
        for (JsonElement e : read(emojibase.resolve("en/data.json")).getAsJsonArray()) {
            JsonObject o = e.getAsJsonObject();
            labels.put(normalise(o.get("hexcode").getAsString()), o);
        }
        Map<String, int[]> twitterCells = cells(twitter.resolve("emoji.json"), "has_img_twitter");
        Map<String, List<int[]>> used = new LinkedHashMap<>();
        used.put("google", new ArrayList<>());
        used.put("twitter", new ArrayList<>());

        List<String> lines = new ArrayList<>();
        lines.add(EmojiDataset.HEADER);
        List<String> unmatched = new ArrayList<>();
        List<String> pictured = new ArrayList<>();
        int emoji = 0;
        int skinVariants = 0;
        int verbatim = 0;
        int components = 0;
        for (JsonElement e : read(google.resolve("emoji.json")).getAsJsonArray()) {
            JsonObject o = e.getAsJsonObject();
            emoji++;
            if (o.has("skin_variations")) {
                skinVariants += o.getAsJsonObject("skin_variations").size();
            }
            String id = normalise(o.get("unified").getAsString());
            JsonObject label = labels.get(id);
            if (label == null) {
                unmatched.add(o.get("unified").getAsString());
                continue;
            }
            pictured.add(id);
            if (label.get("hexcode").getAsString().equalsIgnoreCase(o.get("unified").getAsString())) {
                verbatim++;
            }
            if (!label.has("group") || !label.has("subgroup")
                    || COMPONENTS.equals(groups.get(label.get("group").getAsInt()))) {
                components++;
                continue; // skin-tone swatches and hair components are not concepts
            }
            StringBuilder caption = new StringBuilder(label.get("label").getAsString());
            if (label.has("tags") && !label.getAsJsonArray("tags").isEmpty()) {
                List<String> tags = new ArrayList<>();
                label.getAsJsonArray("tags").forEach(t -> tags.add(t.getAsString()));
                caption.append(": ").append(String.join(", ", tags));
            }
            int[] googleCell = o.get("has_img_google").getAsBoolean() ? cell(o) : null;
            int[] twitterCell = twitterCells.get(id);
            if (googleCell == null && twitterCell == null) {
                continue;
            }
            if (googleCell != null) {
                used.get("google").add(googleCell);
            }
            if (twitterCell != null) {
                used.get("twitter").add(twitterCell);
            }
            lines.add(String.join("\t", id,
                    groups.get(label.get("group").getAsInt()),
                    subgroups.get(label.get("subgroup").getAsInt()),
                    format(googleCell), format(twitterCell), clean(caption.toString())));
        }
        List<String> withoutPicture = new ArrayList<>(labels.keySet());
        withoutPicture.removeAll(pictured);

        Path googleSheet = google.resolve("img/google/sheets-256/32.png");
        Path twitterSheet = twitter.resolve("img/twitter/sheets-256/32.png");
        checkGrid(googleSheet, used.get("google"));
        checkGrid(twitterSheet, used.get("twitter"));

        Files.createDirectories(out);
        try (Writer w = Files.newBufferedWriter(out.resolve(EmojiDataset.METADATA), StandardCharsets.UTF_8)) {
            for (String line : lines) {
                w.write(line);
                w.write('\n');
            }
        }
        Files.copy(googleSheet, out.resolve("google-32.png"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(twitterSheet, out.resolve("twitter-32.png"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(google.resolve("LICENSE"), out.resolve("LICENSE-emoji-datasource.txt"),
                StandardCopyOption.REPLACE_EXISTING);
        Files.copy(emojibase.resolve("LICENSE"), out.resolve("LICENSE-emojibase-data.txt"),
                StandardCopyOption.REPLACE_EXISTING);
        Map<String, Integer> pictures = new LinkedHashMap<>();
        used.forEach((vendor, cells) -> pictures.put(vendor, cells.size()));
        return new Summary(emoji, skinVariants, pictured.size(), verbatim, unmatched,
                withoutPicture, components, pictures, lines.size() - 1);
    }

    /**
     * Checks that the sheet is a grid of 34 px cells and that each used cell holds a drawn picture
     * inside a fully transparent one-pixel ring, so a wrong cell size or padding fails the build
     * instead of shifting every picture.
     */
    static void checkGrid(Path sheetFile, List<int[]> cells) throws IOException {
        BufferedImage sheet = ImageIO.read(sheetFile.toFile());
        if (sheet == null) {
            throw new IOException(sheetFile + ": not a readable PNG");
        }
        if (sheet.getWidth() % STRIDE != 0 || sheet.getHeight() % STRIDE != 0) {
            throw new IOException(sheetFile + ": " + sheet.getWidth() + "x" + sheet.getHeight()
                    + " is not a grid of " + STRIDE + " px cells");
        }
        int[] argb = new int[STRIDE * STRIDE];
        for (int[] cell : cells) {
            int x0 = cell[0] * STRIDE;
            int y0 = cell[1] * STRIDE;
            if (x0 + STRIDE > sheet.getWidth() || y0 + STRIDE > sheet.getHeight()) {
                throw new IOException(sheetFile + ": cell " + format(cell) + " lies outside the sheet");
            }
            sheet.getRGB(x0, y0, STRIDE, STRIDE, argb, 0, STRIDE);
            boolean drawn = false;
            for (int y = 0; y < STRIDE; y++) {
                for (int x = 0; x < STRIDE; x++) {
                    boolean ring = x == 0 || y == 0 || x == STRIDE - 1 || y == STRIDE - 1;
                    int alpha = argb[y * STRIDE + x] >>> 24;
                    if (ring && alpha != 0) {
                        throw new IOException(sheetFile + ": cell " + format(cell)
                                + " has an opaque pixel in its padding ring; not a 32 + 2 px grid?");
                    }
                    drawn |= !ring && alpha != 0;
                }
            }
            if (!drawn) {
                throw new IOException(sheetFile + ": cell " + format(cell) + " is empty");
            }
        }
    }

    private static Map<String, int[]> cells(Path emojiJson, String flag) throws IOException {
        Map<String, int[]> cells = new HashMap<>();
        for (JsonElement e : read(emojiJson).getAsJsonArray()) {
            JsonObject o = e.getAsJsonObject();
            if (o.get(flag).getAsBoolean()) {
                cells.put(normalise(o.get("unified").getAsString()), cell(o));
            }
        }
        return cells;
    }

    private static int[] cell(JsonObject o) {
        return new int[] {o.get("sheet_x").getAsInt(), o.get("sheet_y").getAsInt()};
    }

    private static String format(int[] cell) {
        return cell == null ? "-" : cell[0] + ":" + cell[1];
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
