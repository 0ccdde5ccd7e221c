package io.github.setclip.data.features;

import static io.github.setclip.data.features.FeatureTableTest.lines;
import static io.github.setclip.data.features.FeatureTableTest.matrix;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.setclip.data.BadInputException;
import io.github.setclip.data.BadRows;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GroupFileTest {

    @TempDir Path dir;
    private FeatureTable table;

    @BeforeEach
    void table() throws IOException {
        table = FeatureTable.read(matrix(dir, "s.npy", new float[8], 4, 2), lines(dir, "s.txt", "s0", "s1", "s2", "s3"),
                BadRows.fail());
    }

    private static void assertMessage(String message, String... parts) {
        for (String part : parts) {
            assertTrue(message.contains(part), "'" + part + "' missing in: " + message);
        }
    }

    @Test
    void givesEveryRowItsGroupAndNoGroupToRowsTheFileDoesNotName() throws IOException {
        Path file = lines(dir, "s_groups.txt", "\uFEFFid,group", "# albums", "s2,holiday 2019", "",
                "  s0\tpage 3, left  ", "s3 \"quoted, name\"");
        List<String> groups = GroupFile.read(file, table, BadRows.fail());
        assertEquals(Arrays.asList("page 3, left", null, "holiday 2019", "quoted, name"), groups);
        assertThrows(UnsupportedOperationException.class, () -> groups.set(0, "x"));
    }

    @Test
    void aLineWithoutAGroupOrWithAnUnknownIdIsABadRowNamingFileAndLine() throws IOException {
        Path file = lines(dir, "g.txt", "s0 a", "s1", "s9,b", "s2 \"\"", "s3,c");
        BadInputException e = assertThrows(BadInputException.class, () -> GroupFile.read(file, table, BadRows.fail()));
        assertMessage(e.getMessage(), file + ":2: malformed line: expected an id and a group, got 's1'");
        BadRows skip = BadRows.skip();
        assertEquals(Arrays.asList("a", null, null, "c"), GroupFile.read(file, table, skip));
        assertEquals(3, skip.skipped());
        assertMessage(skip.messages().get(1), file + ":3: unknown id s9 (not in " + dir.resolve("s.txt") + ")");
        assertMessage(skip.messages().get(2), file + ":4: malformed line: expected an id and a group");
    }

    @Test
    void anIdOfARowSkippedAsBadIsNamedAsSuch() throws IOException {
        float[] values = {1, 2, Float.NaN, 4};
        FeatureTable skipped = FeatureTable.read(matrix(dir, "n.npy", values, 2, 2), lines(dir, "n.txt", "a", "b"),
                BadRows.skip());
        BadRows skip = BadRows.skip();
        assertEquals(Arrays.asList("g"), GroupFile.read(lines(dir, "ng.txt", "a g", "b g"), skipped, skip));
        assertMessage(skip.messages().get(0), "ng.txt:2: id b names a row skipped as bad in " + dir.resolve("n.npy"));
    }

    @Test
    void anIdGivenTwoGroupsIsAnErrorEvenWhenSkippingAndAMissingFileIsAnError() throws IOException {
        Path file = lines(dir, "twice.txt", "s0 a", "s1 b", "s0 a");
        BadInputException e = assertThrows(BadInputException.class, () -> GroupFile.read(file, table, BadRows.skip()));
        assertMessage(e.getMessage(), file + ":3: id s0 already has a group on line 1; each row may be in one group only");
        Path missing = dir.resolve("missing.txt");
        assertMessage(assertThrows(BadInputException.class, () -> GroupFile.read(missing, table, BadRows.skip()))
                .getMessage(), missing + ": no such file");
    }
}
