package io.github.setclip.tasks.imagetext;

import io.github.setclip.data.DamagedFileException;
import io.github.setclip.data.InvalidSettingException;
import io.github.setclip.data.JsonFile;
import io.github.setclip.data.text.CaptionTokenizer;
import io.github.setclip.data.text.WordLevelTokenizerBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * The tokenizer of a run with text: {@code RUN_DIR/tokenizer/tokenizer.json}, either the user's
 * own (checked, then copied in, so the run folder stays self-contained) or built from the training
 * captions. Evaluation reuses the run's file, so a model always meets the ids it was trained on.
 * A broken file is reported under its own name: the user's before it is copied, the run's when it
 * is read back.
 */
public final class RunTokenizer {

    private RunTokenizer() {}

    /**
     * Returns the run's tokenizer file, creating it when asked.
     *
     * @param runDirectory the run folder
     * @param given a tokenizer.json (or its folder) to copy, or {@code null} to build one
     * @param trainingCaptions the captions to build a vocabulary from
     * @param create whether a missing file may be created
     * @return the tokenizer.json in the run folder
     * @throws InvalidSettingException if the given file is missing or not a usable tokenizer
     * @throws DamagedFileException if the run's own file is not a usable tokenizer
     * @throws IOException if it cannot be written
     */
    public static Path prepare(Path runDirectory, Path given, List<String> trainingCaptions,
            boolean create) throws IOException {
        Path dir = runDirectory.resolve("tokenizer");
        Path file = dir.resolve(WordLevelTokenizerBuilder.FILE_NAME);
        if (Files.exists(file)) {
            String problem = problem(file);
            if (problem != null) {
                throw new DamagedFileException(file, problem);
            }
            return file;
        }
        if (!create) {
            throw new IllegalArgumentException("run folder " + runDirectory + " has no " + file
                    + "; is it a setclip run?");
        }
        if (given != null) {
            Path source = Files.isDirectory(given) ? given.resolve("tokenizer.json") : given;
            if (!Files.isRegularFile(source)) {
                throw new InvalidSettingException("tokenizer", "names no tokenizer.json: " + given);
            }
            String problem = problem(source);
            if (problem != null) {
                throw new InvalidSettingException("tokenizer", source + " " + problem);
            }
            Files.createDirectories(dir);
            Path temp = Files.createTempFile(dir, WordLevelTokenizerBuilder.FILE_NAME, ".tmp");
            try {
                Files.copy(source, temp, StandardCopyOption.REPLACE_EXISTING);
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temp);
            }
        } else {
            Files.createDirectories(dir);
            WordLevelTokenizerBuilder.builder().build(trainingCaptions, dir);
        }
        return file;
    }

    /**
     * Returns the run's tokenizer file for a text tower: a pretrained tower's own (MiniLM's, out
     * of its jar; a user's encoder's, given), else as {@link #prepare}.
     *
     * @param text the text tower
     * @param runDirectory the run folder
     * @param given a tokenizer.json to copy, or {@code null}
     * @param trainingCaptions the captions to build a vocabulary from (builtin tower)
     * @param create whether a missing file may be created
     * @return the tokenizer.json in the run folder
     * @throws IOException if it cannot be read or written
     */
    public static Path prepare(TextTowerSpec text, Path runDirectory, Path given, List<String> trainingCaptions,
            boolean create) throws IOException {
        if ("minilm".equals(text.kind()) && given == null && create
                && !Files.exists(runDirectory.resolve("tokenizer").resolve(WordLevelTokenizerBuilder.FILE_NAME))) {
            Path temp = Files.createTempDirectory("setclip-minilm");
            try {
                return prepare(runDirectory, MiniLm.writeTokenizer(temp), trainingCaptions, true);
            } finally {
                Files.deleteIfExists(temp.resolve("tokenizer.json"));
                Files.deleteIfExists(temp);
            }
        }
        return prepare(runDirectory, given, trainingCaptions, create);
    }

    /** What keeps a file from being loaded as a tokenizer, phrased to follow its name, or {@code null}. */
    private static String problem(Path file) throws IOException {
        try {
            JsonFile.read(file);
        } catch (DamagedFileException e) {
            return e.problem();
        }
        try (CaptionTokenizer tokenizer = CaptionTokenizer.builder().setTokenizerPath(file).build()) {
            return null;
        } catch (IOException | RuntimeException e) {
            String why = e.getMessage() == null ? e.toString()
                    : e.getMessage().replace(file.toString(), "").trim();
            return "is not a usable tokenizer.json (" + why + ")";
        }
    }
}
