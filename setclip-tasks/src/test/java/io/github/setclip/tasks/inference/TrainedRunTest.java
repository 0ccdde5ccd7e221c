package io.github.setclip.tasks.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.ImageFactory;
import ai.djl.modality.cv.util.NDImageUtils;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.JsonUtils;
import com.google.gson.JsonObject;
import io.github.setclip.core.TwoStreamModel;
import io.github.setclip.data.emoji.EmojiConcept;
import io.github.setclip.data.emoji.EmojiDataset;
import io.github.setclip.data.emoji.EmojiImage;
import io.github.setclip.eval.PromptTemplates;
import io.github.setclip.tasks.RunFolder;
import io.github.setclip.tasks.emoji.EmojiTask;
import io.github.setclip.tasks.imagetext.ImageTextModel;
import io.github.setclip.train.AlignmentTask;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tiny emoji run opened as a {@link TrainedRun}, checked against the path the run's own task
 * takes (RunFolder.loadModel, the task's embedding code, the emoji pictures as training saw them)
 * and against double-precision references for the scores.
 */
class TrainedRunTest {

    private static Path folder;
    private static TrainedRun run;
    private static NDManager manager;
    private static EmojiDataset emoji;

    @TempDir Path dir;

    @BeforeAll
    static void open() throws IOException {
        folder = TinyRuns.emoji();
        run = TrainedRun.open(folder);
        manager = NDManager.newBaseManager();
        emoji = EmojiDataset.loadEmbedded();
    }

    @AfterAll
    static void close() {
        run.close();
        manager.close();
    }

    @Test
    void anEmojiRunTakesPicturesOf32PixelsAndTextsInto128Dimensions() {
        assertEquals(List.of(ModalityKind.IMAGE, ModalityKind.TEXT), run.modalityKinds());
        assertEquals(EmojiDataset.SIZE, run.pictureSize());
        assertEquals(ImageTextModel.EMBEDDING_DIM, run.embeddingDim());
        assertEquals(folder, run.folder().directory());
    }

    @Test
    void textsEmbedAsTheRunsOwnTaskEmbedsThemAcrossChunks() throws IOException {
        List<String> texts = emoji.concepts().subList(0, 300).stream().map(EmojiConcept::caption).toList();
        NDArray actual = run.embedTexts(texts);
        RunFolder opened = RunFolder.open(folder);
        try (AlignmentTask task = opened.dataset().open(); NDManager m = NDManager.newBaseManager()) {
            TwoStreamModel reference = opened.loadModel(task, m);
            NDArray expected = task.embedTexts(reference, m, texts);
            assertEquals(new Shape(300, 128), actual.getShape());
            assertArrayEquals(expected.toFloatArray(), actual.toFloatArray(), 1e-5f);
        }
        actual.close();
    }

    @Test
    void transparentPicturesAreCompositedOnWhiteAsTheEmojiTrainingPicturesWere() throws IOException {
        List<EmojiImage> cells = new ArrayList<>();
        emoji.split(EmojiTask.SPLIT_SEED).test().forEach(c -> cells.addAll(c.images()));
        cells.subList(70, cells.size()).clear(); // more than one chunk of pictures
        List<Image> pictures = new ArrayList<>();
        boolean transparent = false;
        for (EmojiImage cell : cells) {
            BufferedImage picture = cell(cell);
            transparent |= Arrays.stream(picture.getRGB(0, 0, 32, 32, null, 0, 32)).anyMatch(p -> p >>> 24 == 0);
            pictures.add(ImageFactory.getInstance().fromImage(picture));
        }
        assertTrue(transparent, "the sample holds transparent pixels, so compositing matters");

        NDArray actual = run.embedImages(pictures);
        RunFolder opened = RunFolder.open(folder);
        try (AlignmentTask task = opened.dataset().open(); NDManager m = NDManager.newBaseManager()) {
            TwoStreamModel reference = opened.loadModel(task, m);
            NDArray expected = reference.embedS(new ParameterStore(m, false),
                    new NDList(ImageTextModel.pictureInput(emoji.images(m, cells))), false);
            assertArrayEquals(expected.toFloatArray(), actual.toFloatArray(), 1e-5f);
        }
    }

    @Test
    void anOpaquePictureIsScaledFromBytesToTheTowersRange() {
        int[] argb = randomPixels(32 * 32, 1);
        float[] chw = new float[3 * 32 * 32];
        for (int p = 0; p < argb.length; p++) {
            chw[p] = (argb[p] >> 16 & 0xff) / 255f * 2 - 1;
            chw[1024 + p] = (argb[p] >> 8 & 0xff) / 255f * 2 - 1;
            chw[2048 + p] = (argb[p] & 0xff) / 255f * 2 - 1;
        }
        NDArray actual = run.embedImages(List.of(picture(argb, 32, 32)));
        NDArray expected = run.model().embedS(new ParameterStore(manager, false),
                new NDList(manager.create(chw, new Shape(1, 3, 32, 32))), false);
        assertArrayEquals(expected.toFloatArray(), actual.toFloatArray(), 1e-5f);
        assertEquals(1, actual.norm().getFloat(), 1e-5f);
    }

    @Test
    void picturesOfOtherSizesAreResizedWithDjlsResizeBeforeScaling() {
        int[] wide = randomPixels(64 * 48, 2);
        int[] square = randomPixels(32 * 32, 3);
        NDArray actual = run.embedImages(List.of(picture(wide, 64, 48), picture(square, 32, 32)));

        NDArray wideBytes = manager.create(hwcBytes(wide), new Shape(48, 64, 3), DataType.UINT8);
        NDArray resized = NDImageUtils.resize(wideBytes, 32, 32).toType(DataType.FLOAT32, false);
        NDArray squareBytes = manager.create(hwcBytes(square), new Shape(32, 32, 3), DataType.UINT8)
                .toType(DataType.FLOAT32, false);
        NDArray input = NDArrays.stack(new NDList(resized, squareBytes)) // (2, 32, 32, 3) in [0, 255]
                .transpose(0, 3, 1, 2).div(255f).mul(2f).sub(1f);
        NDArray expected = run.model().embedS(new ParameterStore(manager, false), new NDList(input), false);
        assertArrayEquals(expected.toFloatArray(), actual.toFloatArray(), 1e-5f);
    }

    @Test
    void similarityIsTheCosineOfEveryPairOfRows() {
        float[][] a = gaussian(3, 128, 3);
        float[][] b = gaussian(4, 128, 4);
        float[] actual = run.similarity(matrix(a), matrix(b)).toFloatArray();
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 4; j++) {
                assertEquals(cosine(a[i], b[j]), actual[i * 4 + j], 1e-5, "(" + i + ", " + j + ")");
            }
        }
    }

    @Test
    void rankListsTheKMostSimilarGalleryRowsMostSimilarFirst() {
        float[][] queries = gaussian(2, 128, 5);
        float[][] gallery = gaussian(6, 128, 6);
        List<List<Neighbour>> ranked = run.rank(matrix(queries), matrix(gallery), 3);
        assertEquals(2, ranked.size());
        for (int q = 0; q < 2; q++) {
            float[] query = queries[q];
            Integer[] order = IntStream.range(0, 6).boxed().toArray(Integer[]::new);
            Arrays.sort(order, Comparator.comparingDouble(g -> -cosine(query, gallery[g])));
            for (int r = 0; r < 3; r++) {
                Neighbour n = ranked.get(q).get(r);
                assertEquals(order[r], n.index(), "query " + q + " rank " + r);
                assertEquals(cosine(query, gallery[order[r]]), n.similarity(), 1e-5);
            }
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> run.rank(matrix(queries), matrix(gallery), 7));
        assertEquals("k must be in [1, 6] (the gallery's rows), got 7", e.getMessage());
    }

    @Test
    void zeroShotAveragesTheUnitPromptEmbeddingsOfEachClass() {
        List<String> classes = List.of("animals & nature", "food & drink", "flags");
        PromptTemplates templates = PromptTemplates.of(List.of("{}", "an emoji of {}."));
        ZeroShotClassifier classifier = run.zeroShot(classes, templates);
        assertEquals(classes, classifier.classNames());
        float[] weights = classifier.weights().toFloatArray();
        for (int c = 0; c < classes.size(); c++) {
            float[] prompts = run.embedTexts(templates.fill(classes.get(c))).toFloatArray();
            double[] mean = new double[128];
            for (int p = 0; p < 2; p++) {
                double norm = 0;
                for (int k = 0; k < 128; k++) {
                    norm += (double) prompts[p * 128 + k] * prompts[p * 128 + k];
                }
                for (int k = 0; k < 128; k++) {
                    mean[k] += prompts[p * 128 + k] / Math.sqrt(norm) / 2;
                }
            }
            double norm = Math.sqrt(Arrays.stream(mean).map(v -> v * v).sum());
            for (int k = 0; k < 128; k++) {
                assertEquals(mean[k] / norm, weights[c * 128 + k], 1e-5, "class " + c + ", " + k);
            }
        }
        float[][] samples = gaussian(5, 128, 7);
        int[] predicted = classifier.predict(matrix(samples));
        for (int i = 0; i < 5; i++) {
            int best = 0;
            for (int c = 1; c < classes.size(); c++) {
                if (dot(samples[i], weights, c) > dot(samples[i], weights, best)) {
                    best = c;
                }
            }
            assertEquals(best, predicted[i], "sample " + i);
        }
        double top1 = classifier.evaluate(matrix(samples), predicted).top1();
        assertEquals(1.0, top1, 1e-12, "the predicted classes score 100% as labels");
    }

    @Test
    void feedingATowerTheWrongKindOfInputIsRefusedByName() {
        IllegalArgumentException rows = assertThrows(IllegalArgumentException.class,
                () -> run.embedRows(Tower.S, new float[][] {{1}}));
        assertTrue(rows.getMessage().startsWith("tower S of run " + folder + " takes IMAGE, not feature"
                + " rows"), rows.getMessage());
        IllegalArgumentException blank = assertThrows(IllegalArgumentException.class,
                () -> run.embedTexts(List.of("cat", " ")));
        assertTrue(blank.getMessage().startsWith("texts[1] is blank"), blank.getMessage());
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> run.embedImages(List.of()));
        assertEquals("images must hold at least one element", none.getMessage());
        IllegalArgumentException width = assertThrows(IllegalArgumentException.class,
                () -> run.similarity(matrix(gaussian(2, 64, 1)), matrix(gaussian(2, 128, 1))));
        assertEquals("a must be (N > 0, 128) embeddings of this run, got (2, 64)", width.getMessage());
    }

    @Test
    void aFolderWithoutConfigIsNotARun() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrainedRun.open(dir));
        assertEquals(dir + " is not a setclip run folder (no config.json)", e.getMessage());
    }

    @Test
    void aRunWithoutItsModelFileSaysWhichFileIsMissing() throws IOException {
        Path copy = TinyRuns.copy(folder, dir.resolve("copy"));
        Files.delete(copy.resolve("model/model.params"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrainedRun.open(copy));
        assertEquals(copy + " has no trained model (model/model.params); did the run finish?", e.getMessage());
    }

    @Test
    void aTruncatedModelFileIsReportedAsDamaged() throws IOException {
        Path copy = TinyRuns.copy(folder, dir.resolve("copy"));
        Path params = copy.resolve("model/model.params");
        byte[] bytes = Files.readAllBytes(params);
        Files.write(params, Arrays.copyOf(bytes, bytes.length / 2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrainedRun.open(copy));
        assertTrue(e.getMessage().startsWith(params + " is damaged"), e.getMessage());
    }

    @Test
    void aModelFileOfGarbageIsReportedAsDamaged() throws IOException {
        Path copy = TinyRuns.copy(folder, dir.resolve("copy"));
        Path params = copy.resolve("model/model.params");
        byte[] garbage = new byte[4096];
        new Random(9).nextBytes(garbage);
        garbage[0] = 1; // the model's format version, so that the damage is found further in
        Files.write(params, garbage);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrainedRun.open(copy));
        assertTrue(e.getMessage().startsWith(params + " is damaged"), e.getMessage());
    }

    @Test
    void anotherRunsModelFileIsNotTakenForThisRuns() throws IOException {
        Path copy = TinyRuns.copy(folder, dir.resolve("copy"));
        Path params = copy.resolve("model/model.params");
        Files.copy(TinyRuns.features().resolve("model/model.params"), params,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrainedRun.open(copy));
        assertTrue(e.getMessage().startsWith(params.toString()), e.getMessage());
    }

    @Test
    void aModelFileWhoseShapesDifferFromTheRunsLayoutIsRefusedNotLoadedSilently() throws IOException {
        Path copy = TinyRuns.copy(folder, dir.resolve("copy"));
        Path tokenizer = copy.resolve("tokenizer/tokenizer.json");
        JsonObject json = JsonUtils.GSON.fromJson(Files.readString(tokenizer), JsonObject.class);
        JsonObject vocab = json.getAsJsonObject("model").getAsJsonObject("vocab");
        vocab.addProperty("an-extra-word", vocab.size() + 100); // the rebuilt model has 100 more ids
        Files.writeString(tokenizer, JsonUtils.GSON.toJson(json));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrainedRun.open(copy));
        assertTrue(e.getMessage().startsWith(copy.resolve("model/model.params") + " is not this run's model:"
                + " parameter "), e.getMessage());
    }

    private static BufferedImage cell(EmojiImage image) throws IOException {
        try (InputStream in = EmojiDataset.class.getResourceAsStream(image.vendor() + "-32.png")) {
            BufferedImage sheet = ImageIO.read(in);
            // Cells are 32 px with one pixel of padding around each (a 34 px stride).
            return sheet.getSubimage(1 + image.column() * 34, 1 + image.row() * 34, 32, 32);
        }
    }

    private static Image picture(int[] argb, int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        image.setRGB(0, 0, width, height, argb, 0, width);
        return ImageFactory.getInstance().fromImage(image);
    }

    private static int[] randomPixels(int count, long seed) {
        Random random = new Random(seed);
        int[] argb = new int[count];
        for (int p = 0; p < count; p++) {
            argb[p] = 0xff000000 | random.nextInt(1 << 24);
        }
        return argb;
    }

    private static java.nio.ByteBuffer hwcBytes(int[] argb) {
        byte[] bytes = new byte[3 * argb.length];
        for (int p = 0; p < argb.length; p++) {
            bytes[3 * p] = (byte) (argb[p] >> 16);
            bytes[3 * p + 1] = (byte) (argb[p] >> 8);
            bytes[3 * p + 2] = (byte) argb[p];
        }
        return java.nio.ByteBuffer.wrap(bytes);
    }

    private static float[][] gaussian(int rows, int columns, long seed) {
        Random random = new Random(seed);
        float[][] x = new float[rows][columns];
        for (float[] row : x) {
            for (int k = 0; k < columns; k++) {
                row[k] = (float) random.nextGaussian();
            }
        }
        return x;
    }

    private static NDArray matrix(float[][] rows) {
        float[] flat = new float[rows.length * rows[0].length];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, flat, i * rows[0].length, rows[0].length);
        }
        return manager.create(flat, new Shape(rows.length, rows[0].length)).toType(DataType.FLOAT32, false);
    }

    private static double cosine(float[] a, float[] b) {
        double ab = 0;
        double aa = 0;
        double bb = 0;
        for (int k = 0; k < a.length; k++) {
            ab += (double) a[k] * b[k];
            aa += (double) a[k] * a[k];
            bb += (double) b[k] * b[k];
        }
        return ab / Math.sqrt(aa * bb);
    }

    private static double dot(float[] sample, float[] weights, int c) {
        double s = 0;
        for (int k = 0; k < sample.length; k++) {
            s += (double) sample[k] * weights[c * sample.length + k];
        }
        return s;
    }
}
