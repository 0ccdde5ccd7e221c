package io.github.setclip.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonObject;
import io.github.setclip.core.ProjectionHead;
import io.github.setclip.core.Towers;
import io.github.setclip.core.TwoStreamModel;
import io.github.setclip.core.encoders.MlpEncoder;
import io.github.setclip.data.DamagedFileException;
import io.github.setclip.data.InvalidSettingException;
import io.github.setclip.data.JsonFile;
import io.github.setclip.tasks.imagetext.ImageTextModel;
import io.github.setclip.tasks.imagetext.RunTokenizer;
import io.github.setclip.train.AlignmentTask;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every file read back from a run folder is input like any other: broken, it is one clear line
 * naming the file and what is wrong, never a parser's exception.
 */
class RunFolderTest {

    @TempDir Path dir;

    static Stream<Arguments> brokenConfigs() {
        return Stream.of(
                Arguments.of("cut short", "{\n  \"dataset\": \"features\",\n  \"training\": {\n    \"method\": ",
                        "is not valid JSON: it ends at line 4 column 15 (cut short?)"),
                Arguments.of("not JSON", "<html>502 Bad Gateway</html>", "is not valid JSON at line 1 column "),
                Arguments.of("empty", "", "is empty"),
                Arguments.of("not an object", "[1, 2, 3]", "does not hold a JSON object"),
                Arguments.of("no training configuration", "{\"dataset\": \"features\"}",
                        "holds no usable training configuration ('training': no training configuration object)"),
                Arguments.of("a setting of the wrong type", "{\"training\": {\"method\": \"setclip\", \"epochs\":"
                        + " \"many\"}}", "holds no usable training configuration ('training': "),
                Arguments.of("a setting out of range", null, "holds no usable training configuration ('training':"
                        + " epochs must be >= 1, got 0)"),
                Arguments.of("a damaged dataset", null,
                        "holds no usable dataset ('dataset_spec': kind must be one of"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenConfigs")
    void aBrokenConfigJsonIsOneLineNamingItAndWhatIsWrong(String name, String content, String problem)
            throws IOException {
        Path run = Files.createDirectories(dir.resolve("run"));
        Path config = run.resolve("config.json");
        if (content == null) { // the finished run's own config.json, one value damaged
            JsonObject json = JsonFile.read(TinyFeaturesRun.trained().resolve("config.json"));
            if (name.contains("dataset")) {
                json.getAsJsonObject("dataset_spec").addProperty("kind", "photos");
            } else {
                json.getAsJsonObject("training").addProperty("epochs", 0);
            }
            content = json.toString();
        }
        Files.writeString(config, content);
        DamagedFileException e = assertThrows(DamagedFileException.class, () -> RunFolder.open(run));
        assertTrue(e.getMessage().startsWith(config + " " + problem), name + ": " + e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    }

    @Test
    void aConfigJsonOfBinaryGarbageIsNamed() throws IOException {
        Path run = Files.createDirectories(dir.resolve("run"));
        Files.write(run.resolve("config.json"), new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2});
        DamagedFileException e = assertThrows(DamagedFileException.class, () -> RunFolder.open(run));
        assertEquals(run.resolve("config.json") + " is not a JSON text file (it holds bytes that are not UTF-8)",
                e.getMessage());
    }

    @Test
    void aFolderWithoutConfigJsonIsNotARun() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RunFolder.open(dir));
        assertEquals(dir + " is not a setclip run folder (no config.json)", e.getMessage());
    }

    @Test
    void aFinishedRunOpensWithItsSettings() throws IOException {
        RunFolder run = RunFolder.open(TinyFeaturesRun.trained());
        assertEquals(TinyFeaturesRun.config(), run.config());
        assertEquals(TinyFeaturesRun.spec(), run.dataset());
        assertEquals(null, run.earlyStopping());
        assertEquals(0, run.checkpointEvery());
    }

    /** Opens the copy's task and loads its model: what eval and embed do. */
    private static void load(Path run) throws IOException {
        RunFolder folder = RunFolder.open(run);
        try (AlignmentTask task = folder.dataset().open(); NDManager manager = NDManager.newBaseManager()) {
            folder.loadModel(task, manager);
        }
    }

    @Test
    void aModelFileCutShortIsNamed() throws IOException {
        Path run = TinyFeaturesRun.copy(dir.resolve("run"));
        Path params = run.resolve("model/model.params");
        try (FileChannel file = FileChannel.open(params, StandardOpenOption.WRITE)) {
            file.truncate(file.size() / 2);
        }
        DamagedFileException e = assertThrows(DamagedFileException.class, () -> load(run));
        assertEquals(params + " is damaged: it ends before every parameter was read (cut short?)", e.getMessage());
    }

    @Test
    void aModelFileOfGarbageIsNamed() throws IOException {
        Path run = TinyFeaturesRun.copy(dir.resolve("run"));
        Path params = run.resolve("model/model.params");
        Files.writeString(params, "these are not parameters at all, just text that a copy put here by mistake");
        DamagedFileException e = assertThrows(DamagedFileException.class, () -> load(run));
        assertTrue(e.getMessage().startsWith(params + " is damaged"), e.getMessage());
    }

    @Test
    void anotherModelsFileIsRefusedNamingTheParameterThatDiffers() throws IOException {
        Path run = TinyFeaturesRun.copy(dir.resolve("run"));
        Path params = run.resolve("model/model.params");
        try (NDManager manager = NDManager.newBaseManager()) {
            int d = ImageTextModel.EMBEDDING_DIM;
            TwoStreamModel wider = new TwoStreamModel(
                    Towers.of(MlpEncoder.build(0.1f, 512), ProjectionHead.build(d, 0.1f)), 1,
                    Towers.of(MlpEncoder.build(0.1f, 512), ProjectionHead.build(d, 0.1f)),
                    TinyFeaturesRun.config().newObjective());
            wider.initialize(manager, DataType.FLOAT32, new Shape[] {new Shape(2, 7)}, new Shape[] {new Shape(2, 5)});
            wider.save(params);
        }
        DamagedFileException e = assertThrows(DamagedFileException.class, () -> load(run));
        assertTrue(e.getMessage().startsWith(params + " is not this run's model: parameter "), e.getMessage());
        assertTrue(e.getMessage().endsWith("has shape (512, 7) in the file, the run's configuration builds (512, 6)"),
                e.getMessage());
    }

    @Test
    void aBestModelCutShortIsNamedWhenTheRunStoppedBeforeItsFinalModel() throws IOException {
        Path run = TinyFeaturesRun.copy(dir.resolve("run"));
        Path best = Files.createDirectories(run.resolve("best")).resolve("model.params");
        Files.move(run.resolve("model/model.params"), best);
        try (FileChannel file = FileChannel.open(best, StandardOpenOption.WRITE)) {
            file.truncate(100);
        }
        DamagedFileException e = assertThrows(DamagedFileException.class, () -> load(run));
        assertEquals(best + " is damaged: it ends before every parameter was read (cut short?)", e.getMessage());
    }

    @Test
    void aRunsBrokenTokenizerIsNamedWhenReadBack() throws IOException {
        Path tokenizer = Files.createDirectories(dir.resolve("run/tokenizer")).resolve("tokenizer.json");
        Files.writeString(tokenizer, "{\"model\": {\"type\": \"WordLevel\", \"vocab\": {\"[PAD]\": 0, \"a\"");
        DamagedFileException e = assertThrows(DamagedFileException.class,
                () -> RunTokenizer.prepare(dir.resolve("run"), null, List.of(), false));
        assertEquals(tokenizer + " is not valid JSON: it ends at line 1 column 58 (cut short?)", e.getMessage());
        Files.writeString(tokenizer, "{\"model\": {\"type\": \"NoSuchModel\", \"vocab\": {\"[PAD]\": 0}}}");
        e = assertThrows(DamagedFileException.class,
                () -> RunTokenizer.prepare(dir.resolve("run"), null, List.of(), false));
        assertTrue(e.getMessage().startsWith(tokenizer + " is not a usable tokenizer.json ("), e.getMessage());
    }

    @Test
    void aUsersBrokenTokenizerIsNamedAsGivenAndNeverCopiedIntoTheRun() throws IOException {
        Path mine = dir.resolve("MINE.json");
        Files.writeString(mine, "{\"model\": {\"type\": \"WordLevel\", \"vocab\": ");
        Path run = dir.resolve("run");
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> RunTokenizer.prepare(run, mine, List.of("a caption"), true));
        assertEquals("tokenizer", e.setting());
        assertEquals(mine + " is not valid JSON: it ends at line 1 column 42 (cut short?)", e.problem());
        assertFalse(Files.exists(run.resolve("tokenizer/tokenizer.json")), "nothing broken is copied in");
    }
}
