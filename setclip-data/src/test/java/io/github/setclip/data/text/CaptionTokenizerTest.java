package io.github.setclip.data.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CaptionTokenizerTest {

    private static final List<String> TRAINING = List.of(
            "A red heart", "a blue heart", "a red apple", "A green apple", "red car, blue car");

    @TempDir
    static Path dir;

    private static NDManager manager;
    private static CaptionTokenizer tokenizer;

    @BeforeAll
    static void buildTokenizer() throws IOException {
        manager = NDManager.newBaseManager();
        Path tokenizerDir = dir.resolve("tok");
        WordLevelTokenizerBuilder.builder().optMinCount(1).build(TRAINING, tokenizerDir);
        tokenizer = CaptionTokenizer.builder().setTokenizerPath(tokenizerDir).optMaxLength(8).build();
    }

    @AfterAll
    static void close() {
        tokenizer.close();
        manager.close();
    }

    @Test
    void encodeThenDecodeGivesTheLowercasedWords() {
        try (TokenBatch batch = tokenizer.encode(manager, List.of("A RED heart", "blue car, green apple"))) {
            long[] ids = batch.ids().toLongArray();
            assertEquals("a red heart", tokenizer.decode(Arrays.copyOfRange(ids, 0, 8), true));
            assertEquals("blue car , green apple", tokenizer.decode(Arrays.copyOfRange(ids, 8, 16), true));
        }
    }

    @Test
    void unknownWordsBecomeUnk() {
        assertEquals(List.of("[CLS]", "a", "[UNK]", "heart", "[SEP]"), tokenizer.tokens("a purple heart"));
    }

    @Test
    void idsAreFixedLengthInt64AndPaddedWhereTheMaskIsZero() {
        try (TokenBatch batch = tokenizer.encode(manager, List.of("red", "a red heart"))) {
            assertEquals(new Shape(2, 8), batch.ids().getShape());
            assertEquals(new Shape(2, 8), batch.attentionMask().getShape());
            assertEquals(DataType.INT64, batch.ids().getDataType());
            assertEquals(DataType.INT64, batch.attentionMask().getDataType());
            assertEquals(2, batch.batchSize());
            assertEquals(8, batch.length());
            assertArrayEquals(new long[] {1, 1, 1, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 0, 0, 0},
                    batch.attentionMask().toLongArray());
            long[] ids = batch.ids().toLongArray();
            long[] mask = batch.attentionMask().toLongArray();
            for (int i = 0; i < ids.length; i++) {
                if (mask[i] == 0) {
                    assertEquals(tokenizer.padId(), ids[i], "padding at " + i);
                }
            }
            assertEquals(0, tokenizer.padId());
            assertEquals(2, ids[0], "[CLS] first");
            assertEquals(3, ids[2], "[SEP] after the words");
        }
    }

    @Test
    void longCaptionsAreTruncatedToMaxLengthKeepingSpecials() {
        String longCaption = "a red heart a blue heart a red apple a green apple";
        try (TokenBatch batch = tokenizer.encode(manager, List.of(longCaption))) {
            assertEquals(new Shape(1, 8), batch.ids().getShape());
            assertArrayEquals(new long[] {1, 1, 1, 1, 1, 1, 1, 1}, batch.attentionMask().toLongArray());
        }
        assertEquals(List.of("[CLS]", "a", "red", "heart", "a", "blue", "heart", "[SEP]"), tokenizer.tokens(longCaption));
    }

    @Test
    void vocabularySizeCountsSpecialsAndWords() throws IOException {
        // specials 4 + a red heart blue apple green car , = 12
        assertEquals(12, tokenizer.vocabularySize());
        assertEquals(8, tokenizer.maxLength());
    }

    @Test
    void blankOrNullCaptionsAreRejectedByIndex() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> tokenizer.encode(manager, List.of("a red heart", "  ")));
        assertEquals("captions[1] is blank (\"  \"); every caption needs a non-whitespace character", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> tokenizer.encode(manager, Arrays.asList("", "red")));
        assertEquals("captions[0] is blank (\"\"); every caption needs a non-whitespace character", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> tokenizer.encode(manager, Arrays.asList("red", null)));
        assertEquals("captions[1] is null; every caption needs a non-whitespace character", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> tokenizer.encode(manager, List.of()));
        assertEquals("captions must not be empty", e.getMessage());
    }

    @Test
    void aPretrainedStyleWordPieceTokenizerLoadsToo() throws Exception {
        try (CaptionTokenizer wordPiece = CaptionTokenizer.builder()
                .setTokenizerPath(resource("wordpiece/tokenizer.json")).optMaxLength(10).build()) {
            assertEquals(14, wordPiece.vocabularySize());
            assertEquals(0, wordPiece.padId());
            assertEquals(List.of("[CLS]", "a", "cat", "play", "##ing", "with", "a", "ball", ".", "[SEP]"),
                    wordPiece.tokens("A cat playing with a ball."));
            try (TokenBatch batch = wordPiece.encode(manager, List.of("dogs"))) {
                assertArrayEquals(new long[] {2, 7, 10, 3, 0, 0, 0, 0, 0, 0}, batch.ids().toLongArray());
            }
        }
    }

    @Test
    void padIdIsTheOneTheFileDeclares() throws Exception {
        try (CaptionTokenizer padThree = CaptionTokenizer.builder()
                .setTokenizerPath(resource("pad-id-3")).optMaxLength(4).build();
                TokenBatch batch = padThree.encode(manager, List.of("red heart"))) {
            assertEquals(3, padThree.padId());
            assertEquals(6, padThree.vocabularySize());
            assertArrayEquals(new long[] {4, 5, 3, 3}, batch.ids().toLongArray());
            assertArrayEquals(new long[] {1, 1, 0, 0}, batch.attentionMask().toLongArray());
        }
    }

    @Test
    void badBuilderArgumentsAreRejectedWithMessages() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CaptionTokenizer.builder().setTokenizerPath(dir.resolve("tok")).optMaxLength(0).build());
        assertEquals("maxLength must be >= 1, got 0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> CaptionTokenizer.builder().build());
        assertEquals("tokenizerPath must be set", e.getMessage());
        Path missing = dir.resolve("missing");
        e = assertThrows(IllegalArgumentException.class,
                () -> CaptionTokenizer.builder().setTokenizerPath(missing).build());
        assertEquals("tokenizerPath has no tokenizer.json: " + missing, e.getMessage());
    }

    private Path resource(String name) throws URISyntaxException {
        return Paths.get(getClass().getResource(name).toURI());
    }
}
