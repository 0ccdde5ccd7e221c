package io.github.setclip.tasks.imagetext;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import io.github.setclip.core.LockedTower;
import io.github.setclip.core.TwoStreamModel;
import io.github.setclip.tasks.DatasetSpec;
import io.github.setclip.tasks.RunFolder;
import io.github.setclip.train.AlignmentTask;
import io.github.setclip.train.TrainingConfig;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The tiny encoders of src/test/resources/encoders (written by make_fixtures.py) and what tests
 * do with them: emoji specs using them, tiny configurations, reading a tower's encoder parameters.
 */
final class Encoders {

    private Encoders() {}

    /** A fixture file: image.pt, image.onnx, image_4d.pt, text.pt, text.onnx, tokenizer.json. */
    static Path file(String name) {
        try {
            return Path.of(Encoders.class.getResource("/encoders/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The torchscript picture tower at 16 px. */
    static ImageTowerSpec image(String name, boolean locked) {
        String kind = name.endsWith(".onnx") ? "onnx" : "torchscript";
        return ImageTowerSpec.of(kind + ":" + file(name), locked).withInputSize(16);
    }

    /** The torchscript text tower over the fixture tokenizer, 16 tokens. */
    static TextTowerSpec text(boolean locked) {
        return TextTowerSpec.of("torchscript:" + file("text.pt"), locked).withMaxLength(16);
    }

    /** The emoji dataset (first 16 training concepts) with these towers. */
    static DatasetSpec emoji(ImageTextTowers towers) {
        Path tokenizer = "torchscript".equals(towers.text().kind()) || "onnx".equals(towers.text().kind())
                ? file("tokenizer.json") : null;
        return new DatasetSpec("emoji", null, false, null, null, 64, null, null, null, false, tokenizer, 16,
                null, null, towers);
    }

    /** Two epochs of batches of 8, half the concepts paired. */
    static TrainingConfig config() {
        return TrainingConfig.builder().optEpochs(2).optBatchSize(8).optPairedFraction(0.5)
                .optWarmUpSteps(1).optLearningRate(1e-2).optSeed(5).build();
    }

    /** The encoder block of a tower (locked or not). */
    static Block encoder(Block tower) {
        return tower instanceof LockedTower locked ? locked.encoder()
                : tower.getChildren().get(0).getValue();
    }

    /** Every parameter of a block, by name, as float values. */
    static Map<String, float[]> values(Block block) {
        Map<String, float[]> values = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            values.put(p.getKey(), p.getValue().getArray().toFloatArray());
        }
        return values;
    }

    /** The trained model of a run folder. */
    static TwoStreamModel trained(Path run, NDManager manager) throws IOException {
        RunFolder folder = RunFolder.open(run);
        try (AlignmentTask task = folder.dataset().open()) {
            task.prepare(run, false);
            return folder.loadModel(task, manager);
        }
    }
}
