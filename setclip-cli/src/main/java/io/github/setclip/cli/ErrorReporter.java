package io.github.setclip.cli;

import io.github.setclip.data.FileErrors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns a failure inside a command into one readable line on standard error and exit status 1.
 * Bad input (a missing or malformed file, a wrong shape, NaN, a damaged run folder, a folder that
 * cannot be written) is the user's to fix, so it gets a message, not a stack trace; anything
 * unexpected keeps its stack trace.
 */
final class ErrorReporter implements IExecutionExceptionHandler {

    static final int FAILED = 1;

    @Override
    public int handleExecutionException(Exception e, CommandLine cli, ParseResult parsed) {
        Throwable cause = e instanceof UncheckedIOException u ? u.getCause() : e;
        String command = cli.getCommandSpec().qualifiedName();
        if (cause instanceof NoSuchFileException missing) {
            cli.getErr().println(command + ": error: file not found: " + missing.getFile());
        } else if (cause instanceof IOException io
                && (io instanceof FileSystemException || io.getMessage() == null)) {
            cli.getErr().println(command + ": error: " + FileErrors.describe(io));
        } else if (cause instanceof IllegalArgumentException
                || cause instanceof IllegalStateException
                || cause instanceof IOException) {
            cli.getErr().println(command + ": error: " + SettingTable.message(cause));
        } else {
            cli.getErr().println(command + ": unexpected error: " + cause);
            cause.printStackTrace(cli.getErr());
        }
        cli.getErr().flush();
        return FAILED;
    }
}
