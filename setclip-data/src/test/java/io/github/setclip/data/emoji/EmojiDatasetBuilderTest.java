package io.github.setclip.data.emoji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The builder on miniature packages written by the test, in the layout of the npm ones. */
class EmojiDatasetBuilderTest {

    @TempDir Path dir;

    private static final String MESSAGES = """
            {"groups": [{"key": "smileys-emotion", "message": "smileys & emotion", "order": 0},
                        {"key": "component", "message": "components", "order": 2}],
             "subgroups": [{"key": "face-glasses", "message": "with glasses", "order": 8},
                           {"key": "emotion", "message": "emotion", "order": 14},
                           {"key": "skin-tone", "message": "skin tone", "order": 70}]}
            """;

    private static final String DATA = """
            [{"label": "nerd face", "hexcode": "1F913", "tags": ["geek", "glasses"],
              "group": 0, "subgroup": 8},
             {"label": "red heart", "hexcode": "2764", "tags": ["heart", "love"],
              "group": 0, "subgroup": 14},
             {"label": "light skin tone", "hexcode": "1F3FB", "tags": ["skin tone"],
              "group": 2, "subgroup": 70},
             {"label": "regional indicator A", "hexcode": "1F1E6"},
             {"label": "thumbs up", "hexcode": "1F44D", "tags": ["good"], "group": 0,
              "subgroup": 14,
              "skins": [{"label": "thumbs up: light skin tone", "hexcode": "1F44D-1F3FB"}]}]
            """;

    /** Cells: nerd face (0,0), red heart (1,0), swatch (0,1), thumbs up (1,1) + its variant. */
    private static String emojiJson(boolean twitterDrawsHeart) {
        return """
                [{"unified": "1F913", "sheet_x": 0, "sheet_y": 0,
                  "has_img_google": true, "has_img_twitter": true},
                 {"unified": "2764-FE0F", "sheet_x": 1, "sheet_y": 0,
                  "has_img_google": true, "has_img_twitter": %s},
                 {"unified": "1F3FB", "sheet_x": 0, "sheet_y": 1,
                  "has_img_google": true, "has_img_twitter": true},
                 {"unified": "1f44d", "sheet_x": 1, "sheet_y": 1,
                  "has_img_google": true, "has_img_twitter": true,
                  "skin_variations": {"1F3FB": {"unified": "1F44D-1F3FB", "sheet_x": 2,
                                                "sheet_y": 0}}}]
                """.formatted(twitterDrawsHeart);
    }

    @Test
    void joinsOnCodePointsWithoutFe0fAndWritesALoadableDataset() throws IOException {
        Path out = dir.resolve("out");
        EmojiDatasetBuilder.Summary summary = build(sheet(false), out);

        assertEquals(4, summary.datasourceEmoji());
        assertEquals(1, summary.skinVariants());
        assertEquals(4, summary.joined());
        assertEquals(3, summary.joinedVerbatim()); // only 2764-FE0F needed its FE0F removed
        assertEquals(List.of(), summary.unmatchedDatasource());
        assertEquals(List.of("1F1E6"), summary.unmatchedEmojibase());
        assertEquals(1, summary.components());
        assertEquals(Map.of("google", 3, "twitter", 2), summary.pictures());
        assertEquals(3, summary.concepts());

        List<String> lines = Files.readAllLines(out.resolve(EmojiDataset.METADATA));
        assertEquals(List.of(EmojiDataset.HEADER,
                "1F913\tsmileys & emotion\twith glasses\t0:0\t0:0\tnerd face: geek, glasses",
                "2764\tsmileys & emotion\temotion\t1:0\t-\tred heart: heart, love",
                "1F44D\tsmileys & emotion\temotion\t1:1\t1:1\tthumbs up: good"), lines);

        List<EmojiConcept> concepts = EmojiDataset.load(out).concepts();
        assertEquals(List.of(new EmojiImage("google", 1, 0)), concepts.get(1).images());
        assertTrue(Files.exists(out.resolve("LICENSE-emojibase-data.txt")));
    }

    @Test
    void aSheetThatIsNotA34PixelGridFailsTheBuild() throws IOException {
        IOException e = assertThrows(IOException.class, () -> build(sheet(true), dir.resolve("out")));
        assertTrue(e.getMessage().contains("padding ring"), e.getMessage());
    }

    private EmojiDatasetBuilder.Summary build(BufferedImage sheet, Path out) throws IOException {
        Path emojibase = dir.resolve("emojibase");
        write(emojibase.resolve("en/messages.json"), MESSAGES);
        write(emojibase.resolve("en/data.json"), DATA);
        write(emojibase.resolve("LICENSE"), "MIT (emojibase)");
        Path[] vendors = new Path[2];
        for (int v = 0; v < 2; v++) {
            String vendor = EmojiDataset.VENDORS[v];
            Path pkg = dir.resolve(vendor);
            write(pkg.resolve("emoji.json"), emojiJson(v == 0));
            write(pkg.resolve("LICENSE"), "MIT (emoji-datasource)");
            Path png = pkg.resolve("img/" + vendor + "/sheets-256/32.png");
            Files.createDirectories(png.getParent());
            ImageIO.write(sheet, "png", png.toFile());
            vendors[v] = pkg;
        }
        return EmojiDatasetBuilder.build(vendors[0], vendors[1], emojibase, out);
    }

    /** A 3 x 2 grid of 34 px cells, each a drawn square inside a transparent ring. */
    private static BufferedImage sheet(boolean paintThePadding) {
        BufferedImage sheet = new BufferedImage(3 * 34, 2 * 34, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < sheet.getHeight(); y++) {
            for (int x = 0; x < sheet.getWidth(); x++) {
                boolean ring = x % 34 == 0 || x % 34 == 33 || y % 34 == 0 || y % 34 == 33;
                if (!ring || paintThePadding) {
                    sheet.setRGB(x, y, 0xff336699);
                }
            }
        }
        return sheet;
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}
