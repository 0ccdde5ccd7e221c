package io.github.setclip.tasks.imagetext;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.github.setclip.core.pretrained.EncoderFile;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The two towers of an image-text run, as config.json records them (kind, path, SHA-256,
 * pooling, normalisation, locked), so that resuming, evaluating and reopening the run rebuild the
 * same model from the same files.
 *
 * @param image the picture tower
 * @param text the text tower
 */
public record ImageTextTowers(ImageTowerSpec image, TextTowerSpec text) {

    /** Both towers builtin and trained: the default. */
    public static final ImageTextTowers BUILTIN = new ImageTextTowers(ImageTowerSpec.BUILTIN, TextTowerSpec.BUILTIN);

    /** Checks that both are given. */
    public ImageTextTowers {
        if (image == null || text == null) {
            throw new IllegalArgumentException("both towers must be given");
        }
    }

    /** Whether both towers are the builtin, trained ones. */
    public boolean isDefault() {
        return equals(BUILTIN);
    }

    /**
     * The towers with the SHA-256 of their files: computed where none is recorded yet, checked
     * where one is.
     *
     * @return the towers with every file's hash
     * @throws io.github.setclip.core.pretrained.BadEncoderException naming a file that is missing
     *     or whose hash is not the recorded one
     */
    public ImageTextTowers resolved() {
        ImageTowerSpec i = image.file() == null ? image
                : image.withSha256(EncoderFile.of(image.file(), image.sha256()).sha256());
        TextTowerSpec t = text;
        if (text.file() != null) {
            t = text.withSha256(EncoderFile.of(text.file(), text.sha256()).sha256());
        } else if ("minilm".equals(text.kind())) {
            t = text.withSha256(MiniLm.model().expect(text.sha256()).sha256());
        }
        return new ImageTextTowers(i, t);
    }

    /** JSON-friendly values for config.json. */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("image", image.toMap());
        map.put("text", text.toMap());
        return map;
    }

    /**
     * Reads what {@link #toMap} wrote; a run written before towers were recorded has the builtin ones.
     *
     * @param json the object, or {@code null}
     * @return the towers
     */
    public static ImageTextTowers fromJson(JsonElement json) {
        if (json == null || json.isJsonNull()) {
            return BUILTIN;
        }
        JsonObject o = json.getAsJsonObject();
        return new ImageTextTowers(ImageTowerSpec.fromJson(o.getAsJsonObject("image")),
                TextTowerSpec.fromJson(o.getAsJsonObject("text")));
    }
}
