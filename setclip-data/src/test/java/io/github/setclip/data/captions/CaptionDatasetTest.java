package io.github.setclip.data.captions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.setclip.data.BadInputException;
import io.github.setclip.data.BadRows;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class CaptionDatasetTest {

    private static CaptionRecord r(String image, String caption, String cls, String split, int line) {
        return new CaptionRecord(Path.of(image), caption, cls, split, "m.csv:" + line);
    }

    @Test
    void groupsRecordsIntoImagesAndDistinctCaptionsWithTheirPartners() {
        CaptionDataset data = CaptionDataset.of(List.of(
                r("a.png", "a dog runs", "dog", "train", 2),
                r("b.png", "a cat", "cat", "train", 3),
                r("a.png", "a brown dog", "dog", "train", 4),
                r("c.png", "a dog runs", "dog", "test", 5),
                r("a.png", "a dog runs", "dog", "train", 6)));
        assertEquals(3, data.numImages());
        assertEquals(List.of("a dog runs", "a brown dog"), data.items().get(0).captions());
        assertEquals(List.of("a dog runs", "a brown dog", "a cat"), data.captions());
        assertEquals(3, data.numCaptions());
        assertArrayEquals(new int[] {0, 1}, data.captionsOf(0));
        assertArrayEquals(new int[] {0}, data.captionsOf(2));
        assertArrayEquals(new int[] {0, 2}, data.imagesOf(0));
        assertArrayEquals(new int[] {1}, data.imagesOf(2));
        assertTrue(data.partners(2, 0));
        assertFalse(data.partners(2, 1));
        assertFalse(data.partners(1, 0));
        assertEquals(List.of("cat", "dog"), data.classNames());
        assertTrue(data.hasClasses());
        assertTrue(data.hasSplits());
    }

    @Test
    void filtersBySplitAndRenumbersCaptionsWithinTheSubset() {
        CaptionDataset data = CaptionDataset.of(List.of(
                r("a.png", "one", null, "train", 2),
                r("b.png", "two", null, "validation", 3),
                r("c.png", "three", null, "test", 4),
                r("d.png", "two", null, "test", 5),
                r("e.png", "four", null, null, 6)));
        assertEquals(1, data.split("val").size());
        assertEquals(data.split("val"), data.split("validation"));
        assertEquals(Path.of("e.png"), data.split(null).get(0).image());
        CaptionDataset test = data.subset("test");
        assertEquals(2, test.numImages());
        assertEquals(List.of("three", "two"), test.captions());
        assertArrayEquals(new int[] {1}, test.imagesOf(1));
        assertFalse(data.hasClasses());
        assertThrows(IllegalArgumentException.class, () -> data.split("dev"));
        assertEquals("train", CaptionDataset.of(List.of(r("a.png", "x", null, "restval", 2))).items().get(0).split());
        BadRows skip = BadRows.skip();
        assertEquals(0, CaptionDataset.of(List.of(r("a.png", "x", null, "dev", 2)), skip).numImages());
        assertTrue(skip.messages().get(0).startsWith("m.csv:2: unknown split 'dev'"), skip.messages().get(0));
    }

    private static CaptionRecord g(String image, String caption, String group, int line) {
        return new CaptionRecord(Path.of(image), caption, null, "train", group, "m.csv:" + line);
    }

    @Test
    void itemsCarryTheirImagesGroupAndAnotherGroupForTheSameImageIsABadRow() {
        List<CaptionRecord> records = List.of(
                g("a.png", "one", "album 1", 2),
                g("b.png", "two", null, 3),
                g("a.png", "three", "album 1", 4),
                g("a.png", "four", "album 2", 5),
                g("a.png", "five", null, 6),
                g("b.png", "six", "album 2", 7));
        BadInputException e = assertThrows(BadInputException.class, () -> CaptionDataset.of(records));
        assertTrue(e.getMessage().startsWith("m.csv:5: image a.png has group album 2 here but group album 1 at m.csv:2"),
                e.getMessage());
        BadRows skip = BadRows.skip();
        CaptionDataset data = CaptionDataset.of(records, skip);
        assertEquals(3, skip.skipped());
        assertTrue(skip.messages().get(1).startsWith("m.csv:6: image a.png has no group here but group album 1"),
                skip.messages().get(1));
        assertTrue(skip.messages().get(2).startsWith("m.csv:7: image b.png has group album 2 here but no group"),
                skip.messages().get(2));
        assertEquals(List.of("one", "three"), data.items().get(0).captions());
        assertEquals(java.util.Arrays.asList("album 1", null), data.groups());
        assertTrue(data.hasGroups());
        assertEquals("album 1", data.subset("train").items().get(0).group());
        assertFalse(CaptionDataset.of(List.of(r("a.png", "x", null, null, 2))).hasGroups());
    }

    @Test
    void aRecordGivingAnImageAnotherSplitOrClassIsABadRow() {
        List<CaptionRecord> records = List.of(
                r("a.png", "one", "dog", "train", 2),
                r("a.png", "two", "dog", "test", 3),
                r("a.png", "three", "cat", "train", 4),
                r("a.png", "four", "dog", "train", 5));
        BadInputException e = assertThrows(BadInputException.class, () -> CaptionDataset.of(records));
        assertTrue(e.getMessage().startsWith("m.csv:3: image a.png has split test here but train at m.csv:2"),
                e.getMessage());
        BadRows skip = BadRows.skip();
        CaptionDataset data = CaptionDataset.of(records, skip);
        assertEquals(2, skip.skipped());
        assertTrue(skip.messages().get(1).startsWith("m.csv:4: image a.png has class cat"), skip.messages().get(1));
        assertEquals(List.of("one", "four"), data.items().get(0).captions());
    }
}
