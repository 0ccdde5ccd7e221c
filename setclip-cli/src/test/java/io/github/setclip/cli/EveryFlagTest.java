package io.github.setclip.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.setclip.data.npy.NpyFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

/**
 * Every option of every command, given on its own on top of a command line that works, either
 * changes what the command does or is refused with a usage error that names it (or the flag of the
 * command line it conflicts with): an accepted flag
 * that does nothing is the worst kind of error (issue 11; {@code setclip loss} once accepted
 * {@code --sdd-mse} and ignored it).
 *
 * <p>Each command is tried in several contexts (a mode, a method, a dataset) because a flag can
 * matter in one and be ignored in another. "What the command does" is its plan, the value its
 * {@code plan()} resolves the flags into, seen through {@link PlanEffect}; for {@code loss}, which
 * is cheap, the numbers it prints and the gradients it writes as well. Every option must also
 * change something in at least one context, so that no option is only ever refused.
 */
class EveryFlagTest {

    /** Commands with positional parameters, and the test that tries them. */
    private static final Map<String, String> POSITIONALS_TRIED_BY = Map.of("results", "ResultsCommandTest");

    @TempDir static Path dir;
    private static FlagValues values;
    private static Map<String, List<Context>> contexts;
    private static final CommandLine cli = SetClip.commandLine();

    /**
     * A command line that works, named for the failure messages; its options map to their values,
     * and the key {@link #POSITIONAL} to the positional parameters (the tokens before any option).
     */
    record Context(String command, String name, Map<String, List<String>> options) {

        static final String POSITIONAL = "";

        static Context of(String command, String name, String... tokens) {
            Map<String, List<String>> options = new LinkedHashMap<>();
            String option = POSITIONAL;
            for (String token : tokens) {
                if (token.startsWith("--")) {
                    option = token;
                    options.put(option, new ArrayList<>());
                } else {
                    options.computeIfAbsent(option, o -> new ArrayList<>()).add(token);
                }
            }
            return new Context(command, name, options);
        }

        /** This command line with {@code option} given {@code value}, replacing any value it had. */
        String[] with(OptionSpec option, List<String> value) {
            Map<String, List<String>> changed = new LinkedHashMap<>(options);
            Arrays.stream(option.names()).forEach(changed::remove);
            changed.put(option.longestName(), value);
            return line(changed);
        }

        String[] line() {
            return line(options);
        }

        private String[] line(Map<String, List<String>> options) {
            List<String> args = new ArrayList<>(List.of(command));
            options.forEach((option, value) -> {
                if (!option.equals(POSITIONAL)) {
                    args.add(option);
                }
                args.addAll(value);
            });
            return args.toArray(String[]::new);
        }

        /** The value this command line gives {@code option}, or {@code null}. */
        List<String> valueOf(OptionSpec option) {
            return Arrays.stream(option.names()).map(options::get).filter(Objects::nonNull).findFirst()
                    .orElse(null);
        }
    }

