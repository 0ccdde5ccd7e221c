package io.github.setclip.data.captions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.setclip.data.BadInputException;
import io.github.setclip.data.BadRows;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CaptionFormatsTest {

    @TempDir Path dir;

    @BeforeEach
    void pictures() throws IOException {
        Files.createDirectories(dir.resolve("img"));
        for (String name : new String[] {"a.png", "b.png", "c.png"}) {
            ImageIO.write(new BufferedImage(8, 6, BufferedImage.TYPE_INT_RGB), "png",
                    dir.resolve("img").resolve(name).toFile());
        }
        Files.write(dir.resolve("img/corrupt.png"), new byte[] {1, 2, 3, 4, 5, 6, 7});
    }

    private Path write(String name, String... lines) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, List.of(lines));
        return file;
    }

    @Test
    void aCsvManifestReadsQuotedFieldsAndOptionalColumnsInAnyOrder() throws IOException {
        Path csv = write("m.csv", "caption,image,class",
                "\"a cat, sitting\",img/a.png,cat",
                "\"the \"\"best\"\" dog\",img/b.png,dog");
        List<CaptionRecord> rows = CaptionManifest.read(csv, null, BadRows.fail());
        assertEquals(2, rows.size());
        assertEquals("a cat, sitting", rows.get(0).caption());
        assertEquals("the \"best\" dog", rows.get(1).caption());
        assertEquals("dog", rows.get(1).className());
        assertEquals(dir.resolve("img/b.png"), rows.get(1).image());
        assertNull(rows.get(0).split());
        assertTrue(rows.get(1).source().endsWith("m.csv:3"), rows.get(1).source());
    }

    @Test
    void aJsonlManifestReadsOneObjectPerLine() throws IOException {
        Path jsonl = write("m.jsonl", "{\"image\": \"a.png\", \"caption\": \"red\", \"split\": \"test\"}", "",
                "{\"image\": \"b.png\", \"caption\": \"blue\"}");
        List<CaptionRecord> rows = CaptionManifest.read(jsonl, dir.resolve("img"), BadRows.fail());
        assertEquals(2, rows.size());
        assertEquals("test", rows.get(0).split());
    }

    @Test
    void eachKindOfBadRowIsNamedWithFileAndLine() throws IOException {
        Path csv = write("bad.csv", "image,caption",
                "img/a.png,fine",
                "img/missing.png,a missing picture",
                "img/corrupt.png,an unreadable picture",
                "img/b.png,   ",
                "img/c.png");
        BadInputException missing = assertThrows(BadInputException.class,
                () -> CaptionManifest.read(csv, null, BadRows.fail()));
        assertTrue(missing.getMessage().contains("bad.csv:3") && missing.getMessage().contains("missing image"),
                missing.getMessage());

        BadRows skip = BadRows.skip();
        List<CaptionRecord> rows = CaptionManifest.read(csv, null, skip);
        assertEquals(1, rows.size());
        assertEquals(4, skip.skipped());
        List<String> examples = skip.examples();
        assertTrue(examples.get(1).contains("bad.csv:4") && examples.get(1).contains("unreadable image"), examples.get(1));
        assertTrue(examples.get(2).contains("bad.csv:5") && examples.get(2).contains("empty caption"), examples.get(2));
        assertTrue(examples.get(3).contains("bad.csv:6") && examples.get(3).contains("expected 2 fields"), examples.get(3));
        assertTrue(skip.summary().startsWith("skipped 4 bad rows (first: "), skip.summary());
    }

    @Test
    void aManifestWithoutTheRequiredColumnsIsRejected() throws IOException {
        Path csv = write("nohead.csv", "path,text", "img/a.png,x");
        BadInputException e = assertThrows(BadInputException.class,
                () -> CaptionManifest.read(csv, null, BadRows.skip()));
        assertTrue(e.getMessage().contains("image and caption"), e.getMessage());
    }

    @Test
    void karpathySplitsGiveOneRecordPerSentenceAndRestvalCountsAsTrain() throws IOException {
        Path json = write("dataset_flickr8k.json", "{\"images\": [",
                "{\"filename\": \"a.png\", \"split\": \"restval\", \"sentences\": [{\"raw\": \"one\"}, {\"raw\": \"two\"}]},",
                "{\"filename\": \"b.png\", \"filepath\": \".\", \"split\": \"test\", \"sentences\": [{\"raw\": \"three\"}]},",
                "{\"filename\": \"gone.png\", \"split\": \"val\", \"sentences\": [{\"raw\": \"four\"}]},",
                "{\"filename\": \"c.png\", \"split\": \"val\", \"sentences\": []}",
                "]}");
        BadRows skip = BadRows.skip();
        List<CaptionRecord> rows = KarpathySplits.read(json, dir.resolve("img"), skip);
        assertEquals(3, rows.size());
        assertEquals("train", rows.get(0).split());
        assertEquals("two", rows.get(1).caption());
        assertEquals(2, skip.skipped());
        assertTrue(skip.examples().get(0).contains("images[2]"), skip.examples().get(0));
        assertTrue(skip.examples().get(1).contains("images[3]"), skip.examples().get(1));

        CaptionDataset data = CaptionDataset.of(rows);
        assertEquals(2, data.items().size());
        assertEquals(List.of("one", "two"), data.items().get(0).captions());
        assertEquals(1, data.split("test").size());
        assertTrue(data.hasSplits());
    }
}
