package io.github.setclip.data.captions;

import ai.djl.util.Progress;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.github.setclip.data.BadInputException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Indexes one source of pictures without captions: a folder, searched recursively for PNG, JPEG,
 * GIF and BMP files (by extension, in the order of their relative paths), or a listing, a {@code
 * .csv} with an {@code image} column or a {@code .jsonl} of {@code {"image": ...}} objects, whose
 * paths resolve against the image root and must stay inside it. Every picture is read once, its
 * header checked (not decoded) and its bytes hashed; nothing is kept but the paths. The reads run
 * on the common fork-join pool.
 */
final class UnpairedPictures {

    private static final Set<String> EXTENSIONS = Set.of("png", "jpg", "jpeg", "gif", "bmp");

    /**
     * One indexed source.
     *
     * @param files the usable pictures, absolute and normalised, in index order
     * @param skipped one line per file skipped as bad (empty when failing on the first)
     * @param summary path, count and content hash
     */
    record Indexed(List<Path> files, List<String> skipped, SourceSummary summary) {}

    private UnpairedPictures() {}

    /**
     * Indexes a source.
     *
     * @param source a folder or a .csv/.jsonl listing
     * @param imageRoot folder listed paths resolve against
     * @param skipBad name bad files in {@link Indexed#skipped()} instead of failing on the first
     * @param progress told of every file checked, or {@code null}
     * @return the index
     * @throws BadInputException for a missing source, an empty folder, a listing without pictures,
     *     and (unless skipping) the first bad entry: a path escaping the root, a missing or unreadable
     *     picture
     * @throws IOException if the source cannot be listed
     */
    static Indexed index(Path source, Path imageRoot, boolean skipBad, Progress progress) throws IOException {
        List<String> skipped = new ArrayList<>();
        List<Entry> entries = Files.isDirectory(source) ? walk(source) : listing(source, imageRoot, skipBad, skipped);
        if (entries.isEmpty() && skipped.isEmpty()) {
            throw new BadInputException(source + ": " + (Files.isDirectory(source)
                    ? "no PNG, JPEG, GIF or BMP pictures in this folder (searched recursively)"
                    : "lists no pictures"));
        }
        byte[][] hashes = new byte[entries.size()][];
        String[] problems = new String[entries.size()];
        if (progress != null) {
            progress.reset("Pictures", entries.size());
        }
        Object lock = new Object();
        int[] done = {0};
        IntStream.range(0, entries.size()).parallel().forEach(i -> {
            Path file = entries.get(i).file();
            try {
                byte[] bytes = Files.readAllBytes(file);
                problems[i] = ImageCheck.problem(file, bytes);
                hashes[i] = Sha256.digest().digest(bytes);
            } catch (IOException | SecurityException e) {
                problems[i] = ImageCheck.problem(file); // missing, not a file, no permission
                if (problems[i].isEmpty()) {
                    problems[i] = "unreadable image " + file + " (" + e.getMessage() + ")";
                }
            }
            if (progress != null) {
                synchronized (lock) {
                    if (++done[0] % 256 == 0 || done[0] == entries.size()) {
                        progress.update(done[0]);
                    }
                }
            }
        });
        if (progress != null) {
            progress.end();
        }
        MessageDigest content = Sha256.digest();
        List<Path> files = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            Entry entry = entries.get(i);
            if (!problems[i].isEmpty()) {
                bad(entry.where() == null ? problems[i] : entry.where() + ": " + problems[i], skipBad, skipped);
                continue;
            }
            content.update(entry.name().getBytes(StandardCharsets.UTF_8));
            content.update((byte) 0);
            content.update(hashes[i]);
            files.add(entry.file());
        }
        if (files.isEmpty()) {
            throw new BadInputException(source + ": none of its " + (entries.size() + skipped.size())
                    + " pictures is usable (first: " + skipped.get(0) + ")");
        }
        return new Indexed(List.copyOf(files), List.copyOf(skipped),
                new SourceSummary("images", source, files.size(), Sha256.hex(content.digest())));
    }

    /** A picture to check: its file, its name in the content hash, and the listing line naming it (or null). */
    private record Entry(Path file, String name, String where) {}

    private static void bad(String message, boolean skipBad, List<String> skipped) {
        if (!skipBad) {
            throw new BadInputException(message + " (use --skip-bad to skip such files; they are then"
                    + " named in the run folder's skipped.log)");
        }
        skipped.add(message);
    }

    private static List<Entry> walk(Path folder) throws IOException {
        Path root = folder.toAbsolutePath().normalize();
        try (Stream<Path> paths = Files.walk(root)) {
            return paths.filter(p -> isPicture(p) && Files.isRegularFile(p))
                    .map(p -> root.relativize(p).toString().replace('\\', '/')).sorted()
                    .map(name -> new Entry(root.resolve(name), name, null)).toList();
        } catch (UncheckedIOException e) {
            throw new BadInputException(folder + ": cannot be searched: " + e.getCause().getMessage());
        }
    }

    private static boolean isPicture(Path path) {
        String name = path.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot >= 0 && EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    private static List<Entry> listing(Path file, Path imageRoot, boolean skipBad, List<String> skipped)
            throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new BadInputException(file + ": no such folder or file");
        }
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        Path root = (imageRoot != null ? imageRoot : file.toAbsolutePath().getParent()).toAbsolutePath().normalize();
        List<Entry> entries = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            if (name.endsWith(".csv")) {
                readCsv(file, reader, root, entries, skipBad, skipped);
            } else if (name.endsWith(".jsonl")) {
                readJsonl(file, reader, root, entries, skipBad, skipped);
            } else {
                throw new BadInputException(file + ": unpaired pictures are a folder, or a .csv (with an"
                        + " image column) or .jsonl listing of picture paths");
            }
        }
        return entries;
    }

    private static void readCsv(Path file, Reader reader, Path root, List<Entry> entries, boolean skipBad,
            List<String> skipped) throws IOException {
        CSVFormat format = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true)
                .setIgnoreSurroundingSpaces(true).setIgnoreHeaderCase(true).get();
        try (CSVParser parser = CSVParser.builder().setReader(reader).setFormat(format).get()) {
            if (!parser.getHeaderMap().containsKey("image")) {
                throw new BadInputException(file + ": the header must name an image column, got "
                        + parser.getHeaderNames());
            }
            for (CSVRecord record : parser) {
                String where = file + ":" + (record.getRecordNumber() + 1);
                add(record.isSet("image") ? record.get("image") : "", where, root, entries, skipBad, skipped);
            }
        } catch (UncheckedIOException e) {
            throw new BadInputException(file + ": malformed CSV: " + e.getCause().getMessage());
        }
    }

    private static void readJsonl(Path file, BufferedReader reader, Path root, List<Entry> entries,
            boolean skipBad, List<String> skipped) throws IOException {
        int number = 0;
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            number++;
            if (line.isBlank()) {
                continue;
            }
            String where = file + ":" + number;
            String image;
            try {
                JsonElement json = JsonParser.parseString(line);
                JsonElement value = json.isJsonObject() ? ((JsonObject) json).get("image") : null;
                image = value == null || !value.isJsonPrimitive() ? null : value.getAsString();
            } catch (JsonParseException e) {
                image = null;
            }
            if (image == null) {
                bad(where + ": not a JSON object with an image path", skipBad, skipped);
                continue;
            }
            add(image, where, root, entries, skipBad, skipped);
        }
    }

    private static void add(String listed, String where, Path root, List<Entry> entries, boolean skipBad,
            List<String> skipped) {
        String trimmed = listed.trim();
        if (trimmed.isEmpty()) {
            bad(where + ": empty image path", skipBad, skipped);
            return;
        }
        Path resolved = root.resolve(trimmed).normalize();
        if (!resolved.startsWith(root)) {
            bad(where + ": " + trimmed + " escapes the image root " + root, skipBad, skipped);
            return;
        }
        entries.add(new Entry(resolved, root.relativize(resolved).toString().replace('\\', '/'), where));
    }
}
