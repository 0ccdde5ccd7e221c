package io.github.setclip.cli;

import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** The long flags a text names, and the flags the commands accept, for tests that compare the two. */
final class FlagNames {

    /** A long flag: two dashes, a letter, then letters, digits and dashes, not inside a longer word. */
    private static final Pattern FLAG = Pattern.compile("(?<![\\w-])--[a-z][a-z0-9]*(?:-[a-z0-9]+)*");

    private FlagNames() {}

    /** Every long flag written in {@code text}, in order of name. */
    static Set<String> in(String text) {
        Set<String> flags = new TreeSet<>();
        Matcher m = FLAG.matcher(text);
        while (m.find()) {
            flags.add(m.group());
        }
        return flags;
    }

    /** Every option name of {@code command}, help and version included. */
    static Set<String> acceptedBy(CommandSpec command) {
        Set<String> names = new TreeSet<>();
        for (OptionSpec option : command.options()) {
            names.addAll(Arrays.asList(option.names()));
        }
        return names;
    }

    /** Every option name of the setclip command and of each of its subcommands, at any depth. */
    static Set<String> acceptedBySomeCommand() {
        Set<String> names = new TreeSet<>();
        collect(SetClip.commandLine(), names);
        return names;
    }

    private static void collect(CommandLine command, Set<String> names) {
        names.addAll(acceptedBy(command.getCommandSpec()));
        command.getSubcommands().values().forEach(sub -> collect(sub, names));
    }
}
