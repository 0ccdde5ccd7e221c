package io.github.setclip.tasks.imagetext;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.github.setclip.data.InvalidSettingException;
import java.util.List;

/** Reading tower sources: {@code KIND} or {@code KIND:FILE}, and the JSON fields of the specs. */
final class TowerSource {

    private TowerSource() {}

    /** {@code {kind, file or null}}; the file follows the first colon. */
    static String[] split(String source, String setting) {
        if (source == null || source.isBlank()) {
            throw new InvalidSettingException(setting, "must name an encoder, got nothing");
        }
        int colon = source.indexOf(':');
        if (colon < 0) {
            return new String[] {source, null};
        }
        String file = source.substring(colon + 1);
        if (file.isBlank()) {
            throw new InvalidSettingException(setting, source + " names no file after the colon");
        }
        return new String[] {source.substring(0, colon), file};
    }

    static String text(JsonObject json, String key) {
        JsonElement e = json.get(key);
        return e == null || e.isJsonNull() ? null : e.getAsString();
    }

    static List<Double> doubles(JsonObject json, String key) {
        JsonElement e = json.get(key);
        return e == null || e.isJsonNull() ? null
                : e.getAsJsonArray().asList().stream().map(JsonElement::getAsDouble).toList();
    }
}
