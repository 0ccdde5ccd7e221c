package io.github.setclip.tasks.captions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.github.setclip.data.BadInputException;
import io.github.setclip.data.batch.MixedBatchPlan;
import io.github.setclip.data.batch.MixedBatchSampler;
import io.github.setclip.data.batch.SemiPairedPools;
import io.github.setclip.tasks.DatasetSpec;
import io.github.setclip.tasks.Pretraining;
import io.github.setclip.tasks.imagetext.ImageTextTowers;
import io.github.setclip.tasks.imagetext.ImageTowerSpec;
import io.github.setclip.tasks.imagetext.TextTowerSpec;
import io.github.setclip.train.AlignmentTask;
import io.github.setclip.train.EmbeddedSplit;
import io.github.setclip.data.InvalidSettingException;
import io.github.setclip.train.TrainingConfig;
import io.github.setclip.train.TrainerOptions;
import io.github.setclip.train.TrainingSetup;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A captions file with real unpaired pictures and texts beside it: 30 training pairs, 5 validation
 * and 5 test pairs, 200 uncaptioned pictures in a folder tree and 300 texts, all written here.
 */
class UnpairedSourcesTest {

    private static final String[] COLOURS = {"red", "green", "blue", "black"};
    private static final Color[] RGB = {Color.RED, Color.GREEN, Color.BLUE, Color.BLACK};

    @TempDir static Path dir;
    private static Path pairs;
    private static Path photos;
    private static Path texts;

