package io.github.setclip.data.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
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
    void badOptionsAreRejectedWithMessages() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WordLevelTokenizerBuilder.builder().optMaxVocabularySize(3));
        assertEquals("maxVocabularySize must be >= 4 (the special tokens), got 3", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> WordLevelTokenizerBuilder.builder().buildVocabulary(List.of()));
        assertEquals("captions must not be empty", e.getMessage());
    }
}
