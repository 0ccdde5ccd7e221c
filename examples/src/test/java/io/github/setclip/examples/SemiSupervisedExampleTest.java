package io.github.setclip.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The semi-supervised example runs as documented and reports its pseudo-pairs' precision. */
class SemiSupervisedExampleTest {

    @TempDir Path dir;

    @Test
    void theExampleTrainsAndReportsHowManyPseudoPairsWereTrue() throws Exception {
        PrintStream previous = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            SemiSupervisedExample.main(new String[] {dir.resolve("run").toString(), "4"});
        } finally {
            System.setOut(previous);
        }
        String printed = out.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("epoch 4: pseudo-label loss gradient"), printed);
        assertTrue(printed.matches("(?s).*epoch 4: .* [1-9]\\d* pseudo-pairs used, \\d+% true.*"), printed);
    }
}
