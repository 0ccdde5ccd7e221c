package io.github.setclip.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every {@code --flag} the documentation names is one a setclip command accepts, so that a renamed
 * or removed flag cannot live on in the prose (issue 18 found {@code --no-relative-distance} and
 * {@code --sdd-divergence} in docs/losses.md, flags no command had).
 *
 * <p>Read: README.md and the hand-written pages docs/*.md. Not read: docs/experiments/, whose
 * Markdown files are reports {@code setclip experiment} wrote (they record the command line of
 * their day as it was) beside the scripts that ran them. A flag of another tool is accepted only
 * from the short list {@link #FOREIGN}, each with the tool it belongs to.
 */
class DocumentedFlagsTest {

    /** Flags of other tools that the documentation shows, and whose they are. */
    private static final Map<String, String> FOREIGN = Map.of();

    @Test
    void everyFlagTheReadmeAndDocsNameIsAcceptedBySomeCommand() throws IOException {
        Set<String> accepted = FlagNames.acceptedBySomeCommand();
        Map<String, List<String>> unknown = new TreeMap<>();
        for (Path page : pages()) {
            for (String flag : FlagNames.in(Files.readString(page))) {
                if (!accepted.contains(flag) && !FOREIGN.containsKey(flag)) {
                    unknown.computeIfAbsent(flag, f -> new ArrayList<>()).add(root().relativize(page).toString());
                }
            }
        }
        assertTrue(unknown.isEmpty(), "flags no setclip command accepts (rename them in the docs, or add a"
                + " flag of another tool to FOREIGN with its owner): " + unknown);
    }

    @Test
    void theScanFindsAFlagNoCommandHas() {
        Set<String> named = FlagNames.in("SDD on absolute distances: `setclip pretrain --no-relative-distance"
                + " --w-sdd 0.5`, see also --sdd-divergence; not flags: a--b, -pl, --, x--y");
        assertEquals(Set.of("--no-relative-distance", "--sdd-divergence", "--w-sdd"), named);
        named.retainAll(FlagNames.acceptedBySomeCommand());
        assertEquals(Set.of("--w-sdd"), named);
    }

    @Test
    void everyForeignFlagIsOneTheDocsStillShowAndNoCommandHas() throws IOException {
        StringBuilder all = new StringBuilder();
        for (Path page : pages()) {
            all.append(Files.readString(page));
        }
        Set<String> shown = FlagNames.in(all.toString());
        for (String flag : FOREIGN.keySet()) {
            assertTrue(shown.contains(flag), flag + " is no longer in the docs: drop it from FOREIGN");
            assertTrue(!FlagNames.acceptedBySomeCommand().contains(flag), flag + " is a setclip flag now");
        }
    }

    /** README.md and docs/*.md. */
    private static List<Path> pages() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(root().resolve("README.md")));
        try (Stream<Path> docs = Files.list(root().resolve("docs"))) {
            docs.filter(p -> p.getFileName().toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        assertTrue(pages.size() > 5, "found only " + pages);
        return pages;
    }

    /** The repository's root: the nearest folder up from the module that holds README.md and docs/. */
    private static Path root() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("README.md")) && Files.isDirectory(p.resolve("docs"))) {
                return p;
            }
        }
        throw new AssertionError("no README.md and docs/ above " + Path.of("").toAbsolutePath());
    }
}