    @BeforeAll
    static void data() throws IOException {
        List<String> rows = new ArrayList<>(List.of("image,caption,split"));
        Random random = new Random(5);
        for (int i = 0; i < 40; i++) {
            String split = i < 30 ? "train" : i < 35 ? "val" : "test";
            picture(dir.resolve("paired/p" + i + ".png"), i % 4, random);
            rows.add("paired/p" + i + ".png,a " + COLOURS[i % 4] + " square number " + i + "," + split);
        }
        pairs = Files.write(dir.resolve("pairs.csv"), rows);
        photos = dir.resolve("photos");
        for (int i = 0; i < 200; i++) {
            picture(photos.resolve("d" + i % 7 + "/u" + i + ".png"), i % 4, random);
            BufferedImage marked = ImageIO.read(photos.resolve("d" + i % 7 + "/u" + i + ".png").toFile());
            marked.setRGB(11, 11, 0x10000 * i + 7); // every unpaired picture distinct, to count cache rows
            ImageIO.write(marked, "png", photos.resolve("d" + i % 7 + "/u" + i + ".png").toFile());
        }
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            lines.add("a " + COLOURS[i % 4] + " thing seen " + i + " times");
        }
        lines.add("a black square number 31"); // a validation caption: a pair only, never an unpaired row
        texts = Files.write(dir.resolve("texts.txt"), lines);
    }

    private static void picture(Path file, int colour, Random random) throws IOException {
        Files.createDirectories(file.getParent());
        BufferedImage image = new BufferedImage(12, 12, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 12, 12);
        g.setColor(RGB[colour]);
        int x = random.nextInt(5);
        g.fillRect(x, x, 6, 6);
        g.dispose();
        ImageIO.write(image, "png", file.toFile());
    }

    private static DatasetSpec spec(List<Path> images, List<Path> texts) {
        return new DatasetSpec("captions", null, false, pairs, null, 16, null, null, null, false, null, 0, null,
                null).withUnpaired(images, texts);
    }

    private static TrainingConfig config(int epochs) {
        return TrainingConfig.builder().optEpochs(epochs).optBatchSize(16).optPairedFraction(1)
                .optWarmUpSteps(1).optSeed(3).build();
    }

    @Test
    void everyCaptionRowIsAPairAndTheSourcesAreTheUnpairedPools() throws IOException {
        try (AlignmentTask task = spec(List.of(photos), List.of(texts)).open()) {
            SemiPairedPools pools = task.pools(config(1));
            assertArrayEquals(IntStream.range(0, 30).toArray(), pools.pairedIndices());
            assertArrayEquals(IntStream.range(30, 230).toArray(), pools.unpairedS());
            assertArrayEquals(IntStream.range(30, 330).toArray(), pools.unpairedT()); // the validation caption dropped
            assertThrows(InvalidSettingException.class,
                    () -> task.pools(config(1).toBuilder().optPairedFraction(0.5).build()));
        }
    }

    @Test
    void eachUnpairedItemIsDrawnWithinCeilOfPoolOverRowsSteps() throws IOException {
        try (AlignmentTask task = spec(List.of(photos), List.of(texts)).open()) {
            SemiPairedPools pools = task.pools(config(1));
            MixedBatchSampler sampler = TrainingSetup.sampler(config(1), pools);
            int rows = sampler.plan(0, 0).numUnpaired();
            Set<Integer> s = new HashSet<>();
            Set<Integer> t = new HashSet<>();
            int steps = (300 + rows - 1) / rows;
            for (int step = 0; step < steps; step++) {
                MixedBatchPlan plan = sampler.plan(step / sampler.stepsPerEpoch(), step % sampler.stepsPerEpoch());
                for (int i : plan.unpairedS()) {
                    s.add(i);
                }
                for (int i : plan.unpairedT()) {
                    t.add(i);
                }
                if (step + 1 == (200 + rows - 1) / rows) {
                    assertEquals(200, s.size(), "every unpaired picture by step " + (step + 1));
                }
            }
            assertEquals(300, t.size(), "every unpaired text by step " + steps);
        }
    }

    @Test
    void onlyUnpairedTextsDrawTheOtherSideFromThePairedPictures() throws IOException {
        try (AlignmentTask task = spec(List.of(), List.of(texts)).open()) {
            SemiPairedPools pools = task.pools(config(1));
            assertArrayEquals(IntStream.range(0, 30).toArray(), pools.unpairedS());
            assertEquals(300, pools.numUnpairedT());
        }
    }

    @Test
    void aRunDrawsFromTheSourcesRecordsThemEvaluatesPairsOnlyAndResumesExactly() throws IOException {
        Path run = dir.resolve("run");
        Pretraining.builder().setDataset(spec(List.of(photos), List.of(texts))).setConfig(config(2))
                .setRunDirectory(run).optTrainer(TrainerOptions.DEFAULTS.withProgressBar(false)).build().run();
        String configJson = Files.readString(run.resolve("config.json"));
        assertTrue(configJson.contains("\"unpaired_s\": 200") && configJson.contains("\"unpaired_t\": 300"),
                configJson);
        String summary = Files.readString(run.resolve("summary.json"));
        assertTrue(summary.contains(photos.toAbsolutePath().toString()) && summary.contains("\"sha256\""), summary);

        try (AlignmentTask task = spec(List.of(photos), List.of(texts)).open(); NDManager manager =
                NDManager.newBaseManager()) {
            task.prepare(run, false);
            var model = task.newModel(config(2).newObjective(), manager);
            for (AlignmentTask.Split split : List.of(AlignmentTask.Split.VALIDATION, AlignmentTask.Split.TEST)) {
                EmbeddedSplit embedded = task.embed(model, manager, split);
                assertEquals(5, embedded.sIds().size());
                assertFalse(embedded.sIds().stream().anyMatch(id -> id.contains("photos")), embedded.sIds().toString());
                assertEquals(5, embedded.tIds().size());
            }
        }

        // drop the last checkpoint and the end of the run, then resume: the same model, bit for bit
        Path copy = dir.resolve("resumed");
        copyTree(run, copy);
        List<Path> checkpoints;
        try (Stream<Path> list = Files.list(copy.resolve("checkpoints"))) {
            checkpoints = list.sorted().toList();
        }
        deleteTree(checkpoints.get(checkpoints.size() - 1));
        Files.delete(copy.resolve("summary.json"));
        Files.delete(copy.resolve("model/model.params"));
        Pretraining.builder().setDataset(spec(List.of(photos), List.of(texts))).setConfig(config(2))
                .setRunDirectory(copy).optResume(true).optTrainer(TrainerOptions.DEFAULTS.withProgressBar(false)).build().run();
        assertArrayEquals(Files.readAllBytes(run.resolve("model/model.params")),
                Files.readAllBytes(copy.resolve("model/model.params")));
    }

    @Test
    void aLockedTowerEmbedsTheUnpairedPicturesIntoItsCacheBeforeTheFirstStep() throws IOException {
        java.io.ByteArrayOutputStream console = new java.io.ByteArrayOutputStream();
        DatasetSpec locked = spec(List.of(photos), List.of(texts)).withTowers(new ImageTextTowers(
                ImageTowerSpec.of("builtin", true), TextTowerSpec.BUILTIN));
        Pretraining.builder().setDataset(locked).setConfig(config(1)).setRunDirectory(dir.resolve("locked"))
                .optTrainer(TrainerOptions.DEFAULTS.withProgressBar(false).withConsole(
                        new java.io.PrintStream(console, true, java.nio.charset.StandardCharsets.UTF_8))).build().run();
        String printed = console.toString(java.nio.charset.StandardCharsets.UTF_8);
        java.util.regex.Matcher rows = java.util.regex.Pattern.compile("locked S tower: (\\d+) rows embedded")
                .matcher(printed);
        assertTrue(rows.find(), printed);
        // the 200 distinct unpaired pictures and the paired ones (30 pictures, fewer distinct ones)
        assertTrue(Integer.parseInt(rows.group(1)) > 200 && Integer.parseInt(rows.group(1)) <= 230, printed);
    }

    @Test
    void aChangedSourceStopsAResumeNamingIt() throws IOException {
        Path extra = Files.write(dir.resolve("extra.txt"), List.of("one text", "another text"));
        Path run = dir.resolve("changing");
        Pretraining.builder().setDataset(spec(List.of(), List.of(extra))).setConfig(config(1))
                .setRunDirectory(run).optTrainer(TrainerOptions.DEFAULTS.withProgressBar(false)).build().run();
        Files.delete(run.resolve("summary.json"));
        Files.write(extra, List.of("one text", "another text", "a third"));
        BadInputException e = assertThrows(BadInputException.class, () -> Pretraining.builder()
                .setDataset(spec(List.of(), List.of(extra))).setConfig(config(1)).setRunDirectory(run)
                .optResume(true).optTrainer(TrainerOptions.DEFAULTS.withProgressBar(false)).build().run());
        assertTrue(e.getMessage().contains("extra.txt has changed since the run started"), e.getMessage());
    }

    @Test
    void aFailedIndexWritesNothingToTheRunFolder() throws IOException {
        Files.createDirectories(dir.resolve("empty"));
        Path run = dir.resolve("never");
        BadInputException e = assertThrows(BadInputException.class, () -> Pretraining.builder()
                .setDataset(spec(List.of(dir.resolve("empty")), List.of())).setConfig(config(1))
                .setRunDirectory(run).optTrainer(TrainerOptions.DEFAULTS.withProgressBar(false)).build().run());
        assertTrue(e.getMessage().contains("no PNG, JPEG, GIF or BMP pictures"), e.getMessage());
        assertFalse(Files.exists(run));
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : all.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else if (!p.getFileName().toString().equals(".lock")) {
                    Files.copy(p, target);
                }
            }
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
