package io.github.setclip.train;

import ai.djl.util.JsonUtils;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.github.setclip.data.DamagedFileException;
import io.github.setclip.data.FileErrors;
import io.github.setclip.data.JsonFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.CRC32;

/**
 * A checkpoint's {@code manifest.json}: the size and CRC-32 of every file in it, written last,
 * just before the folder is renamed into place. A checkpoint whose files no longer match (cut
 * short by a copy, truncated by a disk, deleted, overwritten) is thereby told from a good one
 * without loading anything.
 */
final class CheckpointManifest {

    static final String FILE = "manifest.json";

    private CheckpointManifest() {}

    /** Seals a checkpoint folder whose files are all written. */
    static void write(Path checkpoint) throws IOException {
        Map<String, Map<String, Object>> files = new LinkedHashMap<>();
        for (Path file : files(checkpoint)) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("bytes", Files.size(file));
            entry.put("crc32", crc32(file));
            files.put(file.getFileName().toString(), entry);
        }
        Files.writeString(checkpoint.resolve(FILE),
                JsonUtils.GSON_PRETTY.toJson(Map.of("files", files)) + "\n");
    }

    /**
     * What is wrong with a checkpoint folder, if anything.
     *
     * @param checkpoint the folder
     * @param required files every checkpoint holds
     * @return the problem, phrased to follow the folder's name, or empty
     */
    static Optional<String> problem(Path checkpoint, List<String> required) {
        for (String name : required) {
            if (!Files.isRegularFile(checkpoint.resolve(name))) {
                return Optional.of("has no " + name);
            }
        }
        Path manifest = checkpoint.resolve(FILE);
        if (!Files.exists(manifest)) {
            return Optional.empty(); // written before checkpoints carried a manifest
        }
        try {
            JsonObject files = JsonFile.read(manifest).getAsJsonObject("files");
            for (Map.Entry<String, JsonElement> entry : files.entrySet()) {
                Path file = checkpoint.resolve(entry.getKey());
                JsonObject expected = entry.getValue().getAsJsonObject();
                if (!Files.isRegularFile(file)) {
                    return Optional.of("has no " + entry.getKey());
                }
                long bytes = Files.size(file);
                long written = expected.get("bytes").getAsLong();
                if (bytes != written) {
                    return Optional.of("has " + entry.getKey() + " of " + bytes + " bytes, " + written
                            + " were written (cut short?)");
                }
                if (!crc32(file).equals(expected.get("crc32").getAsString())) {
                    return Optional.of("has a damaged " + entry.getKey()
                            + " (its checksum differs from the one written)");
                }
            }
            return Optional.empty();
        } catch (DamagedFileException e) {
            return Optional.of("has a damaged " + FILE + " (" + e.getMessage() + ")");
        } catch (IOException e) {
            return Optional.of("cannot be read: " + FileErrors.describe(e));
        } catch (RuntimeException e) {
            return Optional.of("has a damaged " + FILE + " (" + e.getMessage() + ")");
        }
    }

    private static List<Path> files(Path folder) throws IOException {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().equals(FILE))
                    .sorted().toList();
        }
    }

    private static String crc32(Path file) throws IOException {
        CRC32 crc = new CRC32();
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                crc.update(buffer, 0, n);
            }
        }
        return String.format(Locale.ROOT, "%08x", crc.getValue());
    }
}
