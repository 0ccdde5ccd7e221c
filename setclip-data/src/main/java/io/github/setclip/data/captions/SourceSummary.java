package io.github.setclip.data.captions;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one unpaired source held when it was indexed: recorded in a run's config.json and summary so
 * that a result can be traced to the exact files it was trained on.
 *
 * @param kind {@code images} or {@code texts}
 * @param path the folder or file as given
 * @param count the usable items it contributed before duplicates were dropped
 * @param sha256 hex SHA-256 of its content: for a text file its bytes; for pictures, every listed
 *     picture's path (as found or listed) and bytes, in index order
 */
public record SourceSummary(String kind, Path path, int count, String sha256) {

    /** The summary as JSON-friendly values (the path absolute). */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("kind", kind);
        map.put("path", path.toAbsolutePath().toString());
        map.put("count", count);
        map.put("sha256", sha256);
        return map;
    }
}
