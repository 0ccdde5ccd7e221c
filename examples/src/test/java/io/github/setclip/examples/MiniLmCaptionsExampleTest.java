package io.github.setclip.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The MiniLM example trains on the emoji data, records its towers and ranks captions. */
class MiniLmCaptionsExampleTest {

    @TempDir Path dir;

    @Test
    void theExampleAlignsMiniLmCaptionsWithTheBuiltinPictureTower() throws Exception {
        PrintStream previous = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Path run = dir.resolve("run");
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            MiniLmCaptionsExample.main(new String[] {run.toString(), "1", "24"});
        } finally {
            System.setOut(previous);
        }
        String printed = out.toString(StandardCharsets.UTF_8);
        assertTrue(printed.matches("(?s).*trained \\d+ steps in .* validation mean recall 0\\.\\d+.*"), printed);
        assertTrue(printed.contains("cos(\"a slice of cheese pizza\", \"pizza\") = "), printed);
        assertTrue(Files.readString(run.resolve("config.json")).contains("\"kind\": \"minilm\""));
    }
}
