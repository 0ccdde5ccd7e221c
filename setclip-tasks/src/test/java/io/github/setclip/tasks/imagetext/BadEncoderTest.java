package io.github.setclip.tasks.imagetext;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.github.setclip.core.pretrained.BadEncoderException;
import io.github.setclip.core.pretrained.EncoderEngine;
import io.github.setclip.core.pretrained.EncoderFile;
import io.github.setclip.core.pretrained.PretrainedImageEncoder;
import io.github.setclip.core.pretrained.PretrainedTextEncoder;
import io.github.setclip.losses.SetClipObjective;
import io.github.setclip.tasks.Pretraining;
import io.github.setclip.tasks.inference.TrainedRun;
import io.github.setclip.train.TrainerOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every way an encoder can be wrong is one line that names the file: missing, not a model of its
 * engine, inputs not of its kind, a tokenizer whose ids it cannot embed, an image output that is
 * not (B, d), and a run's file moved or changed since training (with the hash it expects).
 */
class BadEncoderTest {

    @TempDir Path dir;

    private static String oneLine(Executable action, String... mentions) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, action);
        String message = e.getMessage();
        assertFalse(message.contains("\n"), "one line: " + message);
        for (String mention : mentions) {
            assertTrue(message.contains(mention), "\"" + message + "\" should mention " + mention);
        }
        return message;
    }

    private static SetClipObjective objective() {
        return Encoders.config().newObjective();
    }

    @Test
    void aMissingFileIsNamed() {
        Path missing = dir.resolve("nowhere.pt");
        oneLine(() -> EncoderFile.of(missing), missing.toString(), "does not exist");
    }

    @Test
    void aFileThatIsNoModelIsNamedWithItsEngine() throws IOException {
        Path text = Files.writeString(dir.resolve("notes.pt"), "not a model\n");
        oneLine(() -> PretrainedImageEncoder.builder().setFile(EncoderFile.of(text), EncoderEngine.TORCHSCRIPT)
                .build(), text.toString(), "is not a TorchScript model");
        oneLine(() -> PretrainedTextEncoder.builder().setFile(EncoderFile.of(text), EncoderEngine.ONNX)
                .build(), text.toString(), "is not an ONNX model");
    }

    @Test
    void anOnnxModelWhoseInputsAreNotATextEncodersIsNamedWithItsInputs() {
        Path image = Encoders.file("image.onnx");
        oneLine(() -> PretrainedTextEncoder.builder().setFile(EncoderFile.of(image), EncoderEngine.ONNX).build(),
                image.toString(), "pixel_values", "input_ids");
        Path text = Encoders.file("text.onnx");
        oneLine(() -> PretrainedImageEncoder.builder().setFile(EncoderFile.of(text), EncoderEngine.ONNX).build(),
                text.toString(), "input_ids", "one input");
    }

    @Test
    void aTokenizerWithIdsTheModelCannotEmbedIsNamedWithTheModel() {
        ImageTextTowers towers = new ImageTextTowers(ImageTowerSpec.BUILTIN, Encoders.text(false));
        Path tokenizer = dir.resolve("big-tokenizer.json");
        try (NDManager manager = NDManager.newBaseManager()) {
            oneLine(() -> ImageTextModel.build(towers, 30522, tokenizer, 16, objective(), manager),
                    tokenizer.toString(), Encoders.file("text.pt").toString(), "30521");
        }
    }

    @Test
    void anImageEncoderWhoseOutputIsNotBatchByWidthIsNamed() {
        ImageTextTowers towers = new ImageTextTowers(Encoders.image("image_4d.pt", false), TextTowerSpec.BUILTIN);
        try (NDManager manager = NDManager.newBaseManager()) {
            oneLine(() -> ImageTextModel.build(towers, 40, null, 16, objective(), manager),
                    Encoders.file("image_4d.pt").toString(), "(B, d)");
        }
    }

    @Test
    void aRunWhoseEncoderFileChangedOrMovedNamesItAndTheHashItExpects() throws IOException {
        Path copy = Files.copy(Encoders.file("image.pt"), dir.resolve("mine.pt"));
        ImageTowerSpec image = ImageTowerSpec.of("torchscript:" + copy, true).withInputSize(16);
        ImageTextTowers towers = new ImageTextTowers(image, TextTowerSpec.BUILTIN);
        Path run = dir.resolve("run");
        Pretraining.builder().setDataset(Encoders.emoji(towers)).setConfig(Encoders.config().toBuilder()
                .optEpochs(1).build()).setRunDirectory(run).optTrainer(TrainerOptions.DEFAULTS.withProgressBar(false)).build().run();
        String sha = towers.resolved().image().sha256();
        try (TrainedRun opened = TrainedRun.open(run)) {
            assertTrue(opened.embeddingDim() > 0);
        }
        Files.copy(Encoders.file("image_4d.pt"), copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        oneLine(() -> TrainedRun.open(run), copy.toString(), sha, "has changed");
        Files.delete(copy);
        oneLine(() -> TrainedRun.open(run), copy.toString(), sha, "does not exist");
        oneLine(() -> Pretraining.builder().setDataset(Encoders.emoji(towers)).setConfig(Encoders.config()
                .toBuilder().optEpochs(2).build()).setRunDirectory(run).optResume(true).optTrainer(TrainerOptions.DEFAULTS.withProgressBar(false))
                .build().run(), copy.toString(), sha);
    }
}
