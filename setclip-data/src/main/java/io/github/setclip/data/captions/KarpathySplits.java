package io.github.setclip.data.captions;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.MalformedJsonException;
import io.github.setclip.data.BadInputException;
import io.github.setclip.data.BadRows;
import java.io.BufferedReader;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The Karpathy split JSON of Flickr8k, Flickr30k, COCO and RSICD ({@code dataset_flickr8k.json}
 * and friends):
 *
 * <pre>{@code
 * {"images": [{"filename": "1000268201.jpg", "filepath": "val2014" (optional, COCO),
 *              "split": "train" | "val" | "test" | "restval",
 *              "sentences": [{"raw": "A child climbing stairs."}, ...], ...}, ...], ...}
 * }</pre>
 *
 * <p>Each non-empty sentence becomes a {@link CaptionRecord}, so an image with five captions gives
 * five records sharing its path ({@code imageRoot/filepath/filename}). {@code restval} (COCO
 * validation images Karpathy's split gives to training) counts as {@code train}. Other keys are
 * ignored. The file is read as a stream, one image object at a time, so COCO's large file does not
 * have to fit in memory as a JSON tree.
 *
 * <p>Bad rows, named by file and {@code images[i]} index: no filename, an unknown split, no
 * sentences, a missing or unreadable image (one bad row for the image, whatever its number of
 * sentences); an empty sentence is a bad row of its own ({@code images[i].sentences[j]}), the
 * image's other sentences are kept. Invalid JSON, or no top-level {@code images} array, is an error.
 */
public final class KarpathySplits {

    private KarpathySplits() {}

    /**
     * Reads the file.
     *
     * @param json the split file
     * @param imageRoot the folder the image paths are relative to, or {@code null} for the JSON
     *     file's folder
     * @param policy what to do with bad rows
     * @return one record per usable sentence, in file order
     * @throws IOException if the file cannot be read
     * @throws BadInputException for a bad row (when failing), invalid JSON or no images array
     */
    public static List<CaptionRecord> read(Path json, Path imageRoot, BadRows policy) throws IOException {
        if (!Files.isRegularFile(json)) {
            throw new BadInputException(json + ": no such file");
        }
        Path root = imageRoot != null ? imageRoot : json.toAbsolutePath().getParent();
        ImageCheck check = new ImageCheck();
        List<CaptionRecord> records = new ArrayList<>();
        int index = -1;
        boolean sawImages = false;
        try (BufferedReader text = Files.newBufferedReader(json, StandardCharsets.UTF_8);
                JsonReader reader = new JsonReader(text)) {
            text.mark(1);
            if (text.read() != '\uFEFF') {
                text.reset();
            }
            if (reader.peek() != JsonToken.BEGIN_OBJECT) {
                throw new BadInputException(json + ": expected a top-level object {\"images\": [...]}, got "
                        + reader.peek());
            }
            reader.beginObject();
            while (reader.hasNext()) {
                String name = reader.nextName();
                if (!"images".equals(name) || reader.peek() != JsonToken.BEGIN_ARRAY) {
                    reader.skipValue();
                    continue;
                }
                sawImages = true;
                reader.beginArray();
                while (reader.hasNext()) {
                    index++;
                    image(JsonParser.parseReader(reader), json + ": images[" + index + "]", root, check,
                            policy, records);
                }
                reader.endArray();
            }
            reader.endObject();
        } catch (MalformedJsonException | EOFException | JsonParseException | IllegalStateException e) {
            throw new BadInputException(json + ": invalid JSON" + (index >= 0 ? " in or after images["
                    + index + "]" : "") + " (" + e.getMessage() + ")", e);
        }
        if (!sawImages) {
            throw new BadInputException(json + ": no top-level \"images\" array; expected a Karpathy"
                    + " split file {\"images\": [{\"filename\": ..., \"split\": ..., \"sentences\": [...]}]}");
        }
        return records;
    }

    private static void image(JsonElement element, String where, Path root, ImageCheck check,
            BadRows policy, List<CaptionRecord> records) {
        if (!element.isJsonObject()) {
            policy.bad(where, "expected an object, got " + abbreviated(element));
            return;
        }
        JsonObject image = element.getAsJsonObject();
        String filename = string(image, "filename");
        if (filename == null || filename.isBlank()) {
            policy.bad(where, "no filename");
            return;
        }
        String filepath = string(image, "filepath");
        String split;
        try {
            split = SplitNames.canonical(string(image, "split"));
        } catch (IllegalArgumentException e) {
            policy.bad(where, e.getMessage());
            return;
        }
        JsonElement all = image.get("sentences");
        if (all == null || !all.isJsonArray() || all.getAsJsonArray().isEmpty()) {
            policy.bad(where, "no sentences for " + filename + " (expected \"sentences\": [{\"raw\": ...}, ...])");
            return;
        }
        Path path = filepath == null || filepath.isBlank() ? root.resolve(filename.trim())
                : root.resolve(filepath.trim()).resolve(filename.trim());
        if (!check.usable(path, where, policy)) {
            return;
        }
        JsonArray sentences = all.getAsJsonArray();
        for (int j = 0; j < sentences.size(); j++) {
            String source = where + ".sentences[" + j + "]";
            JsonElement s = sentences.get(j);
            String raw = s.isJsonObject() ? string(s.getAsJsonObject(), "raw") : null;
            if (raw == null || raw.isBlank()) {
                policy.bad(source, "empty caption (no \"raw\" text)");
                continue;
            }
            records.add(new CaptionRecord(path, raw.trim(), null, split, source));
        }
    }

    /** A string or number value as text, else {@code null}. */
    private static String string(JsonObject o, String key) {
        JsonElement e = o.get(key);
        return e != null && e.isJsonPrimitive() && !e.getAsJsonPrimitive().isBoolean() ? e.getAsString() : null;
    }

    private static String abbreviated(JsonElement e) {
        String text = e.toString();
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }
}
