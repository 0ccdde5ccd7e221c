package io.github.setclip.data.text;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.CharSpan;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import io.github.setclip.data.InvalidSettingException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Builds a word-level HuggingFace {@code tokenizer.json} from training captions, for {@link
 * CaptionTokenizer}, DJL's {@code HuggingFaceTokenizer} directly, or any HuggingFace tokenizers
 * runtime.
 *
 * <p>The tokenizer it writes:
 *
 * <ul>
 *   <li>normalizer {@code Lowercase} (unless {@link #optLowercase(boolean) disabled});
 *   <li>pre-tokenizer {@code BertPreTokenizer}: splits on whitespace and makes every punctuation
 *       character its own token, so "cat," gives "cat" and ",";
 *   <li>model {@code WordLevel} with the special tokens {@code [PAD]}=0, {@code [UNK]}=1, {@code
 *       [CLS]}=2, {@code [SEP]}=3, then every word whose count in the captions is at least {@link
 *       #optMinCount(int) minCount}, by descending count, ties in ascending {@link String} order (so
 *       the file is a pure function of the captions and the options);
 *   <li>post-processor {@code BertProcessing}: an encoded caption reads {@code [CLS] words [SEP]},
 *       the same layout as a BERT tokenizer, so a text encoder can pool position 0 or mean-pool
 *       under the attention mask whichever tokenizer is used;
 *   <li>a {@code padding} block with {@code pad_id} 0 / {@code [PAD]}, so padding is right in every
 *       runtime (DJL otherwise pads with id 0 whatever the vocabulary says).
 * </ul>
 *
 * <p>Words are counted exactly as the written tokenizer will split them: the captions are
 * pre-tokenised by the HuggingFace runtime itself with the same normalizer and pre-tokenizer, so
 * no word of the vocabulary can become {@code [UNK]} on the training captions.
 *
 * <p>From the command line: {@code setclip tokenizer --captions captions.txt --output out/} (one
 * caption per line) writes {@code out/tokenizer.json}. Build the vocabulary from the training
 * split only, so that validation and test words the model never saw map to {@code [UNK]}.
 */
public final class WordLevelTokenizerBuilder {

    /** Padding token, id 0. */
    public static final String PAD = "[PAD]";
    /** Out-of-vocabulary token, id 1. */
    public static final String UNK = "[UNK]";
    /** Start-of-caption token, id 2. */
    public static final String CLS = "[CLS]";
    /** End-of-caption token, id 3. */
    public static final String SEP = "[SEP]";

    /** The special tokens in id order. */
    public static final List<String> SPECIAL_TOKENS = List.of(PAD, UNK, CLS, SEP);

    /** Name of the file written by {@link #build(List, Path)}. */
    public static final String FILE_NAME = "tokenizer.json";

    private static final int ENCODE_CHUNK = 1024;

    /** The fewest times a word must be seen to be kept, unless told otherwise. */
    public static final int DEFAULT_MIN_COUNT = 2;

    private int minCount = DEFAULT_MIN_COUNT;
    private int maxVocabularySize = Integer.MAX_VALUE;
    private boolean lowercase = true;

    private WordLevelTokenizerBuilder() {}

    /** A builder with the defaults: minCount 2, no size cap, lowercase. */
    public static WordLevelTokenizerBuilder builder() {
        return new WordLevelTokenizerBuilder();
    }

    /**
     * Minimum number of occurrences for a word to enter the vocabulary; default 2, so that rare
     * words of the training captions become {@code [UNK]} and the model learns an {@code [UNK]}
     * embedding.
     */
    public WordLevelTokenizerBuilder optMinCount(int minCount) {
        if (minCount < 1) {
            throw new InvalidSettingException("minCount", "must be >= 1, got " + minCount);
        }
        this.minCount = minCount;
        return this;
    }

    /** Cap on the vocabulary size, special tokens included (the most frequent words are kept). */
    public WordLevelTokenizerBuilder optMaxVocabularySize(int maxVocabularySize) {
        if (maxVocabularySize < SPECIAL_TOKENS.size()) {
            throw new InvalidSettingException("maxVocabularySize", "must be >= " + SPECIAL_TOKENS.size()
                    + " (the special tokens), got " + maxVocabularySize);
        }
        this.maxVocabularySize = maxVocabularySize;
        return this;
    }

    /** Whether the tokenizer lowercases text; default true. */
    public WordLevelTokenizerBuilder optLowercase(boolean lowercase) {
        this.lowercase = lowercase;
        return this;
    }

    /**
     * The vocabulary in id order: the special tokens, then the kept words.
     *
     * @param captions training captions
     * @return tokens; the index of a token is its id
     * @throws IOException if the tokenizers runtime cannot be loaded
     * @throws IllegalArgumentException if {@code captions} is empty or holds a null
     */
    public List<String> buildVocabulary(List<String> captions) throws IOException {
        Map<String, Integer> counts = countWords(captions);
        List<Map.Entry<String, Integer>> kept = new ArrayList<>();
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            if (e.getValue() >= minCount) {
                kept.add(e);
            }
        }
        kept.sort(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder())
                .thenComparing(Map.Entry.comparingByKey()));
        List<String> vocabulary = new ArrayList<>(SPECIAL_TOKENS);
        for (Map.Entry<String, Integer> e : kept) {
            if (vocabulary.size() >= maxVocabularySize) {
                break;
            }
            vocabulary.add(e.getKey());
        }
        return vocabulary;
    }

    /**
     * The content of {@code tokenizer.json} for these captions.
     *
     * @throws IOException if the tokenizers runtime cannot be loaded
     */
    public String buildJson(List<String> captions) throws IOException {
        return toJson(buildVocabulary(captions));
    }

    /**
     * Writes {@code tokenizer.json} into {@code outputDirectory} (created if missing; an existing
     * file is replaced atomically where the file system allows).
     *
     * @param captions training captions
     * @param outputDirectory directory to write to
     * @return the path of the written file
     * @throws IOException if writing fails or the tokenizers runtime cannot be loaded
     */
    public Path build(List<String> captions, Path outputDirectory) throws IOException {
        String json = buildJson(captions);
        Files.createDirectories(outputDirectory);
        return writeJson(json, outputDirectory);
    }

    /**
     * Writes the {@code tokenizer.json} of a vocabulary into {@code outputDirectory} (created if
     * missing; an existing file is replaced atomically where the file system allows). The command
     * line's {@code setclip tokenizer} does this.
     *
     * @param vocabulary as {@link #buildVocabulary} returns it
     * @param outputDirectory directory to write to
     * @return the path of the written file
     * @throws IOException if writing fails
     */
    public Path write(List<String> vocabulary, Path outputDirectory) throws IOException {
        Files.createDirectories(outputDirectory);
        return writeJson(toJson(vocabulary), outputDirectory);
    }

    private static Path writeJson(String json, Path outputDirectory) throws IOException {
        Path target = outputDirectory.resolve(FILE_NAME);
        Path temp = Files.createTempFile(outputDirectory, FILE_NAME, ".tmp");
        try {
            Files.writeString(temp, json, StandardCharsets.UTF_8);
            try {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
        return target;
    }

    /** Word counts, split by the HuggingFace runtime with this builder's normalizer and pre-tokenizer. */
    Map<String, Integer> countWords(List<String> captions) throws IOException {
        if (captions == null || captions.isEmpty()) {
            throw new IllegalArgumentException("captions must not be empty");
        }
        for (int i = 0; i < captions.size(); i++) {
            if (captions.get(i) == null) {
                throw new IllegalArgumentException("captions[" + i + "] is null");
            }
        }
        Map<String, Integer> counts = new HashMap<>();
        Path dir = Files.createTempDirectory("setclip-pretokenizer");
        Path file = dir.resolve(FILE_NAME);
        try {
            Files.writeString(file, toJson(SPECIAL_TOKENS), StandardCharsets.UTF_8);
            try (HuggingFaceTokenizer splitter = HuggingFaceTokenizer.builder()
                    .optTokenizerPath(file)
                    .optAddSpecialTokens(false)
                    .optPadding(false)
                    .optTruncation(false)
                    .build()) {
                for (int from = 0; from < captions.size(); from += ENCODE_CHUNK) {
                    List<String> chunk = captions.subList(from, Math.min(captions.size(), from + ENCODE_CHUNK));
                    Encoding[] encodings = splitter.batchEncode(chunk);
                    for (int j = 0; j < encodings.length; j++) {
                        String caption = chunk.get(j);
                        for (CharSpan span : encodings[j].getCharTokenSpans()) {
                            if (span != null) {
                                counts.merge(word(caption, span), 1, Integer::sum);
                            }
                        }
                    }
                }
            }
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        }
        return counts;
    }

    /** The normalised word under {@code span}; the runtime's spans count code points, not chars. */
    private String word(String caption, CharSpan span) {
        int start = caption.offsetByCodePoints(0, span.getStart());
        int end = caption.offsetByCodePoints(start, span.getEnd() - span.getStart());
        String word = caption.substring(start, end);
        return lowercase ? word.toLowerCase(Locale.ROOT) : word;
    }

    /** The tokenizer.json for a vocabulary given in id order (specials first). */
    String toJson(List<String> vocabulary) {
        JsonObject root = new JsonObject();
        root.addProperty("version", "1.0");
        root.add("truncation", JsonNull.INSTANCE);

        JsonObject padding = new JsonObject();
        padding.addProperty("strategy", "BatchLongest");
        padding.addProperty("direction", "Right");
        padding.add("pad_to_multiple_of", JsonNull.INSTANCE);
        padding.addProperty("pad_id", SPECIAL_TOKENS.indexOf(PAD));
        padding.addProperty("pad_type_id", 0);
        padding.addProperty("pad_token", PAD);
        root.add("padding", padding);

        JsonArray added = new JsonArray();
        for (int id = 0; id < SPECIAL_TOKENS.size(); id++) {
            JsonObject token = new JsonObject();
            token.addProperty("id", id);
            token.addProperty("content", SPECIAL_TOKENS.get(id));
            token.addProperty("single_word", false);
            token.addProperty("lstrip", false);
            token.addProperty("rstrip", false);
            token.addProperty("normalized", false);
            token.addProperty("special", true);
            added.add(token);
        }
        root.add("added_tokens", added);

        if (lowercase) {
            JsonObject normalizer = new JsonObject();
            normalizer.addProperty("type", "Lowercase");
            root.add("normalizer", normalizer);
        } else {
            root.add("normalizer", JsonNull.INSTANCE);
        }
        JsonObject preTokenizer = new JsonObject();
        preTokenizer.addProperty("type", "BertPreTokenizer");
        root.add("pre_tokenizer", preTokenizer);

        JsonObject postProcessor = new JsonObject();
        postProcessor.addProperty("type", "BertProcessing");
        postProcessor.add("sep", tokenAndId(SEP));
        postProcessor.add("cls", tokenAndId(CLS));
        root.add("post_processor", postProcessor);
        root.add("decoder", JsonNull.INSTANCE);

        JsonObject model = new JsonObject();
        model.addProperty("type", "WordLevel");
        JsonObject vocab = new JsonObject();
        for (int id = 0; id < vocabulary.size(); id++) {
            vocab.addProperty(vocabulary.get(id), id);
        }
        model.add("vocab", vocab);
        model.addProperty("unk_token", UNK);
        root.add("model", model);
        return new GsonBuilder().setPrettyPrinting().serializeNulls().disableHtmlEscaping().create().toJson(root);
    }

    private static JsonArray tokenAndId(String token) {
        JsonArray pair = new JsonArray();
        pair.add(token);
        pair.add(SPECIAL_TOKENS.indexOf(token));
        return pair;
    }
}
