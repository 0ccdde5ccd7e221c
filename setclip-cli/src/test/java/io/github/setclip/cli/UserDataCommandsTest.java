package io.github.setclip.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.setclip.data.npy.NpyFile;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** pretrain, eval and embed on the formats users bring, from fixtures the test writes. */
class UserDataCommandsTest {

    private static final String[] COLOURS = {"red", "green", "blue"};
    private static final Color[] RGB = {Color.RED, Color.GREEN, Color.BLUE};
    private static final String[] SHAPES = {"square", "disc"};

    @TempDir Path dir;

    /** 40 pictures of coloured shapes with captions and a colour class, plus one empty caption. */
    private Path manifest() throws IOException {
        Path images = dir.resolve("images");
        Files.createDirectories(images);
        List<String> rows = new ArrayList<>(List.of("image,caption,class"));
        Random random = new Random(1);
        for (int i = 0; i < 40; i++) {
            int c = i % 3;
            int s = (i / 3) % 2;
            BufferedImage image = new BufferedImage(40, 40, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = image.createGraphics();
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, 40, 40);
            g.setColor(RGB[c]);
            int x = random.nextInt(10);
            if (s == 0) {
                g.fillRect(x, x, 24, 24);
            } else {
                g.fillOval(x, x, 24, 24);
            }
            g.dispose();
            ImageIO.write(image, "png", images.resolve("p" + i + ".png").toFile());
            rows.add("images/p" + i + ".png,\"a " + COLOURS[c] + " " + SHAPES[s] + "\"," + COLOURS[c]);
        }
        rows.add("images/p0.png,,red");
        Path csv = dir.resolve("captions.csv");
        Files.write(csv, rows);
        return csv;
    }

    @Test
    void captionsTrainWithSkipBadAndATrainedRunScoresANewCaptionsFile() throws IOException {
        Path csv = manifest();
        Path run = dir.resolve("run");
        LossCommandTest.Run failing = LossCommandTest.run("pretrain", "--dataset", "captions",
                "--captions", csv.toString(), "--output", dir.resolve("r0").toString());
        assertEquals(1, failing.status(), failing.err());
        assertTrue(failing.err().contains("captions.csv:42") && failing.err().contains("empty caption"),
                failing.err());

        LossCommandTest.Run pretrain = LossCommandTest.run("pretrain", "--dataset", "captions",
                "--captions", csv.toString(), "--skip-bad", "--image-size", "32", "--epochs", "2",
                "--batch-size", "16", "--warmup", "1", "--output", run.toString());
        assertEquals(0, pretrain.status(), pretrain.err());

        LossCommandTest.Run eval = LossCommandTest.run("eval", "--model", run.toString(),
                "--captions", csv.toString(), "--skip-bad", "--output", dir.resolve("ev").toString());
        assertEquals(0, eval.status(), eval.err());
        assertTrue(eval.out().contains("zero_shot_class"), eval.out());
        assertTrue(Files.exists(dir.resolve("ev/pca_class.png")));
    }

