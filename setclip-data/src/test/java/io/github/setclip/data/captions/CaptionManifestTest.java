package io.github.setclip.data.captions;

import static io.github.setclip.data.captions.CaptionFixtures.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
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

class CaptionManifestTest {

    @TempDir Path dir;

    @BeforeEach
    void pictures() throws IOException {
        CaptionFixtures.pictures(dir);
    }

    private static void assertMessage(String message, String... parts) {
        for (String part : parts) {
            assertTrue(message.contains(part), "'" + part + "' missing in: " + message);
        }
    }

    @Test
    void readsACsvWithQuotedFieldsAndOptionalColumnsInAnyOrder() throws IOException {
        Path csv = write(dir, "m.csv", "\uFEFFCaption,id,image,Class,split",
                "\"a cat, sitting\",1,img/a.png,cat,train",
                "\"the \"\"best\"\" dog\",2,img/b.png,dog,Validation",
                "a 5\" screen,3, img/c.png ,thing,restval",
                "",
                "  \"spaced, quoted\"  ,4,img/d.jpg,thing,");
        List<CaptionRecord> rows = CaptionManifest.read(csv, null, BadRows.fail());
        assertEquals(4, rows.size());
        assertEquals("a cat, sitting", rows.get(0).caption());
        assertEquals("the \"best\" dog", rows.get(1).caption());
        assertEquals("a 5\" screen", rows.get(2).caption());
        assertEquals("spaced, quoted", rows.get(3).caption());
        assertEquals(dir.resolve("img/b.png"), rows.get(1).image());
        assertEquals(dir.resolve("img/c.png"), rows.get(2).image());
        assertEquals("dog", rows.get(1).className());
        assertEquals(List.of("train", "val", "train"), rows.subList(0, 3).stream().map(CaptionRecord::split).toList());
        assertNull(rows.get(3).split());
        assertEquals(csv + ":6", rows.get(3).source());
    }

    @Test
    void readsJsonLinesSkippingBlankLinesWithPathsUnderTheImageRoot() throws IOException {
        Path jsonl = write(dir, "sub/m.jsonl",
                "{\"image\": \"a.png\", \"caption\": \" red \", \"split\": \"test\", \"extra\": [1]}",
                "   ",
                "{\"image\": \"b.png\", \"caption\": \"blue\", \"class\": 7}");
        List<CaptionRecord> rows = CaptionManifest.read(jsonl, dir.resolve("img"), BadRows.fail());
        assertEquals(2, rows.size());
        assertEquals("red", rows.get(0).caption());
        assertEquals("test", rows.get(0).split());
        assertNull(rows.get(0).className());
        assertEquals("7", rows.get(1).className());
        assertEquals(dir.resolve("img/b.png"), rows.get(1).image());
        assertEquals(jsonl + ":3", rows.get(1).source());
    }

    @Test
    void readsAnOptionalGroupColumnOrKeyWhereEmptyMeansNoGroup() throws IOException {
        Path csv = write(dir, "g.csv", "image,Group,caption",
                "img/a.png, holiday 2019 ,a beach",
                "img/b.png,,a dog",
                "img/c.png,\"page 3, left\",a screen");
        List<CaptionRecord> rows = CaptionManifest.read(csv, null, BadRows.fail());
        assertEquals(3, rows.size());
        assertEquals("holiday 2019", rows.get(0).group());
        assertNull(rows.get(1).group(), "an empty group is no group, not a bad row");
        assertEquals("page 3, left", rows.get(2).group());
        assertNull(CaptionManifest.read(write(dir, "plain.csv", "image,caption", "img/a.png,x"), null, BadRows.fail())
                .get(0).group(), "no group column: no group");
        Path jsonl = write(dir, "g.jsonl",
                "{\"image\": \"img/a.png\", \"caption\": \"x\", \"group\": \"site-4\"}",
                "{\"image\": \"img/b.png\", \"caption\": \"y\", \"group\": 12}",
                "{\"image\": \"img/c.png\", \"caption\": \"z\", \"group\": \"  \"}",
                "{\"image\": \"img/d.jpg\", \"caption\": \"w\", \"group\": null}",
                "{\"image\": \"img/d.jpg\", \"caption\": \"v\", \"group\": [1]}");
        BadRows skip = BadRows.skip();
        List<CaptionRecord> json = CaptionManifest.read(jsonl, null, skip);
        assertEquals(java.util.Arrays.asList("site-4", "12", null, null), json.stream().map(CaptionRecord::group).toList());
        assertEquals(1, skip.skipped());
        assertMessage(skip.messages().get(0), jsonl + ":5: malformed line: group must be a string");
    }

