package io.github.setclip.data.text;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns captions into fixed-length id and mask arrays with a HuggingFace tokenizer.
 *
 * <p>Any {@code tokenizer.json} works: one written by {@link WordLevelTokenizerBuilder}, or a
 * pretrained one (BERT WordPiece, BPE, ...). Every caption is encoded with the tokenizer's own
 * special tokens (e.g. {@code [CLS] ... [SEP]}), truncated to {@link #maxLength()} tokens
 * (specials included) and padded to exactly that length with {@link #padId()}.
 *
 * <pre>{@code
 * try (CaptionTokenizer tokenizer = CaptionTokenizer.builder()
 *         .setTokenizerPath(Paths.get("out/tokenizer.json")).optMaxLength(16).build();
 *      TokenBatch batch = tokenizer.encode(manager, List.of("a red heart", "a cat face"))) {
 *     NDArray ids = batch.ids();            // (2, 16) int64
 *     NDArray mask = batch.attentionMask(); // (2, 16) int64, 1 = token, 0 = pad
 * }
 * }</pre>
 */
public final class CaptionTokenizer implements AutoCloseable {

    private final HuggingFaceTokenizer tokenizer;
    private final Path file;
    private final int maxLength;
    private final int vocabularySize;
    private final int padId;

    private CaptionTokenizer(HuggingFaceTokenizer tokenizer, Path file, int maxLength, int vocabularySize) {
        this.tokenizer = tokenizer;
        this.file = file;
        this.maxLength = maxLength;
        this.vocabularySize = vocabularySize;
        // The runtime pads with whatever the file declares (or 0 without a padding block);
        // an empty input without specials is all padding, so its first id is the pad id.
        this.padId = Math.toIntExact(tokenizer.encode("", false, false).getIds()[0]);
    }

    /** A builder for a tokenizer. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Encodes captions to (B, L) int64 ids and attention mask, with {@code L = maxLength()}.
     *
     * @param manager the manager that owns the returned arrays
     * @param captions at least one caption, none null or blank
     * @return the ids and the mask (1 = token, 0 = padding)
     * @throws IllegalArgumentException if {@code captions} is empty or a caption is null or blank
     */
    public TokenBatch encode(NDManager manager, List<String> captions) {
        if (captions == null || captions.isEmpty()) {
            throw new IllegalArgumentException("captions must not be empty");
        }
        for (int i = 0; i < captions.size(); i++) {
            String caption = captions.get(i);
            if (caption == null || caption.isBlank()) {
                throw new IllegalArgumentException("captions[" + i + "] is "
                        + (caption == null ? "null" : "blank (\"" + caption + "\")")
                        + "; every caption needs a non-whitespace character");
            }
        }
        Encoding[] encodings = tokenizer.batchEncode(captions);
        int batch = encodings.length;
        long[] ids = new long[batch * maxLength];
        long[] mask = new long[batch * maxLength];
        for (int i = 0; i < batch; i++) {
            long[] rowIds = encodings[i].getIds();
            long[] rowMask = encodings[i].getAttentionMask();
            if (rowIds.length != maxLength) {
                throw new IllegalStateException("tokenizer returned " + rowIds.length + " ids for captions["
                        + i + "], expected maxLength=" + maxLength);
            }
            System.arraycopy(rowIds, 0, ids, i * maxLength, maxLength);
            System.arraycopy(rowMask, 0, mask, i * maxLength, maxLength);
        }
        Shape shape = new Shape(batch, maxLength);
        NDArray idArray = manager.create(ids, shape);
        NDArray maskArray = manager.create(mask, shape);
        return new TokenBatch(idArray, maskArray);
    }

    /**
     * The tokens the model sees for one caption: truncated to {@link #maxLength()}, special tokens
     * included, padding removed. Unknown words show as the unknown token (e.g. {@code [UNK]}).
     */
    public List<String> tokens(String caption) {
        Encoding encoding = tokenizer.encode(caption);
        String[] all = encoding.getTokens();
        long[] mask = encoding.getAttentionMask();
        List<String> tokens = new ArrayList<>(all.length);
        for (int i = 0; i < all.length; i++) {
            if (mask[i] != 0) {
                tokens.add(all[i]);
            }
        }
        return tokens;
    }

    /**
     * Text of one row of ids.
     *
     * @param ids token ids, e.g. one row of {@link TokenBatch#ids()}
     * @param skipSpecialTokens drop special tokens (padding, [CLS], [SEP] and, for tokenizers that
     *     mark it special, [UNK])
     * @return the decoded text
     */
    public String decode(long[] ids, boolean skipSpecialTokens) {
        return tokenizer.decode(ids, skipSpecialTokens);
    }

    /** Number of token ids: one more than the largest id in the vocabulary or the added tokens. */
    public int vocabularySize() {
        return vocabularySize;
    }

    /** Id written at padded positions. */
    public int padId() {
        return padId;
    }

    /** L, the fixed length of every encoded caption. */
    public int maxLength() {
        return maxLength;
    }

    /** The tokenizer.json this tokenizer was loaded from. */
    public Path file() {
        return file;
    }

    /** Releases the native tokenizer. */
    @Override
    public void close() {
        tokenizer.close();
    }

    @Override
    public String toString() {
        return "CaptionTokenizer{file=" + file + ", maxLength=" + maxLength + ", vocabularySize=" + vocabularySize
                + ", padId=" + padId + '}';
    }

    /** Largest token id + 1 over {@code model.vocab} and {@code added_tokens}. */
    static int vocabularySize(Path file) throws IOException {
        JsonObject root;
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            root = JsonParser.parseReader(reader).getAsJsonObject();
        } catch (JsonParseException | IllegalStateException e) {
            throw new IOException("not a tokenizer.json object: " + file, e);
        }
        int size = 0;
        JsonElement model = root.get("model");
        JsonElement vocab = model != null && model.isJsonObject() ? model.getAsJsonObject().get("vocab") : null;
        if (vocab != null && vocab.isJsonObject()) {
            for (Map.Entry<String, JsonElement> entry : vocab.getAsJsonObject().entrySet()) {
                size = Math.max(size, entry.getValue().getAsInt() + 1);
            }
        } else if (vocab != null && vocab.isJsonArray()) {
            size = vocab.getAsJsonArray().size(); // Unigram: a list of [piece, score]
        } else {
            throw new IOException("tokenizer.json has no model.vocab: " + file);
        }
        JsonElement added = root.get("added_tokens");
        if (added != null && added.isJsonArray()) {
            JsonArray tokens = added.getAsJsonArray();
            for (JsonElement token : tokens) {
                size = Math.max(size, token.getAsJsonObject().get("id").getAsInt() + 1);
            }
        }
        return size;
    }

    /** Configures a {@link CaptionTokenizer}. */
    public static final class Builder {

        private Path path;
        private int maxLength = 32;

        private Builder() {}

        /** A {@code tokenizer.json} file, or a directory holding one; required. */
        public Builder setTokenizerPath(Path path) {
            this.path = path;
            return this;
        }

        /** L, tokens per caption after truncation and padding, specials included; default 32. */
        public Builder optMaxLength(int maxLength) {
            this.maxLength = maxLength;
            return this;
        }

        /**
         * Loads the tokenizer.
         *
         * @throws IllegalArgumentException if the path is missing or maxLength is below 1
         * @throws IOException if the file cannot be read or parsed
         */
        public CaptionTokenizer build() throws IOException {
            if (path == null) {
                throw new IllegalArgumentException("tokenizerPath must be set");
            }
            if (maxLength < 1) {
                throw new IllegalArgumentException("maxLength must be >= 1, got " + maxLength);
            }
            Path file = Files.isDirectory(path) ? path.resolve(WordLevelTokenizerBuilder.FILE_NAME) : path;
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("tokenizerPath has no tokenizer.json: " + path);
            }
            int vocabularySize = vocabularySize(file);
            HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.builder()
                    .optTokenizerPath(file)
                    .optAddSpecialTokens(true)
                    .optTruncation(true)
                    .optPadToMaxLength()
                    .optMaxLength(maxLength)
                    .build();
            try {
                return new CaptionTokenizer(tokenizer, file, maxLength, vocabularySize);
            } catch (RuntimeException e) {
                tokenizer.close();
                throw e;
            }
        }
    }
}
