package io.github.setclip.tasks.imagetext;

import io.github.setclip.data.text.WordLevelTokenizerBuilder;
import io.github.setclip.train.InvalidSettingException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * The tokenizer of a run with text: {@code RUN_DIR/tokenizer/tokenizer.json}, either the user's
 * own (copied in, so the run folder stays self-contained) or built from the training captions.
 * Evaluation reuses the run's file, so a model always meets the ids it was trained on.
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
     * @throws IOException if it cannot be written
     */
    public static Path prepare(Path runDirectory, Path given, List<String> trainingCaptions,
            boolean create) throws IOException {
        Path dir = runDirectory.resolve("tokenizer");
        Path file = dir.resolve(WordLevelTokenizerBuilder.FILE_NAME);
        if (Files.exists(file)) {
            return file;
        }
        if (!create) {
            throw new IllegalArgumentException("run folder " + runDirectory + " has no " + file
                    + "; is it a setclip run?");
        }
        Files.createDirectories(dir);
        if (given != null) {
            Path source = Files.isDirectory(given) ? given.resolve("tokenizer.json") : given;
            if (!Files.isRegularFile(source)) {
                throw new InvalidSettingException("tokenizer", "names no tokenizer.json: " + given);
            }
            Files.copy(source, file, StandardCopyOption.REPLACE_EXISTING);
        } else {
            WordLevelTokenizerBuilder.builder().build(trainingCaptions, dir);
        }
        return file;
    }
}
