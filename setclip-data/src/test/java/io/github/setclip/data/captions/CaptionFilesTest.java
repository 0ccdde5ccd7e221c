package io.github.setclip.data.captions;

import static io.github.setclip.data.captions.CaptionFixtures.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.setclip.data.BadInputException;
import io.github.setclip.data.BadRows;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CaptionFilesTest {

    @TempDir Path dir;

    @BeforeEach
    void pictures() throws IOException {
        CaptionFixtures.pictures(dir);
    }

    private static List<String> captions(List<CaptionRecord> records) {
        return records.stream().map(CaptionRecord::caption).toList();
    }

    @Test
    void readsAKarpathyJsonACsvAndAJsonLinesFileByTheirExtension() throws IOException {
        Path json = write(dir, "dataset_flickr.JSON", "{\"images\": [{\"filename\": \"a.png\", \"split\": \"train\","
                + " \"sentences\": [{\"raw\": \"from json\"}]}]}");
        assertEquals(List.of("from json"), captions(CaptionFiles.read(json, dir.resolve("img"), BadRows.fail())));
        Path csv = write(dir, "m.csv", "image,caption", "img/a.png,from csv");
        assertEquals(List.of("from csv"), captions(CaptionFiles.read(csv, null, BadRows.fail())));
        Path jsonl = write(dir, "m.jsonl", "{\"image\": \"img/a.png\", \"caption\": \"from jsonl\"}");
        assertEquals(List.of("from jsonl"), captions(CaptionFiles.read(jsonl, null, BadRows.fail())));
    }

    @Test
    void passesBadRowsToThePolicyOfTheReaderItChose() throws IOException {
        Path csv = write(dir, "m.csv", "image,caption", "img/missing.png,x", "img/a.png,kept");
        BadRows skip = BadRows.skip();
        assertEquals(List.of("kept"), captions(CaptionFiles.read(csv, null, skip)));
        assertEquals(1, skip.skipped());
    }

    @Test
    void rejectsAnotherExtensionListingTheKnownOnes() throws IOException {
        Path txt = write(dir, "captions.txt", "image,caption");
        String message = assertThrows(BadInputException.class, () -> CaptionFiles.read(txt, null, BadRows.skip()))
                .getMessage();
        assertTrue(message.startsWith(txt + ":") && message.contains(".json") && message.contains(".csv")
                && message.contains(".jsonl"), message);
    }
}
