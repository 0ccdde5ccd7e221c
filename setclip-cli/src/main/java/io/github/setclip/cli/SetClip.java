package io.github.setclip.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/** Entry point of the {@code setclip} tool: {@code java -jar setclip.jar COMMAND [OPTIONS]}. */
public final class SetClip {

    private SetClip() {}

    /**
     * Runs the tool and exits with its status: 0 on success, 1 when the work failed (bad input
     * file, non-finite loss...), 2 on a usage error.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /**
     * Runs the tool with the given output streams, for embedding and tests.
     *
     * @param out standard output
     * @param err standard error
     * @param args the command line
     * @return the exit status
     */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        OfflineEngine.preferOffline();
        CommandLine cli = commandLine();
        cli.setOut(out);
        cli.setErr(err);
        return cli.execute(args);
    }

    /** The configured command tree. */
    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new SetClipCommand());
        cli.setExecutionExceptionHandler(new ErrorReporter());
        cli.setParameterExceptionHandler(new UsageErrorReporter());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        return cli;
    }
}