    @BeforeAll
    static void fixtures() throws IOException {
        Path a = dir.resolve("a.npy");
        Path b = dir.resolve("b.npy");
        try (NDManager manager = NDManager.newBaseManager()) {
            manager.getEngine().setRandomSeed(11);
            NpyFile.write(a, manager.randomNormal(new Shape(10, 6), DataType.FLOAT64));
            NpyFile.write(b, manager.randomNormal(new Shape(10, 6), DataType.FLOAT64));
        }
        Path runA = Files.createDirectories(dir.resolve("run-a"));
        Path runB = Files.createDirectories(dir.resolve("run-b"));
        Path templates = Files.writeString(dir.resolve("templates.txt"), "a drawing of {}\n");
        values = new FlagValues(List.of(a, b), List.of(runA, runB), templates);

        String[] features = {"--dataset", "features", "--s-features", a.toString(), b.toString(),
            "--t-features", b.toString(), a.toString(), "--pairs", a.toString()};
        String[] groups = Stream.concat(Arrays.stream(features), Stream.of("--s-groups", a.toString(),
                "--t-groups", b.toString())).toArray(String[]::new);
        String[] captions = {"--dataset", "captions", "--captions", a.toString()};
        String[] fashion = {"--dataset", "fashion-mnist-halves"};
        contexts = Map.of(
                "pretrain", List.of(
                        Context.of("pretrain", "defaults"),
                        Context.of("pretrain", "--output", "--output", runA.toString()),
                        Context.of("pretrain", "--method clip", "--method", "clip"),
                        Context.of("pretrain", "--patience 5", "--patience", "5"),
                        Context.of("pretrain", "--recipe paper", "--recipe", "paper"),
                        Context.of("pretrain", "--balance-terms", "--balance-terms"),
                        Context.of("pretrain", "--method s-clip", "--method", "s-clip"),
                        Context.of("pretrain", "--method soft-pl", "--method", "soft-pl"),
                        Context.of("pretrain", "--method nn-pairs", "--method", "nn-pairs"),
                        Context.of("pretrain", "--method two-stage", "--method", "two-stage"),
                        Context.of("pretrain", "fashion", fashion),
                        Context.of("pretrain", "captions", captions),
                        Context.of("pretrain", "pretrained towers", "--image-encoder", "torchscript:" + a,
                                "--text-encoder", "minilm", "--lock-text"),
                        Context.of("pretrain", "features", features),
                        Context.of("pretrain", "features with groups", groups)),
                "experiment", List.of(
                        Context.of("experiment", "comparison"),
                        Context.of("experiment", "--recipes clip,paper", "--recipes", "clip,paper"),
                        Context.of("experiment", "--recipes with every kind of arm", "--recipes",
                                "clip,neg+ssl+mmd+sdd+bal+queue,pl,nn,twostage"),
                        Context.of("experiment", "--attribution", "--attribution"),
                        Context.of("experiment", "pretrained towers", "--image-encoder", "torchscript:" + a,
                                "--text-encoder", "minilm", "--lock-text"),
                        Context.of("experiment", "--zero-pair", "--zero-pair"),
                        Context.of("experiment", "--sweep", "--sweep", "bandwidth=0.5,1"),
                        Context.of("experiment", "--balance-terms", "--balance-terms"),
                        Context.of("experiment", "fashion", fashion),
                        Context.of("experiment", "captions", captions),
                        Context.of("experiment", "features", features),
                        Context.of("experiment", "features with groups", groups)),
                "eval", List.of(
                        Context.of("eval", "run data", "--model", runA.toString()),
                        Context.of("eval", "--captions", "--model", runA.toString(), "--captions", a.toString())),
                "embed", List.of(
                        Context.of("embed", "run data", "--model", runA.toString(), "--output", runB.toString()),
                        Context.of("embed", "--captions", "--model", runA.toString(), "--output", runB.toString(),
                                "--captions", a.toString())),
                "tokenizer", List.of(
                        Context.of("tokenizer", "a captions file", "--captions", a.toString(), "--output",
                                runA.toString())),
                "loss", List.of(
                        Context.of("loss", "no second views", "--s", a.toString(), "--t", b.toString(),
                                "--paired", "4"),
                        Context.of("loss", "second views", "--s", a.toString(), "--t", b.toString(),
                                "--paired", "4", "--s-pos", b.toString(), "--t-pos", a.toString())),
                "export-emoji", List.of(
                        Context.of("export-emoji", "an empty folder", "--output",
                                Files.createDirectories(dir.resolve("export")).toString())),
                "results", List.of(
                        Context.of("results", "one folder", runA.toString()),
                        Context.of("results", "two folders", runA.toString(), runB.toString())));
    }

    @Test
    void everyOptionChangesThePlanOrIsRefusedByName() {
        List<String> problems = new ArrayList<>();
        for (String command : cli.getSubcommands().keySet()) {
            List<Context> tried = contexts.get(command);
            if (tried == null) {
                problems.add(command + ": no context to try its options in; add one to EveryFlagTest");
                continue;
            }
            Map<String, List<String>> changedIn = new TreeMap<>();
            List<OptionSpec> options = options(command, problems);
            for (Context context : tried) {
                Object baseline;
                try {
                    baseline = PlanEffect.of(parse(context.line()));
                } catch (RuntimeException e) {
                    problems.add(command + " [" + context.name() + "]: the context itself fails: " + e);
                    continue;
                }
                for (OptionSpec option : options) {
                    changedIn.putIfAbsent(option.longestName(), new ArrayList<>());
                    if (isFlagTheContextGives(context, option)) {
                        continue; // tried where the context does not give it
                    }
                    String problem = problem(context, option, baseline, changedIn);
                    if (problem != null) {
                        problems.add(command + " " + option.longestName() + " [" + context.name() + "]: " + problem);
                    }
                }
            }
            changedIn.forEach((option, where) -> {
                if (where.isEmpty()) {
                    problems.add(command + " " + option + ": changes nothing in any context tried; add one"
                            + " where it applies");
                }
            });
        }
        assertTrue(problems.isEmpty(), problems.size() + " flags misbehave:\n" + String.join("\n", problems));
    }

