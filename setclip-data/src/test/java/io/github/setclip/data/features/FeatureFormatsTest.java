package io.github.setclip.data.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.setclip.data.BadInputException;
import io.github.setclip.data.BadRows;
import io.github.setclip.data.npy.NpyFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeatureFormatsTest {

    @TempDir Path dir;

    private Path matrix(String name, float[] values, int rows, int cols) throws IOException {
        Path file = dir.resolve(name);
        try (NDManager m = NDManager.newBaseManager()) {
            NpyFile.write(file, m.create(values, new Shape(rows, cols)));
        }
        return file;
    }

    private Path lines(String name, String... lines) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, List.of(lines));
        return file;
    }

    @Test
    void aTableMapsIdsToRowsAndBuildsBatches() throws IOException {
        FeatureTable t = FeatureTable.read(matrix("s.npy", new float[] {1, 2, 3, 4, 5, 6}, 3, 2),
                lines("s.txt", "P1", "P2", "P3"), 2, BadRows.fail());
        assertEquals(3, t.size());
        assertEquals(1, t.rowOf("P2"));
        assertEquals(-1, t.rowOf("nope"));
        try (NDManager m = NDManager.newBaseManager()) {
            assertArrayEquals(new float[] {5, 6, 1, 2}, t.rows(m, new int[] {2, 0}).toFloatArray());
        }
    }

    @Test
    void countMismatchWidthDuplicatesAndNaNAreReported() throws IOException {
        Path npy = matrix("m.npy", new float[] {1, 2, Float.NaN, 4, 5, 6}, 3, 2);
        BadInputException count = assertThrows(BadInputException.class,
                () -> FeatureTable.read(npy, lines("two.txt", "a", "b"), 0, BadRows.fail()));
        assertTrue(count.getMessage().contains("2 ids") && count.getMessage().contains("3 rows"), count.getMessage());
        BadInputException width = assertThrows(BadInputException.class,
                () -> FeatureTable.read(npy, lines("ids.txt", "a", "b", "c"), 5, BadRows.fail()));
        assertTrue(width.getMessage().contains("2 wide, expected 5"), width.getMessage());
        Path clean = matrix("clean.npy", new float[] {1, 2, 3, 4, 5, 6}, 3, 2);
        BadInputException dup = assertThrows(BadInputException.class,
                () -> FeatureTable.read(clean, lines("dup.txt", "a", "b", "a"), 0, BadRows.fail()));
        assertTrue(dup.getMessage().contains("dup.txt:3") && dup.getMessage().contains("repeats line 1"),
                dup.getMessage());
        BadInputException nan = assertThrows(BadInputException.class,
                () -> FeatureTable.read(npy, lines("ids.txt", "a", "b", "c"), 0, BadRows.fail()));
        assertTrue(nan.getMessage().contains("ids.txt:2") && nan.getMessage().contains("NaN"), nan.getMessage());
        BadRows skip = BadRows.skip();
        FeatureTable kept = FeatureTable.read(npy, lines("ids.txt", "a", "b", "c"), 0, skip);
        assertEquals(List.of("a", "c"), kept.ids());
        assertEquals(1, skip.skipped());
    }

    @Test
    void thePairsFileDeclaresThePairsAndEverythingElseIsUnpaired() throws IOException {
        FeatureTable s = FeatureTable.read(matrix("s.npy", new float[8], 4, 2),
                lines("s.txt", "s0", "s1", "s2", "s3"), 0, BadRows.fail());
        FeatureTable t = FeatureTable.read(matrix("t.npy", new float[9], 3, 3),
                lines("t.txt", "t0", "t1", "t2"), 0, BadRows.fail());
        Path pairs = lines("pairs.csv", "s_id,t_id", "# matched by hand", "s2,t0", "s0\tt2", "", "s9,t1");
        BadInputException unknown = assertThrows(BadInputException.class,
                () -> FeaturePairs.read(pairs, s, t, BadRows.fail()));
        assertTrue(unknown.getMessage().contains("pairs.csv:6") && unknown.getMessage().contains("unknown S id s9"),
                unknown.getMessage());
        FeaturePairs p = FeaturePairs.read(pairs, s, t, BadRows.skip());
        assertArrayEquals(new int[] {2, 0}, p.pairedS());
        assertArrayEquals(new int[] {0, 2}, p.pairedT());
        assertArrayEquals(new int[] {1, 3}, p.unpairedS());
        assertArrayEquals(new int[] {1}, p.unpairedT());

        Path twice = lines("twice.csv", "s0,t0", "s1,t0");
        BadInputException e = assertThrows(BadInputException.class,
                () -> FeaturePairs.read(twice, s, t, BadRows.skip()));
        assertTrue(e.getMessage().contains("twice.csv:2") && e.getMessage().contains("already paired on line 1"),
                e.getMessage());
    }
}
