package io.github.setclip.data.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WordLevelTokenizerRoundTripTest {

    @TempDir Path dir;

    private HuggingFaceTokenizer built(int maxLength) throws IOException {
        Path file = WordLevelTokenizerBuilder.builder().optMinCount(1).build(List.of(
                "nerd face: brainy, clever, geek, glasses, smart",
                "grinning face: face, grin, grinning face",
                "red heart: heart"), dir);
        return HuggingFaceTokenizer.builder().optTokenizerPath(file).optPadToMaxLength()
                .optMaxLength(maxLength).optTruncation(true).build();
    }

    @Test
    void captionsRoundTripThroughTheBuiltTokenizer() throws IOException {
        try (HuggingFaceTokenizer tokenizer = built(16)) {
            Encoding encoding = tokenizer.encode("Nerd face: clever, glasses");
            String[] tokens = encoding.getTokens();
            assertEquals("[CLS]", tokens[0]);
            assertArrayEquals(new String[] {"nerd", "face", ":", "clever", ",", "glasses", "[SEP]"},
                    java.util.Arrays.copyOfRange(tokens, 1, 8));
            assertTrue(tokenizer.decode(encoding.getIds()).contains("nerd face : clever , glasses"));
        }
    }

    @Test
    void unseenWordsBecomeUnknownAndPaddingIsIdZeroWithAZeroMask() throws IOException {
        try (HuggingFaceTokenizer tokenizer = built(12)) {
            Encoding encoding = tokenizer.encode("purple heart");
            assertEquals("[UNK]", encoding.getTokens()[1]);
            long[] ids = encoding.getIds();
            long[] mask = encoding.getAttentionMask();
            assertEquals(12, ids.length);
            assertEquals(0, ids[11]);
            assertEquals(0, mask[11]);
            assertEquals(1, mask[0]);
        }
    }

    @Test
    void longCaptionsAreTruncatedToTheMaximumLength() throws IOException {
        try (HuggingFaceTokenizer tokenizer = built(5)) {
            Encoding encoding = tokenizer.encode("nerd face: brainy, clever, geek, glasses, smart");
            assertEquals(5, encoding.getIds().length);
            assertEquals(5, java.util.Arrays.stream(encoding.getAttentionMask()).sum());
        }
    }
}
