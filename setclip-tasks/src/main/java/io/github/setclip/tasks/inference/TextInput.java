package io.github.setclip.tasks.inference;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import io.github.setclip.data.text.CaptionTokenizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Texts as the run's text tower saw its captions: ids and mask from the run's own tokenizer. */
final class TextInput implements TowerInput<String> {

    private static final int CHUNK = 256;

    private final CaptionTokenizer tokenizer;

    private TextInput(CaptionTokenizer tokenizer) {
        this.tokenizer = tokenizer;
    }

    /**
     * Loads the run's tokenizer.
     *
     * @param tokenizerFile RUN/tokenizer/tokenizer.json
     * @param maxLength tokens per text, as the run's text tower takes them
     * @return the input, to be closed
     * @throws IOException if the file cannot be read
     */
    static TextInput open(Path tokenizerFile, int maxLength) throws IOException {
        return new TextInput(CaptionTokenizer.builder().setTokenizerPath(tokenizerFile)
                .optMaxLength(maxLength).build());
    }

    @Override
    public ModalityKind kind() {
        return ModalityKind.TEXT;
    }

    @Override
    public Class<String> type() {
        return String.class;
    }

    @Override
    public int chunkSize() {
        return CHUNK;
    }

    @Override
    public void check(List<String> texts) {
        TowerInput.requireInputs("texts", texts);
        for (int i = 0; i < texts.size(); i++) {
            if (texts.get(i).isBlank()) {
                throw new IllegalArgumentException("texts[" + i + "] is blank (\"" + texts.get(i)
                        + "\"); every text needs a non-whitespace character");
            }
        }
    }

    @Override
    public NDList batch(NDManager manager, List<String> texts) {
        check(texts);
        return tokenizer.encode(manager, texts).toNDList();
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