    @Test
    void unpairedPicturesAndTextsTrainBesideThePairsAndBadOnesAreOneLineWithNoRunFolder() throws IOException {
        Path csv = manifest();
        Files.write(csv, Files.readAllLines(csv).subList(0, 41)); // without the empty caption
        Path photos = Files.createDirectories(dir.resolve("photos/more"));
        for (int i = 0; i < 30; i++) {
            ImageIO.write(new BufferedImage(20, 20, BufferedImage.TYPE_INT_RGB), "png",
                    photos.resolve("u" + i + ".png").toFile());
        }
        Files.write(dir.resolve("photos/broken.png"), new byte[] {1, 2, 3});
        Path texts = Files.write(dir.resolve("texts.txt"), List.of("a red thing", "", "a green thing",
                "a blue square", "a blue disc"));
        String[] pairs = {"pretrain", "--dataset", "captions", "--captions", csv.toString(), "--image-size", "16",
            "--epochs", "1", "--batch-size", "8", "--warmup", "1"};
        Path run = dir.resolve("run");
        LossCommandTest.Run pretrain = LossCommandTest.runWithConsole(concat(pairs, "--unpaired-images", dir.resolve("photos")
                .toString(), "--unpaired-texts", texts.toString(), "--skip-bad", "--output", run.toString()));
        assertEquals(0, pretrain.status(), pretrain.err());
        assertTrue(pretrain.out().contains("32 paired, 30 S-only, 2 T-only"), pretrain.out()); // 2 texts are captions
        assertTrue(Files.readString(run.resolve("skipped.log")).contains("broken.png"));

        Files.createDirectories(dir.resolve("empty"));
        Path blank = Files.write(dir.resolve("blank.txt"), List.of("", "  "));
        Path escaping = Files.write(dir.resolve("list.csv"), List.of("image", "../outside.png"));
        String[][] bad = {
            {"--unpaired-images", dir.resolve("empty").toString()},
            {"--unpaired-texts", blank.toString()},
            {"--unpaired-images", dir.resolve("photos").toString()},
            {"--unpaired-texts", texts.toString(), "--unpaired-texts", texts.toString()},
            {"--unpaired-images", escaping.toString()}};
        String[] says = {"empty: no PNG, JPEG, GIF or BMP pictures", "blank.txt: holds no text (only blank lines)",
            "broken.png", "texts.txt: given twice as --unpaired-texts", "../outside.png escapes the image root"};
        for (int i = 0; i < bad.length; i++) {
            Path folder = dir.resolve("bad" + i);
            LossCommandTest.Run failed = LossCommandTest.run(concat(concat(pairs, bad[i]), "--output",
                    folder.toString()));
            assertEquals(1, failed.status(), failed.err());
            assertTrue(failed.err().contains(says[i]) && failed.err().strip().lines().count() == 1, failed.err());
            assertTrue(Files.notExists(folder), "nothing written for " + String.join(" ", bad[i]));
        }
        LossCommandTest.Run simulated = LossCommandTest.run(concat(pairs, "--unpaired-texts", texts.toString(),
                "--paired-fraction", "0.5"));
        assertEquals(2, simulated.status(), simulated.err());
        assertTrue(simulated.err().contains("--paired-fraction must be 1 when unpaired"), simulated.err());

        Files.move(dir.resolve("photos"), dir.resolve("photos-moved")); // evaluation needs the pairs only
        LossCommandTest.Run eval = LossCommandTest.run("eval", "--model", run.toString(), "--output",
                dir.resolve("ev").toString());
        assertEquals(0, eval.status(), eval.err());
    }

    private static String[] concat(String[] a, String... b) {
        return java.util.stream.Stream.concat(java.util.Arrays.stream(a), java.util.Arrays.stream(b))
                .toArray(String[]::new);
    }

    private void features(Path folder, int rows, int width, long seed, float nanAt) throws IOException {
        Random random = new Random(seed);
        float[] x = new float[rows * width];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
        }
        if (nanAt >= 0) {
            x[(int) nanAt * width] = Float.NaN;
        }
        try (NDManager m = NDManager.newBaseManager()) {
            NpyFile.write(folder.resolve("x" + seed + ".npy"), m.create(x, new Shape(rows, width)));
        }
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            ids.add((seed == 1 ? "seq" : "struct") + i);
        }
        Files.write(folder.resolve("ids" + seed + ".txt"), ids);
    }

    @Test
    void precomputedFeaturesTrainFromAPairsFileAndEmbedToNpy() throws IOException {
        features(dir, 120, 12, 1, 7);
        features(dir, 100, 8, 2, -1);
        List<String> pairs = new ArrayList<>(List.of("s_id,t_id"));
        for (int i = 0; i < 80; i++) {
            pairs.add("seq" + i + ",struct" + i);
        }
        Files.write(dir.resolve("pairs.csv"), pairs);
        Path run = dir.resolve("frun");
        LossCommandTest.Run pretrain = LossCommandTest.run("pretrain", "--dataset", "features",
                "--s-features", dir.resolve("x1.npy").toString(), dir.resolve("ids1.txt").toString(),
                "--t-features", dir.resolve("x2.npy").toString(), dir.resolve("ids2.txt").toString(),
                "--pairs", dir.resolve("pairs.csv").toString(), "--skip-bad", "--epochs", "2",
                "--batch-size", "32", "--warmup", "1", "--output", run.toString());
        assertEquals(0, pretrain.status(), pretrain.err());
        String config = Files.readString(run.resolve("config.json"));
        assertTrue(config.contains("skipped 2 bad rows"), "the NaN row and its pair line are counted: " + config);

        LossCommandTest.Run embed = LossCommandTest.run("embed", "--model", run.toString(), "--output",
                dir.resolve("emb").toString());
        assertEquals(0, embed.status(), embed.err());
        assertEquals(7, Files.readAllLines(dir.resolve("emb/s_ids.txt")).size()); // 10% of 79 pairs
    }
}