    @Test
    void relativePathsResolveAgainstTheManifestsFolderByDefault() throws IOException {
        Path csv = write(dir, "img/local.csv", "image,caption", "a.png,here");
        assertEquals(dir.resolve("img/a.png"), CaptionManifest.read(csv, null, BadRows.fail()).get(0).image());
    }

    @Test
    void rejectsTheFirstBadRowNamingFileLineAndProblem() throws IOException {
        Path csv = write(dir, "bad.csv", "image,caption", "img/a.png,fine", "img/missing.png,a missing picture",
                "img/b.png,fine too");
        BadInputException e = assertThrows(BadInputException.class, () -> CaptionManifest.read(csv, null, BadRows.fail()));
        assertMessage(e.getMessage(), csv + ":3: missing image " + dir.resolve("img/missing.png"));
    }

    @Test
    void skipsAndCountsEachKindOfBadCsvRow() throws IOException {
        Path csv = write(dir, "bad.csv", "image,caption,class,split",
                "img/a.png,fine,x,train",
                "img/missing.png,a missing picture,x,train",
                "img/corrupt.png,random bytes named .png,x,train",
                "img/b.png,   ,x,train",
                "img/b.png,no class,,train",
                "img/b.png,a cat, sitting,x,train",
                "img/b.png,\"unterminated,x,train",
                "img/b.png,odd split,x,training",
                "img,caption",
                "img/c.png,\"quoted\"tail,x,test",
                "img/d.jpg,a jpeg,x,test");
        BadRows skip = BadRows.skip();
        List<CaptionRecord> rows = CaptionManifest.read(csv, null, skip);
        assertEquals(List.of("fine", "a jpeg"), rows.stream().map(CaptionRecord::caption).toList());
        assertEquals(9, skip.skipped());
        List<String> m = skip.messages();
        assertMessage(m.get(0), csv + ":3: missing image");
        assertMessage(m.get(1), csv + ":4: unreadable image", "corrupt.png");
        assertMessage(m.get(2), csv + ":5: empty caption");
        assertMessage(m.get(3), csv + ":6: empty class");
        assertMessage(m.get(4), csv + ":7: malformed line: expected 4 fields", "got 5", "quote a field");
        assertMessage(skip.summary(), "skipped 9 bad rows (first: " + csv + ":3: missing image");
    }

    @Test
    void namesMalformedCsvLinesAndUnknownSplits() throws IOException {
        Path csv = write(dir, "bad.csv", "image,caption,split", "img/b.png,\"unterminated,train",
                "img/b.png,odd split,training", "img/c.png,\"quoted\"tail,test", "img/a.png");
        BadRows skip = BadRows.skip();
        assertEquals(0, CaptionManifest.read(csv, null, skip).size());
        List<String> m = skip.messages();
        // Line 2's quote runs on until line 4's quote, which text follows: line 2 is the bad row, and
        // reading resumes on line 3.
        assertMessage(m.get(0), csv + ":2: malformed line: unterminated quoted field", "line 4");
        assertMessage(m.get(1), csv + ":3: unknown split 'training'");
        assertMessage(m.get(2), csv + ":4: malformed line: text after the closing quote");
        assertMessage(m.get(3), csv + ":5: malformed line: expected 3 fields", "got 1");
    }

    @Test
    void skipsAndCountsEachKindOfBadJsonLine() throws IOException {
        Path jsonl = write(dir, "bad.jsonl",
                "{\"image\": \"img/a.png\", \"caption\": \"fine\"}",
                "{\"image\": \"img/a.png\", \"caption\": \"\"}",
                "{\"image\": \"img/a.png\", \"caption\": \"x\"",
                "[\"img/a.png\", \"x\"]",
                "{\"image\": \"img/a.png\"}",
                "{\"image\": {\"path\": \"img/a.png\"}, \"caption\": \"x\"}",
                "{\"image\": \"img/corrupt.png\", \"caption\": \"x\"}",
                "{\"image\": \"img/a.png\", \"caption\": \"x\", \"class\": \" \"}",
                "{\"image\": \"\", \"caption\": \"x\"}");
        BadRows skip = BadRows.skip();
        assertEquals(1, CaptionManifest.read(jsonl, null, skip).size());
        assertEquals(8, skip.skipped());
        List<String> m = skip.messages();
        assertMessage(m.get(0), jsonl + ":2: empty caption");
        assertMessage(m.get(1), jsonl + ":3: malformed line: not JSON");
        assertMessage(m.get(2), jsonl + ":4: malformed line: expected a JSON object");
        assertMessage(m.get(3), jsonl + ":5: malformed line: needs the keys image and caption");
        assertMessage(m.get(4), jsonl + ":6: malformed line: image must be a string");
        BadRows all = BadRows.skip();
        CaptionManifest.read(write(dir, "tail.jsonl", "{\"image\": \"img/corrupt.png\", \"caption\": \"x\"}",
                "{\"image\": \"img/a.png\", \"caption\": \"x\", \"class\": \" \"}",
                "{\"image\": \"\", \"caption\": \"x\"}"), null, all);
        assertMessage(all.messages().get(0), "tail.jsonl:1: unreadable image");
        assertMessage(all.messages().get(1), "tail.jsonl:2: empty class");
        assertMessage(all.messages().get(2), "tail.jsonl:3: empty image path");
    }

