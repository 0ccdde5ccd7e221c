package io.github.setclip.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Reports a usage error (a bad flag, a bad value, a bad combination) as its one line, picocli's
 * "did you mean" suggestions for a mistyped flag, and where to read more, instead of the whole
 * help text, which buries the line that matters; exit status 2.
 */
final class UsageErrorReporter implements IParameterExceptionHandler {

    @Override
    public int handleParseException(ParameterException e, String[] args) {
        CommandLine cli = e.getCommandLine();
        PrintWriter err = cli.getErr();
        err.println(e.getMessage());
        UnmatchedArgumentException.printSuggestions(e, err);
        err.println("see '" + cli.getCommandSpec().qualifiedName() + " --help'");
        err.flush();
        return cli.getCommandSpec().exitCodeOnInvalidInput();
    }
}
