package io.github.setclip.data.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WordLevelTokenizerBuilderTest {

    private static final List<String> CAPTIONS = List.of(
            "A cat on the mat.", "the Cat sat", "a dog, a cat", "The dog ran!");

    @TempDir
    Path dir;

    @Test
    void vocabularyIsSpecialsThenWordsByCountThenAlphabetically() throws IOException {
        List<String> vocabulary = WordLevelTokenizerBuilder.builder().optMinCount(2).buildVocabulary(CAPTIONS);
        // a:3 cat:3 the:3 dog:2; on, mat, sat, ran, '.', ',', '!' appear once.
        assertEquals(List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "a", "cat", "the", "dog"), vocabulary);
    }

    @Test
    void punctuationIsSplitAndCountedAsTokens() throws IOException {
        List<String> vocabulary = WordLevelTokenizerBuilder.builder().optMinCount(1).buildVocabulary(CAPTIONS);
        assertTrue(vocabulary.containsAll(List.of(".", ",", "!", "mat", "sat", "ran", "on")), vocabulary.toString());
        assertEquals(4 + 11, vocabulary.size());
    }

    @Test
    void wordsOutsideTheBasicPlaneAreCountedWhole() throws IOException {
        Map<String, Integer> counts = WordLevelTokenizerBuilder.builder()
                .countWords(List.of("😀😀 face-with 𝒜bc", "😀😀 FACE"));
        assertEquals(Map.of("😀😀", 2, "face", 2, "-", 1, "with", 1, "𝒜bc", 1), counts);
    }

    @Test
    void lowercaseCanBeDisabled() throws IOException {
        List<String> vocabulary = WordLevelTokenizerBuilder.builder().optMinCount(1).optLowercase(false)
                .buildVocabulary(List.of("Cat cat"));
        assertEquals(List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "Cat", "cat"), vocabulary);
    }

    @Test
    void maxVocabularySizeKeepsTheMostFrequentWords() throws IOException {
        List<String> vocabulary = WordLevelTokenizerBuilder.builder().optMinCount(1).optMaxVocabularySize(6)
                .buildVocabulary(CAPTIONS);
        assertEquals(List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "a", "cat"), vocabulary);
    }

    @Test
    void jsonDoesNotDependOnCaptionOrder() throws IOException {
        List<String> shuffled = new ArrayList<>(CAPTIONS);
        Collections.reverse(shuffled);
        WordLevelTokenizerBuilder builder = WordLevelTokenizerBuilder.builder().optMinCount(1);
        assertEquals(builder.buildJson(CAPTIONS), builder.buildJson(shuffled));
    }

    @Test
    void writtenFileDeclaresPaddingAndSpecials() throws IOException {
        Path file = WordLevelTokenizerBuilder.builder().build(CAPTIONS, dir.resolve("tok"));
        assertEquals(dir.resolve("tok").resolve("tokenizer.json"), file);
        JsonObject root = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
        assertEquals(0, root.getAsJsonObject("padding").get("pad_id").getAsInt());
        assertEquals("[PAD]", root.getAsJsonObject("padding").get("pad_token").getAsString());
        assertEquals("WordLevel", root.getAsJsonObject("model").get("type").getAsString());
        assertEquals(1, root.getAsJsonObject("model").getAsJsonObject("vocab").get("[UNK]").getAsInt());
        assertEquals(4, root.getAsJsonArray("added_tokens").size());
        try (var files = Files.list(dir.resolve("tok"))) {
            assertEquals(1, files.count(), "no temporary file left behind");
        }
    }

    @Test
    void commandWritesTheTokenizer() throws IOException {
        Path captions = dir.resolve("captions.txt");
        try (InputStream in = getClass().getResourceAsStream("captions.txt")) {
            Files.copy(in, captions);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = WordLevelTokenizerBuilder.run(
                new String[] {captions.toString(), dir.resolve("out").toString(), "--min-count", "2"},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, status, err.toString(StandardCharsets.UTF_8));
        assertTrue(out.toString(StandardCharsets.UTF_8)
                .contains("7 tokens (4 special + 3 words with count >= 2) from 3 captions"), out.toString());
        try (CaptionTokenizer tokenizer = CaptionTokenizer.builder().setTokenizerPath(dir.resolve("out")).build()) {
            assertEquals(7, tokenizer.vocabularySize());
            assertEquals(List.of("[CLS]", "a", "red", "[UNK]", "[SEP]"), tokenizer.tokens("a red car"));
        }
    }

    @Test
    void commandRejectsBadArguments() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
        PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        assertEquals(2, WordLevelTokenizerBuilder.run(new String[] {"only-one"}, out, errStream));
        assertEquals(2, WordLevelTokenizerBuilder.run(new String[] {"a", "b", "--min-count", "x"}, out, errStream));
        assertEquals(2, WordLevelTokenizerBuilder.run(new String[] {"a", "b", "--min-count", "0"}, out, errStream));
        assertEquals(2, WordLevelTokenizerBuilder.run(new String[] {"a", "b", "--bogus"}, out, errStream));
        String messages = err.toString(StandardCharsets.UTF_8);
        assertTrue(messages.contains("--min-count must be an integer, got x"), messages);
        assertTrue(messages.contains("minCount must be >= 1, got 0"), messages);
        assertTrue(messages.contains("unknown option --bogus"), messages);
    }

    @Test
    void badOptionsAreRejectedWithMessages() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WordLevelTokenizerBuilder.builder().optMaxVocabularySize(3));
        assertEquals("maxVocabularySize must be >= 4 (the special tokens), got 3", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> WordLevelTokenizerBuilder.builder().buildVocabulary(List.of()));
        assertEquals("captions must not be empty", e.getMessage());
    }
}
