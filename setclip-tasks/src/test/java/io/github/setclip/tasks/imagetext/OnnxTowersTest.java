package io.github.setclip.tasks.imagetext;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.github.setclip.core.pretrained.EncoderEngine;
import io.github.setclip.core.pretrained.EncoderFile;
import io.github.setclip.core.pretrained.PretrainedImageEncoder;
import io.github.setclip.core.pretrained.PretrainedTextEncoder;
import io.github.setclip.tasks.Pretraining;
import io.github.setclip.tasks.inference.TrainedRun;
import io.github.setclip.train.TrainerOptions;
import io.github.setclip.train.TrainingSummary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Any ONNX file of the right kind is a tower: the fixtures exported from the same PyTorch modules
 * as the TorchScript ones compute the same features on ONNX Runtime, and a run with both towers
 * from ONNX files (locked) trains and reopens.
 */
class OnnxTowersTest {

    @TempDir Path dir;

    @Test
    void onnxAndTorchScriptExportsOfOneImageEncoderAgree() {
        try (NDManager manager = NDManager.newBaseManager()) {
            manager.getEngine().setRandomSeed(1);
            NDArray pictures = manager.randomUniform(-1, 1, new Shape(3, 3, 32, 32));
            float[][] features = new float[2][];
            int i = 0;
            for (String name : new String[] {"image.pt", "image.onnx"}) {
                PretrainedImageEncoder encoder = PretrainedImageEncoder.builder()
                        .setFile(EncoderFile.of(Encoders.file(name)), name.endsWith(".onnx") ? EncoderEngine.ONNX
                                : EncoderEngine.TORCHSCRIPT).optInputSize(16).build();
                encoder.initialize(manager, DataType.FLOAT32, new Shape(3, 3, 32, 32));
                assertEquals(8, encoder.width());
                features[i++] = encoder.forward(new ParameterStore(manager, false), new NDList(pictures), false)
                        .head().toFloatArray();
            }
            assertArrayEquals(features[0], features[1], 1e-5f);
        }
    }

    @Test
    void onnxAndTorchScriptExportsOfOneTextEncoderAgree() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray ids = manager.create(new long[] {2, 5, 9, 0, 0, 3, 4, 4, 4, 7}, new Shape(2, 5));
            NDArray mask = manager.create(new long[] {1, 1, 1, 0, 0, 1, 1, 1, 1, 1}, new Shape(2, 5));
            float[][] pooled = new float[2][];
            int i = 0;
            for (String name : new String[] {"text.pt", "text.onnx"}) {
                PretrainedTextEncoder encoder = PretrainedTextEncoder.builder()
                        .setFile(EncoderFile.of(Encoders.file(name)), name.endsWith(".onnx") ? EncoderEngine.ONNX
                                : EncoderEngine.TORCHSCRIPT).build();
                encoder.initialize(manager, DataType.FLOAT32, new Shape(2, 5), new Shape(2, 5));
                pooled[i++] = encoder.forward(new ParameterStore(manager, false), new NDList(ids, mask), false)
                        .head().toFloatArray();
            }
            assertArrayEquals(pooled[0], pooled[1], 1e-5f);
        }
    }

    @Test
    void aRunWithBothTowersFromOnnxFilesTrainsAndReopens() throws IOException {
        ImageTextTowers towers = new ImageTextTowers(Encoders.image("image.onnx", true),
                TextTowerSpec.of("onnx:" + Encoders.file("text.onnx"), true).withMaxLength(16));
        Path run = dir.resolve("onnx");
        TrainingSummary summary = Pretraining.builder().setDataset(Encoders.emoji(towers))
                .setConfig(Encoders.config().toBuilder().optEpochs(1).build()).setRunDirectory(run)
                .optTrainer(TrainerOptions.DEFAULTS.withProgressBar(false)).build().run();
        assertTrue(summary.steps() > 0);
        try (java.util.stream.Stream<Path> files = Files.list(run.resolve("cache"))) {
            assertEquals(2, files.count(), "a cache file per locked tower");
        }
        try (TrainedRun trained = TrainedRun.open(run)) {
            assertEquals(new Shape(1, trained.embeddingDim()), trained.embedTexts(List.of("red heart")).getShape());
        }
    }
}
