package io.github.setclip.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.setclip.tasks.experiment.FinishedRuns;
import io.github.setclip.tasks.experiment.VerdictTable;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code setclip results} on a committed sample (src/test/resources/results-sample: arms clip,
 * neg and clip-all, seeds 1-3, one run of neg stopped early), checked against figures worked out
 * by hand below, and its one-line refusals of bad input.
 *
 * <p>The sample's test mean recall (percent): clip 50, 52, 54; neg 51, 55, 56; clip-all 70, 72, 74.
 * Group P@10: clip 30, 30, 30; neg 31, 31, 34. With 3 seeds the t distribution has 2 degrees of
 * freedom, whose two-sided tail is closed-form: p = 1 - |t| / sqrt(t² + 2).
 */
class ResultsCommandTest {

    @TempDir Path dir;

    private static Path sample(String name) {
        try {
            return Path.of(ResultsCommandTest.class.getResource("/results-sample/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new AssertionError(e);
        }
    }

    /** Two-sided p of Student's t on 2 degrees of freedom. */
    private static double pTwoDegrees(double t) {
        return 1 - Math.abs(t) / Math.sqrt(t * t + 2);
    }

    @Test
    void theFiguresAreThoseWorkedOutByHand() throws IOException {
        VerdictTable table = new VerdictTable(FinishedRuns.read(List.of(sample("folder"))), List.of(), "auto");
        assertEquals("retrieval/s2t_group_P@10", table.precision(), "auto picks group P@10 when runs have it");

        VerdictTable.Row clip = table.row("clip");
        assertEquals(52.0, clip.mean(), 1e-9);
        assertEquals(2.0, clip.sd(), 1e-9); // deviations -2, 0, 2: sqrt(8 / 2)

        VerdictTable.Row neg = table.row("neg");
        assertEquals(Map.of(1L, 51.0, 2L, 55.0, 3L, 56.0), Map.copyOf(neg.seeds()).entrySet().stream()
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> Math.rint(e.getValue()))));
        assertEquals(54.0, neg.mean(), 1e-9);
        assertEquals(Math.sqrt(7), neg.sd(), 1e-9); // deviations -3, 1, 2: sqrt(14 / 2)
        // differences 1, 3, 2: mean 2, sd 1, t = 2 / (1 / sqrt 3)
        assertEquals(2.0, neg.delta(), 1e-9);
        assertEquals(pTwoDegrees(2 * Math.sqrt(3)), neg.p(), 1e-9);
        assertEquals(0.0742, neg.p(), 1e-4);
        assertEquals(0.10, neg.gapClosed(), 1e-9); // 2 of the 72 - 52 = 20 points
        // group P@10 differences 1, 1, 4: mean 2, sd sqrt 3, t = 2 / (sqrt 3 / sqrt 3) = 2
        assertEquals(2.0, neg.precisionDelta(), 1e-9);
        assertEquals(pTwoDegrees(2), neg.precisionP(), 1e-9);
        assertEquals((100 + 100 + 50) / 3.0, neg.stepsToBest(), 1e-9);
        assertEquals(60, neg.fewestSteps());
        assertEquals(100, neg.mostSteps());
        assertEquals(List.of("seed 3 at step 60"), neg.stoppedEarly());

        VerdictTable.Row all = table.row("clip-all");
        assertEquals(20.0, all.delta(), 1e-9);
        assertEquals(1.0, all.gapClosed(), 1e-9);
    }

    @Test
    void theCommandPrintsOneMarkdownRowPerArmBaselineFirst() {
        LossCommandTest.Run run = LossCommandTest.run("results", sample("folder").toString());
        assertEquals(0, run.status(), run.err());
        List<String> rows = run.out().lines().filter(l -> l.startsWith("| ") && !l.startsWith("| arm")).toList();
        assertEquals(3, rows.size(), run.out());
        assertTrue(rows.get(0).startsWith("| clip | 50.0 | 52.0 | 54.0 | 52.0 ± 2.0 | — | — | — | 30.0 | 97 |"),
                rows.get(0));
        assertTrue(rows.get(1).startsWith("| neg | 51.0 | 55.0 | 56.0 | 54.0 ± 2.6 | +2.0 | 0.074 | +10% | +2.0, 0.18"
                + " | 83 | 833 | 60-100 | 40 | 1 (seed 3 at step 60) |"), rows.get(1));
        assertTrue(rows.get(2).startsWith("| clip-all |") && rows.get(2).contains("| +20.0 | < 0.001 | 100% |"),
                rows.get(2));
    }

