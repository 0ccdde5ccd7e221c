package io.github.setclip.data.captions;

import ai.djl.util.JsonUtils;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import io.github.setclip.data.BadInputException;
import io.github.setclip.data.BadRows;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The Karpathy split JSON of Flickr8k, Flickr30k, COCO and RSICD: {@code {"images": [{"filename":
 * ..., "filepath": optional subfolder (COCO), "split": "train"|"val"|"test"|"restval",
 * "sentences": [{"raw": ...}, ...]}, ...]}}. Each sentence becomes a record, so an image with five
 * captions gives five records sharing its path; {@code restval} counts as {@code train}, as in the
 * usual COCO training set-up. An image whose file is missing or unreadable, or with no non-empty
 * sentence, is a bad row named by its index in {@code images[]}; so is an empty sentence
 * ({@code images[i].sentences[j]}).
 */
public final class KarpathySplits {

    private KarpathySplits() {}

    /**
     * Reads the file.
     *
     * @param json the split file
     * @param imageRoot the folder the image file names are relative to, or {@code null} for the
     *     JSON file's folder
     * @param policy what to do with bad rows
     * @return one record per usable sentence
     * @throws IOException if the file cannot be read
     */
    public static List<CaptionRecord> read(Path json, Path imageRoot, BadRows policy) throws IOException {
        if (!Files.isRegularFile(json)) {
            throw new BadInputException(json + ": no such file");
        }
        Path root = imageRoot != null ? imageRoot : json.toAbsolutePath().getParent();
        JsonObject top;
        try (Reader reader = Files.newBufferedReader(json)) {
            top = JsonUtils.GSON.fromJson(reader, JsonObject.class);
        } catch (JsonParseException e) {
            throw new BadInputException(json + ": not valid JSON (" + e.getMessage() + ")");
        }
        if (top == null || !top.has("images") || !top.get("images").isJsonArray()) {
            throw new BadInputException(json + ": expected a top-level object with an images array");
        }
        JsonArray images = top.getAsJsonArray("images");
        List<CaptionRecord> records = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            String where = json + ": images[" + i + "]";
            JsonElement e = images.get(i);
            if (!e.isJsonObject() || !e.getAsJsonObject().has("filename")) {
                policy.bad(where, "no filename");
                continue;
            }
            JsonObject image = e.getAsJsonObject();
            String file = image.get("filename").getAsString();
            if (image.has("filepath") && !image.get("filepath").isJsonNull()) {
                file = image.get("filepath").getAsString() + "/" + file;
            }
            String split = image.has("split") ? image.get("split").getAsString().toLowerCase(Locale.ROOT) : null;
            if ("restval".equals(split)) {
                split = "train";
            }
            List<String> sentences = new ArrayList<>();
            if (image.has("sentences") && image.get("sentences").isJsonArray()) {
                JsonArray all = image.getAsJsonArray("sentences");
                for (int j = 0; j < all.size(); j++) {
                    JsonElement s = all.get(j);
                    String raw = s.isJsonObject() && s.getAsJsonObject().has("raw")
                            ? s.getAsJsonObject().get("raw").getAsString().trim() : "";
                    if (raw.isEmpty()) {
                        policy.bad(where + ".sentences[" + j + "]", "empty sentence");
                    } else {
                        sentences.add(raw);
                    }
                }
            }
            if (sentences.isEmpty()) {
                policy.bad(where, "no non-empty sentence for " + file);
                continue;
            }
            Path path = root.resolve(file);
            if (!ImageCheck.usable(path, where, policy)) {
                continue;
            }
            for (String sentence : sentences) {
                records.add(new CaptionRecord(path, sentence, null, split, where));
            }
        }
        return records;
    }
}
