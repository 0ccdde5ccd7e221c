package io.github.setclip.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.repository.zoo.ZooModel;
import io.github.setclip.tasks.imagetext.MiniLm;
import io.github.setclip.tasks.inference.TrainedRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bring your own encoder from the command line: the README's one command (MiniLM captions, locked)
 * trains, prints validation retrieval and leaves a run that eval, embed and TrainedRun reopen; every
 * bad encoder is one line naming the file, exit status 1, no stack trace.
 */
class PretrainedTowerCommandsTest {

    /** The tiny encoders setclip-tasks' make_fixtures.py wrote (tests run in the module folder). */
    private static final Path ENCODERS = Path.of("../setclip-tasks/src/test/resources/encoders");

    @TempDir static Path shared;
    @TempDir Path dir;

    private static Path minilmRun;
    private static LossCommandTest.Run minilmTraining;

    @BeforeAll
    static void trainWithMiniLm() {
        minilmRun = shared.resolve("minilm");
        minilmTraining = pretrain(minilmRun, "--text-encoder", "minilm", "--lock-text");
    }

    private static LossCommandTest.Run pretrain(Path output, String... flags) {
        return pretrain(1, output, flags);
    }

    private static LossCommandTest.Run pretrain(int epochs, Path output, String... flags) {
        List<String> args = new ArrayList<>(List.of("pretrain", "--limit", "24", "--epochs", String.valueOf(epochs),
                "--batch-size", "12", "--warmup", "1", "--output", output.toString()));
        args.addAll(List.of(flags));
        return LossCommandTest.run(args.toArray(String[]::new));
    }

    private static void assertOneLine(LossCommandTest.Run run, String... mentions) {
        assertEquals(1, run.status(), run.err());
        String err = run.err().strip();
        assertFalse(err.contains("\n"), "one line, no stack trace: " + err);
        for (String mention : mentions) {
            assertTrue(err.contains(mention), "\"" + err + "\" should mention " + mention);
        }
    }

    @Test
    void theReadmesMiniLmCommandTrainsAndPrintsValidationRetrieval() throws IOException {
        assertEquals(0, minilmTraining.status(), minilmTraining.err());
        assertTrue(minilmTraining.out().contains("Validation retrieval"), minilmTraining.out());
        String config = Files.readString(minilmRun.resolve("config.json"));
        assertTrue(config.contains("\"kind\": \"minilm\"") && config.contains("\"sha256\": \""), config);
        assertTrue(Files.list(minilmRun.resolve("cache")).findAny().isPresent(), "the locked captions' cache");
    }

    @Test
    void evalEmbedTrainedRunAndDjlsTranslatorReopenAMiniLmRun() throws Exception {
        assertEquals(0, minilmTraining.status(), minilmTraining.err());
        LossCommandTest.Run eval = LossCommandTest.run("eval", "--model", minilmRun.toString());
        assertEquals(0, eval.status(), eval.err());
        LossCommandTest.Run embed = LossCommandTest.run("embed", "--model", minilmRun.toString(),
                "--output", dir.resolve("embedded").toString());
        assertEquals(0, embed.status(), embed.err());
        try (TrainedRun run = TrainedRun.open(minilmRun)) {
            NDArray texts = run.embedTexts(List.of("a cat", "a red heart"));
            assertEquals(2, texts.getShape().get(0));
            assertEquals(run.embeddingDim(), texts.getShape().get(1));
            try (ZooModel<String, float[]> model = TrainedRun.criteria(minilmRun, String.class).build().loadModel();
                    Predictor<String, float[]> predictor = model.newPredictor()) {
                float[] viaDjl = predictor.predict("a cat");
                float[] direct = texts.get(0).toFloatArray();
                for (int i = 0; i < direct.length; i++) {
                    assertEquals(direct[i], viaDjl[i], 1e-5, "DJL's predictor embeds like TrainedRun");
                }
            }
        }
    }

