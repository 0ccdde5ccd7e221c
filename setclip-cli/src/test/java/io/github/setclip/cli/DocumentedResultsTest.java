package io.github.setclip.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every {@code ./setclip results} command docs/results.md names runs on the committed per-run
 * files, and every row it prints is in results.md: its arm's mean ± sd, or its per-seed figures
 * where a table lists those instead. A table pasted from a run that is no longer committed, or
 * edited by hand after the fact, fails here.
 */
class DocumentedResultsTest {

    private static final Pattern COMMAND = Pattern.compile("\\./setclip results\\s");

    @Test
    void everyResultsCommandInResultsMdRecomputesTheFiguresItShows() throws IOException {
        Path root = repositoryRoot();
        String markdown = Files.readString(root.resolve("docs/results.md"));
        List<List<String>> commands = commands(markdown);
        assertTrue(commands.size() >= 10, "results.md should name its tables' commands: " + commands);
        for (List<String> command : commands) {
            List<String> args = new ArrayList<>(List.of("results"));
            command.forEach(word -> args.addAll(expanded(root, word)));
            LossCommandTest.Run run = LossCommandTest.run(args.toArray(String[]::new));
            assertEquals(0, run.status(), String.join(" ", command) + ": " + run.err());
            List<String> rows = run.out().lines().filter(l -> l.startsWith("| ") && !l.startsWith("| arm |")).toList();
            assertTrue(!rows.isEmpty(), String.join(" ", command) + " printed no row");
            for (String row : rows) {
                assertTrue(shown(markdown, row), "results.md does not show what `" + String.join(" ", command)
                        + "` prints:\n" + row);
            }
        }
    }

    /** The words of each {@code ./setclip results} command, inline or in a block, after "results". */
    static List<List<String>> commands(String markdown) {
        String joined = markdown.replace("\\\n", " ");
        List<List<String>> commands = new ArrayList<>();
        Matcher m = COMMAND.matcher(joined);
        while (m.find()) {
            boolean inline = m.start() > 0 && joined.charAt(m.start() - 1) == '`';
            int end = joined.indexOf(inline ? '`' : '\n', m.end());
            String words = joined.substring(m.end(), end < 0 ? joined.length() : end).strip();
            commands.add(Arrays.stream(words.split("\\s+")).filter(w -> !w.isEmpty()).toList());
        }
        return commands;
    }

    /** A row is shown when its mean ± sd, or its per-seed figures joined by ", ", are in the text. */
    private static boolean shown(String markdown, String row) {
        List<String> cells = Arrays.stream(row.split("\\|")).map(String::strip).toList();
        int mean = 0;
        while (mean < cells.size() && !cells.get(mean).contains("±")) {
            mean++;
        }
        if (mean == cells.size()) {
            return false;
        }
        String seeds = String.join(", ", cells.subList(2, mean).stream().filter(c -> !c.isEmpty()).toList());
        return markdown.contains(cells.get(mean)) || (!seeds.isEmpty() && markdown.contains(seeds));
    }

    /** A word with a {@code *} in its last part stands for the matching entries, in name order. */
    private static List<String> expanded(Path root, String word) {
        if (!word.contains("*")) {
            return List.of(word.startsWith("docs/") ? root.resolve(word).toString() : word);
        }
        Path glob = root.resolve(word);
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(glob.getParent(),
                glob.getFileName().toString())) {
            List<String> matched = new ArrayList<>();
            entries.forEach(p -> matched.add(p.toString()));
            matched.sort(null);
            return matched;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path repositoryRoot() {
        Path folder = Path.of("").toAbsolutePath();
        while (!Files.isRegularFile(folder.resolve("docs/results.md"))) {
            folder = folder.getParent();
        }
        return folder;
    }
}