    @Test
    void armsChooseTheRowsAndTheBaselineAndPrecisionTheMetric() {
        LossCommandTest.Run run = LossCommandTest.run("results", sample("folder").toString(), "--arms", "neg,clip",
                "--precision", "s2t_class_P@10");
        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().contains("against neg") && run.out().contains("s2t_class_P@10: Δ, p"), run.out());
        assertTrue(run.out().contains("| clip | 50.0 | 52.0 | 54.0 | 52.0 ± 2.0 | -2.0 | 0.074 |"), run.out());
        assertFalse(run.out().contains("| clip-all |"), run.out());
    }

    @Test
    void anExperimentJsonGivesTheSameTableAsThePerRunFiles() {
        LossCommandTest.Run folder = LossCommandTest.run("results", sample("folder").toString());
        LossCommandTest.Run json = LossCommandTest.run("results", sample("experiment.json").toString());
        assertEquals(0, json.status(), json.err());
        assertEquals(folder.out(), json.out());
    }

    @Test
    void byFolderComparesTheSameRecipeAcrossExperiments() {
        LossCommandTest.Run run = LossCommandTest.run("results", sample("folder").toString(),
                sample("experiment.json").toString(), "--by-folder", "--arms", "results-sample/clip,folder/neg");
        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().contains("| results-sample/clip | 50.0 | 52.0 | 54.0 | 52.0 ± 2.0 | — |"), run.out());
        assertTrue(run.out().contains("| folder/neg | 51.0 | 55.0 | 56.0 | 54.0 ± 2.6 | +2.0 | 0.074 |"), run.out());
    }

    @Test
    void outputWritesTheTableToAFile() throws IOException {
        Path file = dir.resolve("table.md");
        LossCommandTest.Run run = LossCommandTest.run("results", sample("folder").toString(), "--output",
                file.toString());
        assertEquals(0, run.status(), run.err());
        assertEquals("", run.out());
        assertEquals(LossCommandTest.run("results", sample("folder").toString()).out(), Files.readString(file));
    }

    @Test
    void theCommittedFashionVerdictGivesTheEarlyStopsResultsMdReports() {
        Path folder = Path.of("").toAbsolutePath();
        while (!Files.isDirectory(folder.resolve("docs/experiments/verdict-fashion"))) {
            folder = folder.getParent();
        }
        LossCommandTest.Run run = LossCommandTest.run("results",
                folder.resolve("docs/experiments/verdict-fashion").toString());
        assertEquals(0, run.status(), run.err());
        Map<String, String> stops = Map.of(
                "clip", "| 814 | 235 | 0 of 5 |",
                "ssl+mmd+sdd", "| 770-814 | 331 | 1 (seed 1 at step 770) |",
                "neg+ssl+mmd+sdd", "| 2 (seed 3 at step 748, seed 5 at step 550) |",
                "nn", "| 2 (seed 4 at step 396, seed 5 at step 770) |",
                "paper", "| 864 | 202 | 0 of 5 |");
        stops.forEach((arm, cells) -> assertTrue(run.out().lines().anyMatch(l -> l.startsWith("| " + arm + " |")
                && l.endsWith(cells)), arm + " should end with " + cells + ":\n" + run.out()));
    }

    @Test
    void badInputIsOneLineAndAFailingStatus() throws IOException {
        Path damaged = Files.createDirectories(dir.resolve("damaged/clip/seed-1"));
        Files.writeString(damaged.resolve("result.json"), "{\"arm\": \"clip\", \"seed\": 1, \"metrics\": {");
        Path empty = Files.createDirectories(dir.resolve("empty"));
        Map<String, String[]> cases = Map.of(
                "file not found", new String[] {"results", dir.resolve("missing").toString()},
                "holds no finished run", new String[] {"results", empty.toString()},
                "is damaged", new String[] {"results", dir.resolve("damaged").toString()},
                "no runs of arm 'sll'", new String[] {"results", sample("folder").toString(), "--arms", "clip,sll"},
                "the metric retrieval/s2t_zz_P@10", new String[] {"results", sample("folder").toString(),
                    "--precision", "s2t_zz_P@10"},
                "is read twice", new String[] {"results", sample("folder").toString(),
                    sample("experiment.json").toString()});
        cases.forEach((message, line) -> {
            LossCommandTest.Run run = LossCommandTest.run(line);
            assertNotEquals(0, run.status(), String.join(" ", line));
            assertTrue(run.err().contains(message), message + " in: " + run.err());
            assertEquals(1, run.err().strip().lines().count(), "one line, no stack trace: " + run.err());
        });
    }
}
