package io.github.setclip.data.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
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

class FeatureTableTest {

    @TempDir Path dir;

    static Path matrix(Path dir, String name, float[] values, int rows, int cols) throws IOException {
        Path file = dir.resolve(name);
        try (NDManager m = NDManager.newBaseManager()) {
            NpyFile.write(file, m.create(values, new Shape(rows, cols)));
        }
        return file;
    }

    static Path lines(Path dir, String name, String... lines) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, List.of(lines));
        return file;
    }

    private static void assertMessage(String message, String... parts) {
        for (String part : parts) {
            assertTrue(message.contains(part), "'" + part + "' missing in: " + message);
        }
    }

    @Test
    void mapsIdsToRowsAndBuildsFloat32Batches() throws IOException {
        FeatureTable t = FeatureTable.read(matrix(dir, "s.npy", new float[] {1, 2, 3, 4, 5, 6}, 3, 2),
                lines(dir, "s.txt", "P1", " P2 ", "P3", "", ""), BadRows.fail());
        assertEquals(3, t.size());
        assertEquals(2, t.width());
        assertEquals(List.of("P1", "P2", "P3"), t.ids());
        assertEquals(1, t.rowOf("P2"));
        assertEquals(-1, t.rowOf("nope"));
        assertEquals(dir.resolve("s.npy"), t.source());
        assertEquals(dir.resolve("s.txt"), t.idsSource());
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray batch = t.rows(m, new int[] {2, 0, 2});
            assertEquals(new Shape(3, 2), batch.getShape());
            assertEquals(DataType.FLOAT32, batch.getDataType());
            assertArrayEquals(new float[] {5, 6, 1, 2, 5, 6}, batch.toFloatArray());
            assertThrows(IndexOutOfBoundsException.class, () -> t.rows(m, new int[] {3}));
        }
    }

    @Test
    void readsFloat64MatricesAsFloat32() throws IOException {
        Path npy = dir.resolve("d.npy");
        try (NDManager m = NDManager.newBaseManager()) {
            NpyFile.write(npy, m.create(new double[] {0.5, -1.25, 3, 4}, new Shape(2, 2)));
            FeatureTable t = FeatureTable.read(npy, lines(dir, "d.txt", "a", "b"), 2, BadRows.fail());
            assertArrayEquals(new float[] {3, 4, 0.5f, -1.25f}, t.rows(m, new int[] {1, 0}).toFloatArray());
        }
    }

    @Test
    void rejectsAnIdsCountDifferentFromTheRowsNamingBothFilesAndCounts() throws IOException {
        Path npy = matrix(dir, "m.npy", new float[6], 3, 2);
        Path ids = lines(dir, "two.txt", "a", "b");
        BadInputException e = assertThrows(BadInputException.class, () -> FeatureTable.read(npy, ids, BadRows.skip()));
        assertMessage(e.getMessage(), ids + " has 2 ids", npy + " has 3 rows");
    }

    @Test
    void rejectsAMatrixOfTheWrongWidth() throws IOException {
        Path npy = matrix(dir, "m.npy", new float[6], 3, 2);
        BadInputException e = assertThrows(BadInputException.class,
                () -> FeatureTable.read(npy, lines(dir, "ids.txt", "a", "b", "c"), 5, BadRows.skip()));
        assertMessage(e.getMessage(), npy + ": rows are 2 wide, expected 5");
    }

    @Test
    void rejectsDuplicateEmptyAndMalformedIdsNamingTheLine() throws IOException {
        Path npy = matrix(dir, "m.npy", new float[6], 3, 2);
        Path dup = lines(dir, "dup.txt", "a", "b", "a");
        assertMessage(assertThrows(BadInputException.class, () -> FeatureTable.read(npy, dup, BadRows.skip()))
                .getMessage(), dup + ":3: duplicate id a (it repeats line 1)");
        Path empty = lines(dir, "empty.txt", "a", " ", "c");
        assertMessage(assertThrows(BadInputException.class, () -> FeatureTable.read(npy, empty, BadRows.skip()))
                .getMessage(), empty + ":2: empty id");
        Path spaced = lines(dir, "spaced.txt", "a", "b", "P69905 HBA_HUMAN");
        assertMessage(assertThrows(BadInputException.class, () -> FeatureTable.read(npy, spaced, BadRows.skip()))
                .getMessage(), spaced + ":3: id 'P69905 HBA_HUMAN' holds a space, tab or comma");
    }

    @Test
    void aRowHoldingNanOrInfinityIsABadRowNamedByTheIdsLine() throws IOException {
        Path npy = matrix(dir, "m.npy", new float[] {1, 2, 3, Float.NaN, 5, 6, Float.NEGATIVE_INFINITY, 8}, 4, 2);
        Path ids = lines(dir, "ids.txt", "a", "b", "c", "d");
        BadInputException e = assertThrows(BadInputException.class, () -> FeatureTable.read(npy, ids, BadRows.fail()));
        assertMessage(e.getMessage(), ids + ":2: row 1 (id b) of " + npy + " holds NaN at column 1");

        BadRows skip = BadRows.skip();
        FeatureTable kept = FeatureTable.read(npy, ids, skip);
        assertEquals(List.of("a", "c"), kept.ids());
        assertEquals(2, skip.skipped());
        assertMessage(skip.messages().get(1), ids + ":4: row 3 (id d)", "-Infinity at column 0");
        assertEquals(1, kept.rowOf("c"));
        assertEquals(-1, kept.rowOf("b"));
        assertTrue(kept.wasSkipped("b"));
        assertFalse(kept.wasSkipped("c"));
        try (NDManager m = NDManager.newBaseManager()) {
            assertArrayEquals(new float[] {5, 6, 1, 2}, kept.rows(m, new int[] {1, 0}).toFloatArray());
        }
    }

    @Test
    void aFloat64ValueBeyondTheFloat32RangeIsABadRow() throws IOException {
        Path npy = dir.resolve("big.npy");
        try (NDManager m = NDManager.newBaseManager()) {
            NpyFile.write(npy, m.create(new double[] {1, 2, 1e300, 4}, new Shape(2, 2)));
        }
        BadInputException e = assertThrows(BadInputException.class,
                () -> FeatureTable.read(npy, lines(dir, "big.txt", "a", "b"), BadRows.fail()));
        assertMessage(e.getMessage(), "big.txt:2", "1.0E300 at column 0, beyond the float32 range");
    }

    @Test
    void rejectsMissingFilesAndMalformedNpyNamingTheFile() throws IOException {
        Path ids = lines(dir, "ids.txt", "a");
        Path missing = dir.resolve("missing.npy");
        assertMessage(assertThrows(BadInputException.class, () -> FeatureTable.read(missing, ids, BadRows.fail()))
                .getMessage(), missing + ": no such file");
        Path garbage = dir.resolve("garbage.npy");
        Files.write(garbage, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12});
        assertMessage(assertThrows(BadInputException.class, () -> FeatureTable.read(garbage, ids, BadRows.fail()))
                .getMessage(), garbage + ": not a .npy file");
        Path vector = dir.resolve("vector.npy");
        try (NDManager m = NDManager.newBaseManager()) {
            NpyFile.write(vector, m.create(new float[] {1}));
        }
        assertMessage(assertThrows(BadInputException.class, () -> FeatureTable.read(vector, ids, BadRows.fail()))
                .getMessage(), vector + ": expected a 2-D");
    }
}
