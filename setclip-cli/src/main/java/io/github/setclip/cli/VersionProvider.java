package io.github.setclip.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** Reports the versions of SetCLIP-J, DJL and PyTorch the build was made with. */
final class VersionProvider implements IVersionProvider {

    @Override
    public String[] getVersion() {
        Properties versions = new Properties();
        try (InputStream in = VersionProvider.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                versions.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new String[] {
            "setclip " + versions.getProperty("version", "unknown"),
            "DJL " + versions.getProperty("djl", "unknown")
                    + ", PyTorch " + versions.getProperty("pytorch", "unknown")
                    + ", Java " + System.getProperty("java.version")
        };
    }
}