    /**
     * What is wrong with giving {@code option} in {@code context}, or {@code null} if nothing: it
     * must change the plan or be refused by name for at least one of the values tried, and a value
     * the test gives must parse.
     */
    private static String problem(Context context, OptionSpec option, Object baseline,
            Map<String, List<String>> changedIn) {
        List<List<String>> tried;
        try {
            tried = values.others(option, context.valueOf(option));
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        List<String> unchanged = new ArrayList<>();
        for (List<String> value : tried) {
            String[] line = context.with(option, value);
            Object command;
            try {
                command = parse(line);
            } catch (ParameterException e) {
                return "the test's value does not parse (" + String.join(" ", line) + "): " + e.getMessage();
            }
            try {
                if (!PlanEffect.of(command).equals(baseline)) {
                    changedIn.get(option.longestName()).add(context.name());
                    return null;
                }
                unchanged.add(String.join(" ", line));
            } catch (ParameterException e) {
                boolean named = Stream.concat(Arrays.stream(option.names()), context.options().keySet().stream()
                        .filter(o -> !o.equals(Context.POSITIONAL)))
                        .anyMatch(e.getMessage()::contains);
                return named ? null : "refused without naming it or the context's flags: " + e.getMessage();
            } catch (RuntimeException e) {
                return "plan() failed with " + e + " instead of a usage error";
            }
        }
        return "accepted but changes nothing (" + String.join("; ", unchanged) + ")";
    }

    @Test
    void everyLossOptionItAcceptsChangesTheNumbersItPrintsOrWrites() throws IOException {
        List<String> problems = new ArrayList<>();
        int compared = 0;
        for (Context context : contexts.get("loss")) {
            String baseline = lossOutput(context.line(), problems);
            for (OptionSpec option : options("loss", problems)) {
                List<String> names = List.of(option.names());
                if (names.contains("--json") || names.contains("--grad-out") || isFlagTheContextGives(context, option)) {
                    continue; // output only: where the numbers go, checked by the plan test
                }
                List<String> same = new ArrayList<>();
                boolean accepted = false;
                for (List<String> value : values.others(option, context.valueOf(option))) {
                    String[] line = context.with(option, value);
                    try {
                        PlanEffect.of(parse(line));
                    } catch (ParameterException refused) {
                        continue;
                    }
                    accepted = true;
                    if (!lossOutput(line, problems).equals(baseline)) {
                        same.clear();
                        break;
                    }
                    same.add(String.join(" ", line));
                }
                compared += accepted ? 1 : 0;
                if (!same.isEmpty()) {
                    problems.add("loss " + option.longestName() + " [" + context.name() + "]: accepted, but the"
                            + " terms and gradients are the same as without it (" + String.join("; ", same) + ")");
                }
            }
        }
        assertTrue(compared > 20, "only " + compared + " loss options were compared");
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    /** What loss prints as JSON and the gradients it writes, as one string. */
    private static String lossOutput(String[] line, List<String> problems) throws IOException {
        Path grads = Files.createTempDirectory(dir, "grads");
        List<String> args = new ArrayList<>(List.of(line));
        args.addAll(List.of("--json", "--grad-out", grads.toString()));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = SetClip.run(new PrintWriter(out), new PrintWriter(err), args.toArray(String[]::new));
        if (status != 0) {
            problems.add(String.join(" ", line) + ": exit " + status + ": " + err);
            return "";
        }
        return out + Arrays.toString(Files.readAllBytes(grads.resolve("dS.npy")))
                + Arrays.toString(Files.readAllBytes(grads.resolve("dT.npy")));
    }

    /**
     * The parsed subcommand object of a command line. One command tree serves every parse: picocli
     * resets every option to its initial value before parsing (building a tree costs more).
     */
    private static Object parse(String[] line) {
        return cli.parseArgs(line).subcommand().commandSpec().userObject();
    }

    /**
     * The command's options, help and version aside. Positional parameters are given by the
     * contexts, not varied here: a command may have them only if another test tries them.
     */
    private static List<OptionSpec> options(String command, List<String> problems) {
        CommandLine sub = cli.getSubcommands().get(command);
        if (!sub.getCommandSpec().positionalParameters().isEmpty() && !POSITIONALS_TRIED_BY.containsKey(command)) {
            problems.add(command + ": has positional parameters, which this test does not try");
        }
        return sub.getCommandSpec().options().stream().filter(o -> !o.usageHelp() && !o.versionHelp())
                .toList();
    }

    /** Whether the context gives this flag (an option without a value: nothing to vary). */
    private static boolean isFlagTheContextGives(Context context, OptionSpec option) {
        List<String> given = context.valueOf(option);
        return given != null && given.isEmpty();
    }
}
