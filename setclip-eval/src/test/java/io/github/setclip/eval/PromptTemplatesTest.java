package io.github.setclip.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PromptTemplatesTest {

    @TempDir
    Path dir;

    @Test
    void fillPutsTheClassNameIntoEveryTemplateInOrder() {
        assertEquals(List.of("cat", "a picture of cat.", "an emoji of cat.", "an icon showing cat."),
                PromptTemplates.DEFAULT.fill("cat"));
        assertEquals(4, PromptTemplates.DEFAULT.size());
        // The name is inserted literally, even when it looks like a regex replacement.
        assertEquals(List.of("the $1 sign"), PromptTemplates.of(List.of("the {} sign")).fill("$1"));
    }

    @Test
    void everyTemplateNeedsExactlyOnePlaceholder() {
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> PromptTemplates.of(List.of("{}", "a photo")));
        assertTrue(none.getMessage().contains("\"a photo\""), none.getMessage());
        IllegalArgumentException two = assertThrows(IllegalArgumentException.class,
                () -> PromptTemplates.of(List.of("{} and {}")));
        assertTrue(two.getMessage().contains("\"{} and {}\""), two.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PromptTemplates.of(List.of()));
    }

    @Test
    void readTakesOneTemplatePerLineSkippingBlanksAndComments() throws IOException {
        Path file = dir.resolve("prompts.txt");
        Files.writeString(file, "# emoji prompts\n{}\n\n   a drawing of {}.  \n  # indented comment\nan {} icon\n");
        PromptTemplates templates = PromptTemplates.read(file);
        assertEquals(List.of("{}", "a drawing of {}.", "an {} icon"), templates.templates());
    }

    @Test
    void readNamesTheFileWhenItHoldsNoValidTemplate() throws IOException {
        Path empty = dir.resolve("empty.txt");
        Files.writeString(empty, "# nothing here\n\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PromptTemplates.read(empty));
        assertTrue(e.getMessage().contains("empty.txt"), e.getMessage());
        Path bad = dir.resolve("bad.txt");
        Files.writeString(bad, "a photo of {}\na photo\n");
        e = assertThrows(IllegalArgumentException.class, () -> PromptTemplates.read(bad));
        assertTrue(e.getMessage().contains("bad.txt") && e.getMessage().contains("\"a photo\""),
                e.getMessage());
        assertThrows(IOException.class, () -> PromptTemplates.read(dir.resolve("missing.txt")));
    }
}
