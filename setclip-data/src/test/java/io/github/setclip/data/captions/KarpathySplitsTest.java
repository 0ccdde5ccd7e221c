package io.github.setclip.data.captions;

import static io.github.setclip.data.captions.CaptionFixtures.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.setclip.data.BadInputException;
import io.github.setclip.data.BadRows;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KarpathySplitsTest {

    @TempDir Path dir;

    @BeforeEach
    void pictures() throws IOException {
        CaptionFixtures.pictures(dir);
        Files.createDirectories(dir.resolve("img/val2014"));
        Files.copy(dir.resolve("img/a.png"), dir.resolve("img/val2014/e.png"));
    }

    private static void assertMessage(String message, String... parts) {
        for (String part : parts) {
            assertTrue(message.contains(part), "'" + part + "' missing in: " + message);
        }
    }

    @Test
    void givesOneRecordPerSentenceWithRestvalCountingAsTrain() throws IOException {
        Path json = write(dir, "dataset_coco.json", "{\"dataset\": \"coco\", \"images\": [",
                "{\"filename\": \"a.png\", \"split\": \"restval\", \"imgid\": 0,"
                        + " \"sentences\": [{\"raw\": \"one \", \"tokens\": [\"one\"]}, {\"raw\": \"two\"}]},",
                "{\"filename\": \"e.png\", \"filepath\": \"val2014\", \"split\": \"test\", \"sentences\": [{\"raw\": \"three\"}]},",
                "{\"filename\": \"b.png\", \"split\": \"val\", \"sentences\": [{\"raw\": \"four\"}]}",
                "]}");
        List<CaptionRecord> rows = KarpathySplits.read(json, dir.resolve("img"), BadRows.fail());
        assertEquals(List.of("one", "two", "three", "four"), rows.stream().map(CaptionRecord::caption).toList());
        assertEquals(List.of("train", "train", "test", "val"), rows.stream().map(CaptionRecord::split).toList());
        assertEquals(rows.get(0).image(), rows.get(1).image());
        assertEquals(dir.resolve("img/val2014/e.png"), rows.get(2).image());
        assertEquals(json + ": images[0].sentences[1]", rows.get(1).source());
    }

    @Test
    void skipsAndCountsBadImagesNamingTheirIndex() throws IOException {
        Path json = write(dir, "dataset_flickr8k.json", "{\"images\": [",
                "{\"filename\": \"a.png\", \"split\": \"train\", \"sentences\": [{\"raw\": \"kept\"}, {\"raw\": \"  \"}]},",
                "{\"filename\": \"gone.png\", \"split\": \"train\", \"sentences\": [{\"raw\": \"x\"}, {\"raw\": \"y\"}]},",
                "{\"filename\": \"c.png\", \"split\": \"val\", \"sentences\": []},",
                "{\"split\": \"val\", \"sentences\": [{\"raw\": \"x\"}]},",
                "{\"filename\": \"b.png\", \"split\": \"dev\", \"sentences\": [{\"raw\": \"x\"}]},",
                "{\"filename\": \"corrupt.png\", \"split\": \"test\", \"sentences\": [{\"raw\": \"x\"}]},",
                "\"not an object\",",
                "{\"filename\": \"b.png\", \"split\": \"test\", \"sentences\": [{\"raw\": \"also kept\"}]}",
                "]}");
        BadRows skip = BadRows.skip();
        List<CaptionRecord> rows = KarpathySplits.read(json, dir.resolve("img"), skip);
        assertEquals(List.of("kept", "also kept"), rows.stream().map(CaptionRecord::caption).toList());
        assertEquals(7, skip.skipped());
        List<String> m = skip.messages();
        assertMessage(m.get(0), json + ": images[0].sentences[1]: empty caption");
        assertMessage(m.get(1), json + ": images[1]: missing image");
        assertMessage(m.get(2), json + ": images[2]: no sentences for c.png");
        assertMessage(m.get(3), json + ": images[3]: no filename");
        assertMessage(m.get(4), json + ": images[4]: unknown split 'dev'");

        BadInputException e = assertThrows(BadInputException.class,
                () -> KarpathySplits.read(json, dir.resolve("img"), BadRows.fail()));
        assertMessage(e.getMessage(), json + ": images[0].sentences[1]: empty caption");
    }

    @Test
    void rejectsInvalidJsonAndAFileWithoutAnImagesArray() throws IOException {
        Path broken = write(dir, "broken.json", "{\"images\": [",
                "{\"filename\": \"a.png\", \"sentences\": [{\"raw\": \"x\"}]},", "{\"filename\": ");
        BadInputException e = assertThrows(BadInputException.class,
                () -> KarpathySplits.read(broken, dir.resolve("img"), BadRows.skip()));
        assertMessage(e.getMessage(), broken + ": invalid JSON in or after images[", ")");
        Path other = write(dir, "other.json", "{\"annotations\": []}");
        assertMessage(assertThrows(BadInputException.class, () -> KarpathySplits.read(other, null, BadRows.skip()))
                .getMessage(), other + ": no top-level \"images\" array");
        Path array = write(dir, "array.json", "[1, 2]");
        assertMessage(assertThrows(BadInputException.class, () -> KarpathySplits.read(array, null, BadRows.skip()))
                .getMessage(), array + ": expected a top-level object");
        Path missing = dir.resolve("missing.json");
        assertMessage(assertThrows(BadInputException.class, () -> KarpathySplits.read(missing, null, BadRows.skip()))
                .getMessage(), missing + ": no such file");
    }
}
