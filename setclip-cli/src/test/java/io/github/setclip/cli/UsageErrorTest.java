package io.github.setclip.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A usage error prints its line and where to read more, not the whole help text that buried it
 * (issue 18: 175 lines for one wrong value); exit status 2.
 */
class UsageErrorTest {

    private static List<String> refused(String... args) {
        LossCommandTest.Run run = LossCommandTest.run(args);
        assertEquals(2, run.status(), run.err());
        return run.err().strip().lines().toList();
    }

    @Test
    void aBadValueIsItsOneLineThenWhereTheHelpIs() {
        assertEquals(List.of("--batch-size must be >= 2, got 1", "see 'setclip pretrain --help'"),
                refused("pretrain", "--batch-size", "1"));
    }

    @Test
    void aNegativeEvaluationIntervalIsOneLineInEitherTrainingCommand() {
        assertEquals(List.of("--eval-every must be >= 0 steps, got -1", "see 'setclip pretrain --help'"),
                refused("pretrain", "--eval-every", "-1"));
        assertEquals(List.of("--eval-every must be >= 0 steps, got -5", "see 'setclip experiment --help'"),
                refused("experiment", "--eval-every", "-5"));
    }

    @Test
    void aFlagTheCommandRefusesSaysWhyThenWhereTheHelpIs() {
        assertEquals(List.of("--threads must be >= 1, got 0", "see 'setclip eval --help'"),
                refused("eval", "--model", "run", "--threads", "0"));
    }

    @Test
    void aMistypedFlagSuggestsTheNearestOnes() {
        List<String> lines = refused("pretrain", "--epoch", "3");
        assertEquals("Unknown options: '--epoch', '3'", lines.get(0));
        assertEquals(true, lines.contains("Possible solutions: --epochs"), String.join("\n", lines));
        assertEquals("see 'setclip pretrain --help'", lines.get(lines.size() - 1));
    }

    @Test
    void noCommandPointsAtTheToolsHelp() {
        assertEquals(List.of("Missing command: one of pretrain, experiment, eval, embed, loss, results, tokenizer,"
                + " export-emoji",
                "see 'setclip --help'"), refused());
    }
}
