package io.github.setclip.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.setclip.data.text.CaptionTokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code setclip tokenizer}: a tokenizer.json from a captions file, and one clear line for bad input. */
class TokenizerCommandTest {

    @TempDir static Path dir;
    private static Path captions;

    @BeforeAll
    static void captions() throws IOException {
        captions = Files.writeString(dir.resolve("captions.txt"),
                "A red heart.\na RED apple\n\na green apple, a red car\n");
    }

    @Test
    void writesTheTokenizerAndSaysWhatItHolds() throws IOException {
        Path out = dir.resolve("out");
        LossCommandTest.Run run = LossCommandTest.run("tokenizer", "--captions", captions.toString(), "--output",
                out.toString(), "--min-count", "2");
        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().contains("7 tokens (4 special + 3 words with count >= 2) from 3 captions"), run.out());
        try (CaptionTokenizer tokenizer = CaptionTokenizer.builder().setTokenizerPath(out).build()) {
            assertEquals(7, tokenizer.vocabularySize());
            assertEquals(List.of("[CLS]", "a", "red", "[UNK]", "[SEP]"), tokenizer.tokens("a red car"));
        }
    }

    @Test
    void aBadValueIsAUsageErrorNamingItsFlag() {
        LossCommandTest.Run run = LossCommandTest.run("tokenizer", "--captions", captions.toString(), "--output",
                dir.resolve("bad").toString(), "--max-vocab", "3");
        assertEquals(2, run.status(), run.err());
        assertTrue(run.err().startsWith("--max-vocab must be >= 4 (the special tokens), got 3"), run.err());
        assertFalse(run.err().contains("Exception"), run.err());
    }

    @Test
    void aMissingOrEmptyCaptionsFileIsOneLine() throws IOException {
        LossCommandTest.Run missing = LossCommandTest.run("tokenizer", "--captions", dir.resolve("none.txt").toString(),
                "--output", dir.resolve("x").toString());
        assertEquals(1, missing.status(), missing.err());
        assertEquals("setclip tokenizer: error: file not found: " + dir.resolve("none.txt"), missing.err().strip());
        Path empty = Files.writeString(dir.resolve("empty.txt"), "\n\n");
        LossCommandTest.Run none = LossCommandTest.run("tokenizer", "--captions", empty.toString(), "--output",
                dir.resolve("y").toString());
        assertEquals(1, none.status(), none.err());
        assertEquals("setclip tokenizer: error: no captions in " + empty, none.err().strip());
    }
}
