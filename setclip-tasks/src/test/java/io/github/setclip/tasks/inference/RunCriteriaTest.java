package io.github.setclip.tasks.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.inference.Predictor;
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.ImageFactory;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The DJL way: Criteria, ZooModel and Predictor over a run folder give TrainedRun's vectors. */
class RunCriteriaTest {

    @Test
    void aTextPredictorGivesTheVectorsOfEmbedTexts() throws Exception {
        Path folder = TinyRuns.emoji();
        List<String> texts = List.of("red heart", "grinning face with big eyes", "flag: France");
        try (TrainedRun run = TrainedRun.open(folder);
                ZooModel<String, float[]> model = TrainedRun.criteria(folder, String.class).build().loadModel();
                Predictor<String, float[]> predictor = model.newPredictor()) {
            float[] expected = run.embedTexts(texts).toFloatArray();
            List<float[]> batch = predictor.batchPredict(texts);
            for (int i = 0; i < texts.size(); i++) {
                assertArrayEquals(slice(expected, i, 128), batch.get(i), 1e-6f, texts.get(i));
            }
            assertArrayEquals(slice(expected, 1, 128), predictor.predict(texts.get(1)), 1e-6f);
            assertEquals("t", model.getProperty(RunTranslatorFactory.TOWER));
        }
    }

    @Test
    void anImagePredictorGivesTheVectorsOfEmbedImages() throws Exception {
        Path folder = TinyRuns.emoji();
        List<Image> pictures = List.of(randomPicture(32, 1), randomPicture(40, 2));
        try (TrainedRun run = TrainedRun.open(folder);
                ZooModel<Image, float[]> model = TrainedRun.criteria(folder, Image.class).build().loadModel();
                Predictor<Image, float[]> predictor = model.newPredictor()) {
            float[] expected = run.embedImages(pictures).toFloatArray();
            List<float[]> batch = predictor.batchPredict(pictures);
            assertArrayEquals(slice(expected, 0, 128), batch.get(0), 1e-6f);
            assertArrayEquals(slice(expected, 1, 128), batch.get(1), 1e-6f);
            assertArrayEquals(slice(expected, 1, 128), predictor.predict(pictures.get(1)), 1e-6f);
        }
    }

    @Test
    void theRecipeWithClassNamesAloneLoadsTheRunInPlainDjl() throws Exception {
        Path folder = TinyRuns.emoji();
        Criteria<String, float[]> plain = Criteria.builder().setTypes(String.class, float[].class)
                .optModelPath(folder)
                .optArgument("blockFactory", RunBlockFactory.class.getName())
                .optArgument("translatorFactory", RunTranslatorFactory.class.getName())
                .optOption("hasParameter", "false")
                .build();
        try (TrainedRun run = TrainedRun.open(folder);
                ZooModel<String, float[]> model = plain.loadModel();
                Predictor<String, float[]> predictor = model.newPredictor()) {
            assertArrayEquals(run.embedTexts(List.of("cat face")).toFloatArray(), predictor.predict("cat face"),
                    1e-6f);
        }
    }

    @Test
    void featureRowsGoToTheTowerTheArgumentNames() throws Exception {
        Path folder = TinyRuns.features();
        float[] row = {0.5f, -1, 2, 0, 1};
        try (TrainedRun run = TrainedRun.open(folder);
                ZooModel<float[], float[]> model = TrainedRun.criteria(folder, float[].class)
                        .optArgument(RunTranslatorFactory.TOWER, "t").build().loadModel();
                Predictor<float[], float[]> predictor = model.newPredictor()) {
            assertArrayEquals(run.embedRows(Tower.T, new float[][] {row}).toFloatArray(), predictor.predict(row),
                    1e-6f);
        }
        IllegalArgumentException unnamed = assertThrows(IllegalArgumentException.class,
                () -> TrainedRun.criteria(folder, float[].class).build().loadModel());
        assertEquals("both towers of " + folder + " take FEATURES; say which with the argument tower"
                + " (s or t)", unnamed.getMessage());
    }

    @Test
    void anInputTypeWithoutATowerIsRefusedWhenLoading() throws Exception {
        Path folder = TinyRuns.features();
        IllegalArgumentException texts = assertThrows(IllegalArgumentException.class,
                () -> TrainedRun.criteria(folder, String.class).build().loadModel());
        assertEquals(folder + " has no tower for TEXT (its towers take [FEATURES, FEATURES])",
                texts.getMessage());
        Path emoji = TinyRuns.emoji();
        IllegalArgumentException wrongTower = assertThrows(IllegalArgumentException.class,
                () -> TrainedRun.criteria(emoji, String.class).optArgument("tower", "s").build().loadModel());
        assertEquals("tower s: tower S of " + emoji + " takes IMAGE, not TEXT", wrongTower.getMessage());
    }

    private static float[] slice(float[] rows, int row, int width) {
        float[] out = new float[width];
        System.arraycopy(rows, row * width, out, 0, width);
        return out;
    }

    private static Image randomPicture(int side, long seed) {
        Random random = new Random(seed);
        BufferedImage image = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                image.setRGB(x, y, random.nextInt(1 << 24));
            }
        }
        return ImageFactory.getInstance().fromImage(image);
    }
}
