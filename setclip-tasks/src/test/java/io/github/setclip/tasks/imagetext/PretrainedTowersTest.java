package io.github.setclip.tasks.imagetext;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import io.github.setclip.core.LockedTower;
import io.github.setclip.core.TwoStreamModel;
import io.github.setclip.data.batch.SemiPairedPools;
import io.github.setclip.losses.LossWeights;
import io.github.setclip.tasks.DatasetSpec;
import io.github.setclip.tasks.Pretraining;
import io.github.setclip.train.AlignmentTask;
import io.github.setclip.train.AlignmentTrainer;
import io.github.setclip.train.TrainerOptions;
import io.github.setclip.train.TrainingConfig;
import io.github.setclip.train.TrainingSetup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Towers from TorchScript files (the tiny encoders of make_fixtures.py) train like builtin ones:
 * fine-tuning moves their parameters, a resumed run repeats the uninterrupted one bit for bit, and a
 * locked tower keeps its parameters exactly while each of its inputs is embedded once.
 */
class PretrainedTowersTest {

    @TempDir Path dir;

    private static Map<String, float[]> initial(Block tower) {
        return Encoders.values(Encoders.encoder(tower));
    }

    private static void run(DatasetSpec spec, TrainingConfig config, Path run, boolean resume) throws IOException {
        Pretraining.builder().setDataset(spec).setConfig(config).setRunDirectory(run).optResume(resume)
                .optTrainer(TrainerOptions.DEFAULTS.withProgressBar(false)).build().run();
    }

    @Test
    void fineTuningChangesBothTorchScriptEncodersParameters() throws IOException {
        ImageTextTowers towers = new ImageTextTowers(Encoders.image("image.pt", false), Encoders.text(false));
        Path run = dir.resolve("tuned");
        run(Encoders.emoji(towers), Encoders.config(), run, false);
        try (NDManager manager = NDManager.newBaseManager();
                AlignmentTask task = Encoders.emoji(towers).open()) {
            task.prepare(run, false);
            TwoStreamModel fresh = task.newModel(Encoders.config().newObjective(), manager);
            TwoStreamModel trained = Encoders.trained(run, manager);
            for (boolean s : new boolean[] {true, false}) {
                Map<String, float[]> before = initial(s ? fresh.sTower() : fresh.tTower());
                Map<String, float[]> after = initial(s ? trained.sTower() : trained.tTower());
                assertEquals(before.keySet(), after.keySet());
                assertFalse(before.isEmpty());
                for (String name : before.keySet()) {
                    assertFalse(java.util.Arrays.equals(before.get(name), after.get(name)),
                            name + " did not change in training");
                }
            }
        }
    }

    @Test
    void aResumedRunEndsBitForBitWhereTheUninterruptedOneDoes() throws IOException {
        ImageTextTowers towers = new ImageTextTowers(Encoders.image("image.pt", false), Encoders.text(false));
        DatasetSpec spec = Encoders.emoji(towers);
        Path whole = dir.resolve("whole");
        Path cut = dir.resolve("cut");
        run(spec, Encoders.config(), whole, false);
        run(spec, Encoders.config(), cut, false);
        List<Path> checkpoints;
        try (Stream<Path> list = Files.list(cut.resolve("checkpoints"))) {
            checkpoints = list.sorted(Comparator.comparingLong(
                    p -> Long.parseLong(p.getFileName().toString().substring("step-".length())))).toList();
        }
        assertTrue(checkpoints.size() >= 2, "expected a checkpoint per epoch, got " + checkpoints);
        delete(checkpoints.get(checkpoints.size() - 1));
        delete(cut.resolve("model"));
        Files.delete(cut.resolve("summary.json"));
        run(spec, Encoders.config(), cut, true);
        assertArrayEquals(Files.readAllBytes(whole.resolve("model/model.params")),
                Files.readAllBytes(cut.resolve("model/model.params")));
    }

