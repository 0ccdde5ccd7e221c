package io.github.setclip.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code setclip export-emoji}: what it refuses before writing anything (the export itself: EmojiExportTest). */
class ExportEmojiCommandTest {

    @TempDir Path dir;

    private static String refused(String... args) {
        StringWriter err = new StringWriter();
        int status = SetClip.run(new PrintWriter(new StringWriter()), new PrintWriter(err, true), args);
        assertEquals(2, status, err.toString());
        return err.toString();
    }

    @Test
    void aFolderThatIsNotEmptyIsRefusedAndLeftAlone() throws IOException {
        Path used = Files.createDirectories(dir.resolve("used"));
        Files.writeString(used.resolve("keep.txt"), "mine");
        String err = refused("export-emoji", "--output", used.toString());
        assertTrue(err.startsWith("--output " + used + " is not empty"), err);
        assertEquals("mine", Files.readString(used.resolve("keep.txt")));
        try (var files = Files.list(used)) {
            assertEquals(1, files.count());
        }
    }

    @Test
    void aFractionOutsideZeroToOneIsRefused() {
        String err = refused("export-emoji", "--output", dir.resolve("new").toString(), "--paired-fraction", "0");
        assertTrue(err.startsWith("--paired-fraction must be in (0, 1], got 0.0"), err);
        assertTrue(Files.notExists(dir.resolve("new")));
    }

    @Test
    void theDefaultsAreTheEmojiRunsPairing() {
        CommandLine cli = SetClip.commandLine();
        cli.parseArgs("export-emoji", "--output", dir.resolve("new").toString());
        ExportEmojiCommand command = cli.getSubcommands().get("export-emoji").getCommand();
        assertEquals(new ExportEmojiCommand.Plan(dir.resolve("new"), 1, 1 / 3.0), command.plan());
    }
}
