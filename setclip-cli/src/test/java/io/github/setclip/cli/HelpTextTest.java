package io.github.setclip.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.setclip.train.Recipe;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** What {@code setclip COMMAND --help} says: only its own flags, one style of placeholder, no drift. */
class HelpTextTest {

    private static final CommandLine cli = SetClip.commandLine();

    @Test
    void eachCommandsHelpMentionsOnlyFlagsThatCommandAccepts() {
        List<String> problems = new ArrayList<>();
        cli.getSubcommands().forEach((name, command) -> {
            Set<String> foreign = new TreeSet<>(FlagNames.in(command.getUsageMessage()));
            foreign.removeAll(FlagNames.acceptedBy(command.getCommandSpec()));
            if (!foreign.isEmpty()) {
                problems.add("setclip " + name + " --help mentions " + foreign + ", which it refuses");
            }
        });
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void everyPlaceholderIsAnUppercaseNameOrTheListOfValues() {
        List<String> problems = new ArrayList<>();
        cli.getSubcommands().forEach((name, command) -> {
            for (OptionSpec option : command.getCommandSpec().options()) {
                String label = option.paramLabel();
                boolean takesValue = option.arity().max() > 0;
                boolean placeholder = label.matches("[A-Z][A-Z0-9_]*(\\.npy)?(\\[,[A-Z]+\\.\\.\\.])?(=V1,V2,\\.\\.\\.)?");
                boolean values = label.matches("[a-z0-9-]+(\\|[a-z0-9-]+)+");
                if (takesValue && !placeholder && !values) {
                    problems.add(name + " " + option.longestName() + "=" + label);
                }
            }
        });
        assertTrue(problems.isEmpty(), "placeholders in another style (picocli's <field> default?): " + problems);
    }

    @Test
    void everyDefaultTheHelpQuotesIsFilledIn() {
        cli.getSubcommands().forEach((name, command) -> {
            String help = command.getUsageMessage();
            assertFalse(help.contains("${"), "setclip " + name + " --help leaves a variable unfilled:\n" + help);
        });
    }

    @Test
    void theHelpQuotesTheDefaultsFromTheirHomes() {
        String help = cli.getSubcommands().get("pretrain").getUsageMessage().replaceAll("\\s+", " ");
        for (String quoted : List.of("Epochs (the cap under early stopping; default 25)", "(default 1e-3)",
                "default 1 for the spec's form, 0.5 for the authors'", "Weight of MMD (default 0.2)",
                "nn-pairs: steps before the first mining (default 100)")) {
            assertTrue(help.contains(quoted), quoted + " missing from:\n" + help);
        }
    }

    @Test
    void devicesShowTheirCommaSeparatedListOnce() {
        String help = cli.getSubcommands().get("pretrain").getUsageMessage();
        assertTrue(help.contains("--devices=DEVICE[,DEVICE...]"), help);
        assertFalse(help.contains("D1,D2"), help);
    }

    @Test
    void theLearningRateHelpSaysItsSchedule() {
        String lr = cli.getSubcommands().get("pretrain").getCommandSpec().findOption("--lr").description()[0];
        assertTrue(lr.contains("rises linearly over the --warmup steps") && lr.contains("cosine")
                && lr.contains("zero"), lr);
    }

    @Test
    void theRecipeHelpAndTheRecipeErrorListTheSameIngredients() {
        String listed = String.join(", ", Recipe.INGREDIENTS);
        for (String command : List.of("pretrain", "experiment")) {
            String help = cli.getSubcommands().get(command).getUsageMessage().replaceAll("\\s+", " ");
            assertTrue(help.contains(listed), command + " --help should list " + listed + ":\n" + help);
        }
        LossCommandTest.Run refused = LossCommandTest.run("pretrain", "--recipe", "neg+salt");
        assertEquals(2, refused.status(), refused.err());
        assertTrue(refused.err().contains("unknown ingredient 'salt'") && refused.err().contains(
                Recipe.INGREDIENTS.toString()), refused.err());
    }
}
