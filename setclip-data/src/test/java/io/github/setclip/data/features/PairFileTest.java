package io.github.setclip.data.features;

import static io.github.setclip.data.features.FeatureTableTest.lines;
import static io.github.setclip.data.features.FeatureTableTest.matrix;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.setclip.data.BadInputException;
import io.github.setclip.data.BadRows;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PairFileTest {

    @TempDir Path dir;
    private FeatureTable s;
    private FeatureTable t;

    @BeforeEach
    void tables() throws IOException {
        s = FeatureTable.read(matrix(dir, "s.npy", new float[8], 4, 2), lines(dir, "s.txt", "s0", "s1", "s2", "s3"),
                BadRows.fail());
        t = FeatureTable.read(matrix(dir, "t.npy", new float[9], 3, 3), lines(dir, "t.txt", "t0", "t1", "t2"),
                BadRows.fail());
    }

    private static void assertMessage(String message, String... parts) {
        for (String part : parts) {
            assertTrue(message.contains(part), "'" + part + "' missing in: " + message);
        }
    }

    @Test
    void declaresThePairsAndLeavesEveryOtherRowUnpaired() throws IOException {
        Path pairs = lines(dir, "pairs.csv", "s_id,t_id", "# matched by hand", "s2,t0", "", "  s0\tt2  ");
        FeaturePairs p = PairFile.read(pairs, s, t, BadRows.fail());
        assertArrayEquals(new int[] {2, 0}, p.pairedS());
        assertArrayEquals(new int[] {0, 2}, p.pairedT());
        assertArrayEquals(new int[] {1, 3}, p.unpairedS());
        assertArrayEquals(new int[] {1}, p.unpairedT());
        assertEquals(2, p.numPaired());
        assertEquals(2, p.numUnpairedS());
        assertEquals(1, p.numUnpairedT());
        assertEquals("FeaturePairs{paired=2, unpairedS=2, unpairedT=1}", p.toString());
    }

    @Test
    void acceptsSpacesTabsCommasQuotesAndNoHeader() throws IOException {
        FeaturePairs p = PairFile.read(lines(dir, "p.txt", "s1 t1", "s3 ,  t0", "\"s0\",\"t2\""), s, t, BadRows.fail());
        assertArrayEquals(new int[] {1, 3, 0}, p.pairedS());
        assertArrayEquals(new int[] {1, 0, 2}, p.pairedT());
        assertEquals(0, PairFile.read(lines(dir, "none.txt", "# nothing paired"), s, t, BadRows.fail()).numPaired());
    }

    @Test
    void anUnknownIdIsABadRowNamingFileLineAndSide() throws IOException {
        Path pairs = lines(dir, "pairs.csv", "s_id,t_id", "s0,t0", "s9,t1", "s1,t7", "s8,t8", "s1,t1,x", "s_id,t_id");
        BadInputException e = assertThrows(BadInputException.class, () -> PairFile.read(pairs, s, t, BadRows.fail()));
        assertMessage(e.getMessage(), pairs + ":3: unknown S id s9 (not in " + dir.resolve("s.txt") + ")");
        BadRows skip = BadRows.skip();
        FeaturePairs p = PairFile.read(pairs, s, t, skip);
        assertEquals(1, p.numPaired());
        assertEquals(5, skip.skipped());
        assertMessage(skip.messages().get(1), pairs + ":4: unknown T id t7");
        assertMessage(skip.messages().get(2), pairs + ":5: unknown S id s8", "; unknown T id t8");
        assertMessage(skip.messages().get(3), pairs + ":6: malformed line: expected two ids");
        assertMessage(skip.messages().get(4), pairs + ":7: unknown S id s_id");
    }

    @Test
    void anIdWhoseRowWasSkippedIsNamedAsSuch() throws IOException {
        BadRows skip = BadRows.skip();
        FeatureTable nan = FeatureTable.read(matrix(dir, "n.npy", new float[] {1, 2, Float.NaN, 4}, 2, 2),
                lines(dir, "n.txt", "n0", "n1"), skip);
        PairFile.read(lines(dir, "p.csv", "n1,t0", "n0,t1"), nan, t, skip);
        assertEquals(2, skip.skipped());
        assertMessage(skip.messages().get(1), "p.csv:1: S id n1 names a row skipped as bad in " + dir.resolve("n.npy"));
    }

    @Test
    void anIdPairedTwiceIsAnErrorEvenWhenSkipping() throws IOException {
        Path twiceT = lines(dir, "twice.csv", "s0,t0", "s1,t0");
        assertMessage(assertThrows(BadInputException.class, () -> PairFile.read(twiceT, s, t, BadRows.skip()))
                .getMessage(), twiceT + ":2: T id t0 is already paired on line 1");
        Path twiceS = lines(dir, "twiceS.csv", "# c", "s2,t0", "s2,t1");
        assertMessage(assertThrows(BadInputException.class, () -> PairFile.read(twiceS, s, t, BadRows.skip()))
                .getMessage(), twiceS + ":3: S id s2 is already paired on line 2");
        Path missing = dir.resolve("missing.csv");
        assertMessage(assertThrows(BadInputException.class, () -> PairFile.read(missing, s, t, BadRows.skip()))
                .getMessage(), missing + ": no such file");
    }
}
