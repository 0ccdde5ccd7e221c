package io.github.setclip.data.captions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.setclip.data.BadInputException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageTextSourceTest {

    @TempDir Path dir;
    private Path pairs;

    /** img/a,b,c.png captioned; photos/ holds x.png, sub/y.bmp, z.jpg and a copy-free link to nothing else. */
    @BeforeEach
    void files() throws IOException {
        CaptionFixtures.pictures(dir);
        Files.delete(dir.resolve("img/corrupt.png"));
        pairs = CaptionFixtures.write(dir, "pairs.csv", "image,caption,split", "img/a.png,a red square,train",
                "img/b.png,a blue disc,val", "img/c.png,a green square,test");
        Path photos = Files.createDirectories(dir.resolve("photos/sub"));
        picture(dir.resolve("photos/x.png"), "png");
        picture(dir.resolve("photos/sub/y.bmp"), "bmp");
        picture(dir.resolve("photos/z.JPG"), "jpg");
        Files.writeString(photos.resolve("notes.txt"), "not a picture");
    }

    private static void picture(Path file, String format) throws IOException {
        ImageIO.write(new BufferedImage(7, 5, BufferedImage.TYPE_INT_RGB), format, file.toFile());
    }

    private ImageTextSource.Builder builder() {
        return ImageTextSource.builder().setCaptions(pairs);
    }

    @Test
    void aFolderIsSearchedRecursivelyForPicturesInPathOrder() throws IOException {
        ImageTextSource data = builder().addUnpairedImages(dir.resolve("photos")).build();
        assertEquals(List.of(dir.resolve("photos/sub/y.bmp"), dir.resolve("photos/x.png"),
                dir.resolve("photos/z.JPG")).stream().map(p -> p.toAbsolutePath().normalize()).toList(),
                data.unpairedImages());
        assertEquals(3, data.pairs().numImages());
        SourceSummary summary = data.sources().get(0);
        assertEquals(3, summary.count());
        assertEquals(64, summary.sha256().length());
    }

    @Test
    void textsComeFromPlainCsvAndJsonlFilesBlankLinesSkipped() throws IOException {
        Path plain = CaptionFixtures.write(dir, "texts.txt", "a cat on a mat", "", "  a dog  ", "");
        Path csv = CaptionFixtures.write(dir, "more.csv", "id,text", "1,\"a bird, flying\"", "2,");
        Path jsonl = CaptionFixtures.write(dir, "more.jsonl", "{\"caption\": \"a fish\"}", "",
                "{\"text\": \"a frog\"}");
        ImageTextSource data = builder().addUnpairedTexts(plain).addUnpairedTexts(csv).addUnpairedTexts(jsonl)
                .build();
        assertEquals(List.of("a cat on a mat", "a dog", "a bird, flying", "a fish", "a frog"),
                data.unpairedTexts());
        assertEquals(List.of(2, 1, 2), data.sources().stream().map(SourceSummary::count).toList());
    }

    @Test
    void anItemThatIsAlsoPairedIsAPairOnlyAndRepeatsCountOnce() throws IOException {
        Path list = CaptionFixtures.write(dir, "list.csv", "image", "img/b.png", "photos/x.png", "photos/x.png");
        Path texts = CaptionFixtures.write(dir, "texts.txt", "a blue disc", "a cat", "a cat");
        ImageTextSource data = builder().addUnpairedImages(list).addUnpairedImages(dir.resolve("photos"))
                .addUnpairedTexts(texts).build();
        assertEquals(3, data.unpairedImages().size()); // x, y, z: b is a (validation) pair
        assertEquals(1, data.alreadyPairedImages());
        assertEquals(2, data.repeatedImages()); // x twice in the list, once more in the folder
        assertEquals(List.of("a cat"), data.unpairedTexts());
        assertEquals(1, data.alreadyPairedTexts());
        assertEquals(1, data.repeatedTexts());
        assertTrue(data.summary().contains("counted as pairs only"), data.summary());
    }

    @Test
    void theContentHashChangesWithAPicturesBytes() throws IOException {
        String before = builder().addUnpairedImages(dir.resolve("photos")).build().sources().get(0).sha256();
        picture(dir.resolve("photos/x.png"), "bmp");
        String after = builder().addUnpairedImages(dir.resolve("photos")).build().sources().get(0).sha256();
        assertNotEquals(before, after);
    }

    @Test
    void badSourcesAreOneLineNamingTheInput() throws IOException {
        Files.createDirectories(dir.resolve("empty"));
        assertMessage("empty: no PNG, JPEG, GIF or BMP pictures", builder().addUnpairedImages(dir.resolve("empty")));
        Path blank = CaptionFixtures.write(dir, "blank.txt", "", "   ", "");
        assertMessage("blank.txt: holds no text (only blank lines)", builder().addUnpairedTexts(blank));
        assertMessage("photos: given twice as --unpaired-images",
                builder().addUnpairedImages(dir.resolve("photos")).addUnpairedImages(dir.resolve("photos/../photos")));
        Path escaping = CaptionFixtures.write(dir, "up.jsonl", "{\"image\": \"../elsewhere.png\"}");
        assertMessage("up.jsonl:1: ../elsewhere.png escapes the image root", builder().addUnpairedImages(escaping));
        Files.write(dir.resolve("photos/broken.png"), new byte[] {1, 2, 3, 4});
        assertMessage("broken.png (not a PNG", builder().addUnpairedImages(dir.resolve("photos")));
    }

    @Test
    void skipBadNamesEveryBadPictureAndKeepsTheRest() throws IOException {
        Files.write(dir.resolve("photos/broken.png"), new byte[] {1, 2, 3, 4});
        Files.write(dir.resolve("photos/sub/cut.gif"), new byte[] {'G', 'I'});
        ImageTextSource data = builder().addUnpairedImages(dir.resolve("photos")).optSkipBad(true).build();
        assertEquals(3, data.unpairedImages().size());
        assertEquals(2, data.skipped().size());
        assertTrue(data.skipped().get(0).contains("broken.png"), data.skipped().toString());
        assertTrue(data.skipped().get(1).contains("cut.gif"), data.skipped().toString());
    }

    private static void assertMessage(String part, ImageTextSource.Builder builder) {
        BadInputException e = assertThrows(BadInputException.class, builder::build);
        assertTrue(e.getMessage().contains(part) && !e.getMessage().contains("\n"), e.getMessage());
    }
}
