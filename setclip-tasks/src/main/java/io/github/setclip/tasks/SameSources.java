package io.github.setclip.tasks;

import ai.djl.util.JsonUtils;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.github.setclip.data.BadInputException;
import java.nio.file.Path;
import java.util.Map;

/**
 * A resumed run must see the unpaired sources it started with: their items are numbered in index
 * order, so an added, removed or changed picture or text would silently change every later batch.
 * Compares the sources config.json recorded (path, count, SHA-256) with the ones indexed now.
 */
final class SameSources {

    private SameSources() {}

    /**
     * @param stored the run's config.json
     * @param now the task's description now ({@code unpaired.sources}, if any)
     * @param file config.json, for the message
     * @throws BadInputException naming the first source that differs
     */
    static void require(JsonObject stored, Map<String, Object> now, Path file) {
        JsonElement data = stored.get("data");
        JsonElement was = data != null && data.isJsonObject() && data.getAsJsonObject().has("unpaired")
                ? data.getAsJsonObject().getAsJsonObject("unpaired").get("sources") : new JsonArray();
        Object unpaired = now.get("unpaired");
        JsonElement is = unpaired == null ? new JsonArray()
                : JsonUtils.GSON.toJsonTree(unpaired).getAsJsonObject().get("sources");
        JsonArray before = was.getAsJsonArray();
        JsonArray after = is.getAsJsonArray();
        for (int i = 0; i < Math.max(before.size(), after.size()); i++) {
            JsonObject a = i < before.size() ? before.get(i).getAsJsonObject() : null;
            JsonObject b = i < after.size() ? after.get(i).getAsJsonObject() : null;
            if (a == null || b == null || !a.equals(b)) {
                JsonObject named = a != null ? a : b;
                throw new BadInputException(named.get("path").getAsString() + " has changed since the run started"
                        + " (" + describe(a) + " in " + file + ", " + describe(b) + " now): resuming on other"
                        + " unpaired data would not repeat the run; restore it or start a new run");
            }
        }
    }

    private static String describe(JsonObject source) {
        return source == null ? "absent" : source.get("count").getAsInt() + " items, SHA-256 "
                + source.get("sha256").getAsString().substring(0, 12) + "...";
    }
}
