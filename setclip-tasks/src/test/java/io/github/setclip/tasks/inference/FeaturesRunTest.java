package io.github.setclip.tasks.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.github.setclip.core.TwoStreamModel;
import io.github.setclip.eval.PromptTemplates;
import io.github.setclip.tasks.RunFolder;
import io.github.setclip.train.AlignmentTask;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A tiny features run: both towers take rows of their own width, nothing takes texts or pictures. */
class FeaturesRunTest {

    private static Path folder;
    private static TrainedRun run;
    private static NDManager manager;

    @TempDir Path dir;

    @BeforeAll
    static void open() throws IOException {
        folder = TinyRuns.features();
        run = TrainedRun.open(folder);
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void close() {
        run.close();
        manager.close();
    }

    @Test
    void aFeaturesRunTakesRowsOfEachTowersWidth() {
        assertEquals(List.of(ModalityKind.FEATURES, ModalityKind.FEATURES), run.modalityKinds());
        assertEquals(TinyRuns.S_WIDTH, run.rowWidth(Tower.S));
        assertEquals(TinyRuns.T_WIDTH, run.rowWidth(Tower.T));
        assertEquals(128, run.embeddingDim());
    }

    @Test
    void rowsEmbedAsTheRunsOwnModelEmbedsThemWhetherJavaArraysOrFloat64Arrays() throws IOException {
        float[][] rows = new float[3][TinyRuns.T_WIDTH];
        Random random = new Random(4);
        float[] flat = new float[3 * TinyRuns.T_WIDTH];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < TinyRuns.T_WIDTH; j++) {
                rows[i][j] = (float) random.nextGaussian();
                flat[i * TinyRuns.T_WIDTH + j] = rows[i][j];
            }
        }
        NDArray fromJava = run.embedRows(Tower.T, rows);
        NDArray float64 = manager.create(flat, new Shape(3, TinyRuns.T_WIDTH)).toType(DataType.FLOAT64, false);
        NDArray fromArray = run.embedRows(Tower.T, float64);
        RunFolder opened = RunFolder.open(folder);
        try (AlignmentTask task = opened.dataset().open(); NDManager m = NDManager.newBaseManager()) {
            TwoStreamModel reference = opened.loadModel(task, m);
            NDArray expected = reference.embedT(new ParameterStore(m, false),
                    new NDList(m.create(flat, new Shape(3, TinyRuns.T_WIDTH))), false);
            assertArrayEquals(expected.toFloatArray(), fromJava.toFloatArray(), 1e-6f);
            assertArrayEquals(expected.toFloatArray(), fromArray.toFloatArray(), 1e-6f);
        }
    }

    @Test
    void rowsOfAnotherWidthOrNotFiniteAreRefusedByIndex() {
        IllegalArgumentException width = assertThrows(IllegalArgumentException.class,
                () -> run.embedRows(Tower.S, new float[][] {new float[6], new float[4]}));
        assertEquals("rows[1] has 4 values; tower S takes rows of 6", width.getMessage());
        float[][] nan = new float[1][6];
        nan[0][2] = Float.NaN;
        IllegalArgumentException notFinite = assertThrows(IllegalArgumentException.class,
                () -> run.embedRows(Tower.S, nan));
        assertEquals("rows[0][2] is NaN; features must be finite", notFinite.getMessage());
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
                () -> run.embedRows(Tower.S, manager.zeros(new Shape(2, 5))));
        assertEquals("rows must be (N > 0, 6) for tower S, got (2, 5)", shape.getMessage());
        IllegalArgumentException infinite = assertThrows(IllegalArgumentException.class,
                () -> run.embedRows(Tower.S, manager.full(new Shape(2, 6), Float.POSITIVE_INFINITY)));
        assertEquals("rows hold NaN or infinite values; features must be finite", infinite.getMessage());
    }

    @Test
    void textsPicturesAndZeroShotAreRefusedForARunWithoutThoseTowers() {
        IllegalArgumentException texts = assertThrows(IllegalArgumentException.class,
                () -> run.embedTexts(List.of("a protein")));
        assertEquals("texts: run " + folder + " has no text tower (its towers take [FEATURES, FEATURES])",
                texts.getMessage());
        IllegalArgumentException zeroShot = assertThrows(IllegalArgumentException.class,
                () -> run.zeroShot(List.of("kinase"), PromptTemplates.DEFAULT));
        assertEquals("classNames: run " + folder + " has no text tower (its towers take [FEATURES,"
                + " FEATURES])", zeroShot.getMessage());
        assertThrows(IllegalArgumentException.class, () -> run.embedImages(List.of()));
        assertThrows(IllegalArgumentException.class, run::pictureSize);
    }

    @Test
    void aFeaturesRunWhoseDataMovedSaysSoOnOpening() throws IOException {
        Path copy = TinyRuns.copy(folder, dir.resolve("copy"));
        Path config = copy.resolve("config.json");
        Files.writeString(config, Files.readString(config).replace("features-data", "moved-away"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrainedRun.open(copy));
        assertEquals(copy + ": a features run sizes its model by its data, which cannot be opened: ",
                e.getMessage().substring(0, e.getMessage().indexOf("opened: ") + 8));
    }
}
