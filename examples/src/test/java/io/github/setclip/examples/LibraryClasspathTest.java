package io.github.setclip.examples;

import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** A program that uses the library as a dependency does not inherit the command-line tool. */
class LibraryClasspathTest {

    @Test
    void theLibraryBringsNeitherPicocliNorTheCommandLineTool() {
        assertThrows(ClassNotFoundException.class, () -> Class.forName("picocli.CommandLine"));
        assertThrows(ClassNotFoundException.class, () -> Class.forName("io.github.setclip.cli.SetClip"));
    }
}