    @Test
    void aLockedTorchScriptTowerKeepsItsParametersAndEmbedsEachPictureOnceEvenAcrossRuns() throws IOException {
        ImageTextTowers towers = new ImageTextTowers(Encoders.image("image.pt", true), TextTowerSpec.BUILTIN);
        // No SSL: its augmented second views are new at every step and go through the encoder.
        TrainingConfig config = Encoders.config().toBuilder().optObjective(Encoders.config().objective()
                .toBuilder().optWeights(new LossWeights(1, 0.2, 0.7, 0)).build()).build();
        try (NDManager manager = NDManager.newBaseManager();
                AlignmentTask task = Encoders.emoji(towers).open()) {
            Path run = dir.resolve("locked");
            task.prepare(run, true);
            TwoStreamModel model = task.newModel(config.newObjective(), manager);
            LockedTower tower = (LockedTower) model.sTower();
            Map<String, float[]> before = Encoders.values(tower.encoder());
            Map<String, float[]> head = Encoders.values(tower.head());
            SemiPairedPools pools = task.pools(config);
            AlignmentTrainer.builder().setConfig(config).setModel(model)
                    .setSampler(TrainingSetup.sampler(config, pools))
                    .setInputs(task.sInput(), task.tInput()).setRunDirectory(run).optProgressBar(false)
                    .build().train(manager, false);
            Map<String, float[]> after = Encoders.values(tower.encoder());
            for (String name : before.keySet()) {
                assertArrayEquals(before.get(name), after.get(name), name + " of the locked encoder changed");
            }
            assertFalse(java.util.Arrays.equals(head.values().iterator().next(),
                    Encoders.values(tower.head()).values().iterator().next()), "the head did not learn");
            long pictures = 16 * 2; // two vendors' pictures per concept
            assertEquals(pictures, tower.cache().embeddedRows(), "each picture embedded once");
            assertEquals(pictures, tower.cache().size());
            assertTrue(tower.cache().hits() >= 2 * 8, "the steps read the cache: " + tower.cache().hits());
            try (Stream<Path> files = Files.list(run.resolve("cache"))) {
                assertEquals(List.of("s-" + towers.resolved().image().sha256() + ".features"),
                        files.map(p -> p.getFileName().toString()).toList());
            }

            // Another run of the same encoder file reads the cache file instead of embedding again.
            Path again = dir.resolve("locked-again");
            Files.createDirectories(again.resolve("cache"));
            try (Stream<Path> files = Files.list(run.resolve("cache"))) {
                for (Path file : files.toList()) {
                    Files.copy(file, again.resolve("cache").resolve(file.getFileName()));
                }
            }
            TwoStreamModel second = task.newModel(config.newObjective(), manager);
            LockedTower secondTower = (LockedTower) second.sTower();
            AlignmentTrainer.builder().setConfig(config.toBuilder().optEpochs(1).build()).setModel(second)
                    .setSampler(TrainingSetup.sampler(config, pools)).setInputs(task.sInput(), task.tInput())
                    .setRunDirectory(again).optProgressBar(false).build().train(manager, false);
            assertEquals(0, secondTower.cache().embeddedRows(), "every picture read from the cache file");
            assertEquals(pictures, secondTower.cache().size());
        }
    }

    @Test
    void aLockedBuiltinTextTowerIsARandomFeatureBaselineWhoseCaptionsAreEmbeddedOnceEvenWithSsl()
            throws IOException {
        ImageTextTowers towers = new ImageTextTowers(ImageTowerSpec.BUILTIN, TextTowerSpec.of("builtin", true));
        TrainingConfig config = Encoders.config();
        assertTrue(config.objective().weights().ssl() > 0);
        try (NDManager manager = NDManager.newBaseManager();
                AlignmentTask task = Encoders.emoji(towers).open()) {
            Path run = dir.resolve("random-text");
            task.prepare(run, true);
            TwoStreamModel model = task.newModel(config.newObjective(), manager);
            LockedTower tower = (LockedTower) model.tTower();
            Map<String, float[]> before = Encoders.values(tower.encoder());
            AlignmentTrainer.builder().setConfig(config).setModel(model)
                    .setSampler(TrainingSetup.sampler(config, task.pools(config)))
                    .setInputs(task.sInput(), task.tInput()).setRunDirectory(run).optProgressBar(false)
                    .build().train(manager, false);
            Map<String, float[]> after = Encoders.values(tower.encoder());
            for (String name : before.keySet()) {
                assertArrayEquals(before.get(name), after.get(name), name + " of the locked encoder changed");
            }
            assertEquals(distinctRows(task, manager), tower.cache().embeddedRows(),
                    "each distinct tokenised caption embedded once, second views included");
        }
    }

    /** How many distinct token rows the training captions make (two captions may tokenise alike). */
    private static long distinctRows(AlignmentTask task, NDManager manager) {
        long[] ids = task.tInput().everyFirstView(manager, java.util.stream.IntStream.range(0, 16).toArray())
                .head().toLongArray();
        int length = ids.length / 16;
        java.util.Set<String> rows = new java.util.HashSet<>();
        for (int i = 0; i < 16; i++) {
            rows.add(java.util.Arrays.toString(java.util.Arrays.copyOfRange(ids, i * length, (i + 1) * length)));
        }
        assertTrue(rows.size() > 8);
        return rows.size();
    }

    private static void delete(Path path) throws IOException {
        try (Stream<Path> all = Files.walk(path)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