    @Test
    void rejectsAHeaderWithoutTheRequiredColumnsEvenWhenSkipping() throws IOException {
        Path csv = write(dir, "nohead.csv", "path,text", "img/a.png,x");
        BadInputException e = assertThrows(BadInputException.class, () -> CaptionManifest.read(csv, null, BadRows.skip()));
        assertMessage(e.getMessage(), csv + ":1:", "must name the columns image and caption", "path,text");
        Path twice = write(dir, "twice.csv", "image,caption,caption", "img/a.png,x,y");
        assertMessage(assertThrows(BadInputException.class, () -> CaptionManifest.read(twice, null, BadRows.skip()))
                .getMessage(), twice + ":1:", "caption twice");
        Path empty = write(dir, "empty.csv");
        assertMessage(assertThrows(BadInputException.class, () -> CaptionManifest.read(empty, null, BadRows.skip()))
                .getMessage(), empty + ":1: expected a header");
    }

    @Test
    void rejectsAnUnknownExtensionAndAMissingFile() throws IOException {
        Path txt = write(dir, "m.txt", "image,caption");
        assertMessage(assertThrows(BadInputException.class, () -> CaptionManifest.read(txt, null, BadRows.fail()))
                .getMessage(), txt.toString(), ".csv or .jsonl");
        Path missing = dir.resolve("missing.csv");
        assertMessage(assertThrows(BadInputException.class, () -> CaptionManifest.read(missing, null, BadRows.fail()))
                .getMessage(), missing + ": no such file");
    }

    @Test
    void acceptsAPictureWhoseNameLiesAboutItsFormat() throws IOException {
        Files.copy(dir.resolve("img/d.jpg"), dir.resolve("img/really-a-jpeg.png"));
        Path csv = write(dir, "m.csv", "image,caption", "img/really-a-jpeg.png,fine");
        assertEquals(1, CaptionManifest.read(csv, null, BadRows.fail()).size());
    }

    @Test
    void readsACaptionSpanningLinesAndNamesLaterRowsByTheirOwnLine() throws IOException {
        Path csv = dir.resolve("multi.csv");
        Files.writeString(csv, "\uFEFFimage,caption\r\nimg/a.png,\"first line,\r\nsecond line\"\r\n"
                + "img/b.png,plain\r\nimg/missing.png,x\r\n", java.nio.charset.StandardCharsets.UTF_8);
        BadRows skip = BadRows.skip();
        List<CaptionRecord> rows = CaptionManifest.read(csv, null, skip);
        assertEquals(List.of("first line,\r\nsecond line", "plain"), rows.stream().map(CaptionRecord::caption).toList());
        assertEquals(List.of(csv + ":2", csv + ":4"), rows.stream().map(CaptionRecord::source).toList());
        assertMessage(skip.messages().get(0), csv + ":5: missing image");
    }

    @Test
    void anUnterminatedQuoteAtTheEndCostsOnlyItsOwnRow() throws IOException {
        Path csv = write(dir, "open.csv", "image,caption", "img/a.png,fine", "img/b.png,\"never closed",
                "img/c.png,still read");
        BadRows skip = BadRows.skip();
        List<CaptionRecord> rows = CaptionManifest.read(csv, null, skip);
        assertEquals(List.of("fine", "still read"), rows.stream().map(CaptionRecord::caption).toList());
        assertEquals(1, skip.skipped());
        assertMessage(skip.messages().get(0), csv + ":3: malformed line: unterminated quoted field",
                "end of the file");
    }
}