    @Test
    void resumingARunOfTorchScriptTowersFromItsConfigEndsBitForBitAsTheUninterruptedRun() throws IOException {
        String[] towers = {"--image-encoder", "torchscript:" + ENCODERS.resolve("image.pt"),
            "--image-input-size", "16", "--text-encoder", "torchscript:" + ENCODERS.resolve("text.pt"),
            "--tokenizer", ENCODERS.resolve("tokenizer.json").toString(), "--text-max-length", "16"};
        Path whole = dir.resolve("whole");
        Path cut = dir.resolve("cut");
        LossCommandTest.Run first = pretrain(2, whole, towers);
        assertEquals(0, first.status(), first.err());
        LossCommandTest.Run second = pretrain(2, cut, towers);
        assertEquals(0, second.status(), second.err());
        List<Path> checkpoints;
        try (var list = Files.list(cut.resolve("checkpoints"))) {
            checkpoints = list.sorted().toList();
        }
        assertTrue(checkpoints.size() >= 2, checkpoints.toString());
        deleteTree(checkpoints.get(checkpoints.size() - 1));
        deleteTree(cut.resolve("model"));
        Files.delete(cut.resolve("summary.json"));
        LossCommandTest.Run resumed = LossCommandTest.run("pretrain", "--output", cut.toString(), "--resume");
        assertEquals(0, resumed.status(), resumed.err());
        assertTrue(java.util.Arrays.equals(Files.readAllBytes(whole.resolve("model/model.params")),
                Files.readAllBytes(cut.resolve("model/model.params"))), "the resumed run's model differs");
    }

    private static void deleteTree(Path path) throws IOException {
        try (var all = Files.walk(path)) {
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Test
    void aMissingEncoderFileIsOneLine() {
        Path missing = dir.resolve("resnet.pt");
        assertOneLine(pretrain(dir.resolve("run"), "--image-encoder", "torchscript:" + missing), missing.toString(),
                "does not exist");
    }

    @Test
    void aFileThatIsNoModelIsOneLine() throws IOException {
        Path notes = Files.writeString(dir.resolve("notes.pt"), "hello\n");
        assertOneLine(pretrain(dir.resolve("run"), "--image-encoder", "torchscript:" + notes), notes.toString(),
                "is not a TorchScript model");
        assertOneLine(pretrain(dir.resolve("run2"), "--image-encoder", "onnx:" + notes, "--lock-image"),
                notes.toString(), "is not an ONNX model");
    }

    @Test
    void anOnnxModelWithoutATextEncodersInputsIsOneLine() {
        Path image = ENCODERS.resolve("image.onnx");
        assertOneLine(pretrain(dir.resolve("run"), "--text-encoder", "onnx:" + image, "--lock-text",
                "--tokenizer", ENCODERS.resolve("tokenizer.json").toString()), "image.onnx", "pixel_values");
    }

    @Test
    void aTokenizerTheTextEncoderCannotEmbedIsOneLine() {
        Path big = MiniLm.writeTokenizer(dir.resolve("big"));
        assertOneLine(pretrain(dir.resolve("run"), "--text-encoder", "torchscript:" + ENCODERS.resolve("text.pt"),
                "--tokenizer", big.toString()), "does not match", "text.pt");
    }

    @Test
    void anImageEncoderWhoseOutputIsNotBatchByWidthIsOneLine() {
        assertOneLine(pretrain(dir.resolve("run"), "--image-encoder", "torchscript:"
                + ENCODERS.resolve("image_4d.pt"), "--image-input-size", "16"), "image_4d.pt", "(B, d)");
    }

    @Test
    void anEncoderFileChangedAfterTrainingIsOneLineWithTheHashTheRunExpects() throws IOException {
        Path mine = Files.copy(ENCODERS.resolve("image.pt"), dir.resolve("mine.pt"));
        Path run = dir.resolve("run");
        LossCommandTest.Run trained = pretrain(run, "--image-encoder", "torchscript:" + mine,
                "--image-input-size", "16", "--lock-image");
        assertEquals(0, trained.status(), trained.err());
        String config = Files.readString(run.resolve("config.json"));
        Files.copy(ENCODERS.resolve("text.pt"), mine, StandardCopyOption.REPLACE_EXISTING);
        LossCommandTest.Run eval = LossCommandTest.run("eval", "--model", run.toString());
        assertOneLine(eval, mine.toAbsolutePath().toString(), "has changed");
        String expected = config.substring(config.indexOf("\"sha256\": \"") + 11).substring(0, 64);
        assertTrue(eval.err().contains(expected), eval.err());
    }
}
