package io.github.setclip.data.batch;

import static io.github.setclip.data.batch.SemiPairedPoolsTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class GroupNumberingTest {

    @Test
    void idsFollowTheSortedDistinctNamesWhateverTheOrderAndNullIsNoGroup() {
        List<String> s = Arrays.asList("page 2", null, "album", "page 2");
        List<String> t = Arrays.asList("site", "album");
        GroupNumbering numbering = GroupNumbering.of(concat(s, t));
        assertEquals(List.of("album", "page 2", "site"), numbering.names());
        assertEquals(3, numbering.size());
        assertArrayEquals(new int[] {1, -1, 0, 1}, numbering.idsOf(s));
        assertArrayEquals(new int[] {2, 0}, numbering.idsOf(t));
        assertEquals(numbering.names(), GroupNumbering.of(concat(t, s)).names());
    }

    @Test
    void unknownNamesAreRejectedWithMessages() {
        GroupNumbering numbering = GroupNumbering.of(List.of("a", "b"));
        assertMessage("unknown group 'c' (not among the 2 numbered groups)", () -> numbering.idOf("c"));
        assertMessage("names must not be null", () -> GroupNumbering.of(null));
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new java.util.ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
