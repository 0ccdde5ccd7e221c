package io.github.setclip.tasks.inference;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.util.JsonUtils;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.github.setclip.core.TwoStreamModel;
import io.github.setclip.data.emoji.EmojiDataset;
import io.github.setclip.data.text.CaptionTokenizer;
import io.github.setclip.tasks.DatasetSpec;
import io.github.setclip.tasks.RunFolder;
import io.github.setclip.tasks.imagetext.ImageTextModel;
import io.github.setclip.tasks.imagetext.ImageTextTowers;
import io.github.setclip.tasks.imagetext.RunTokenizer;
import io.github.setclip.train.AlignmentTask;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What a run folder's towers take and how its model is rebuilt, read from config.json. An
 * image-text run (emoji, captions) is rebuilt from the folder alone: the tokenizer in
 * RUN/tokenizer, the picture size from the dataset spec (32 px for emoji). A Fashion-MNIST or
 * features run sizes its first layers by its data, so its task is opened (never downloading) to
 * build the model; its data must still be where the run read them.
 */
final class RunLayout {

    private final RunFolder run;
    private final String dataset;
    private final int pictureSize;
    private final ImageTextTowers towers;

    private RunLayout(RunFolder run, String dataset, int pictureSize, ImageTextTowers towers) {
        this.run = run;
        this.dataset = dataset;
        this.pictureSize = pictureSize;
        this.towers = towers;
    }

    /**
     * Reads a run's layout.
     *
     * @param run the opened run folder
     * @return its layout
     * @throws IOException if config.json cannot be read
     * @throws IllegalArgumentException if the run records no dataset this code can rebuild
     */
    static RunLayout of(RunFolder run) throws IOException {
        DatasetSpec spec = run.dataset();
        if (spec != null) {
            int size = "emoji".equals(spec.kind()) ? EmojiDataset.SIZE : spec.imageSize();
            return new RunLayout(run, spec.kind(), size, spec.towers());
        }
        // Trained through the library from an open task: config.json names the dataset only.
        JsonObject config = JsonUtils.GSON.fromJson(
                Files.readString(run.directory().resolve("config.json")), JsonObject.class);
        String name = text(config.get("dataset"));
        JsonElement data = config.get("data");
        JsonElement size = data != null && data.isJsonObject()
                ? data.getAsJsonObject().get("image_size") : null;
        if ("emoji".equals(name)) {
            return new RunLayout(run, name, EmojiDataset.SIZE, ImageTextTowers.BUILTIN);
        }
        if ("captions".equals(name) && size != null && size.isJsonPrimitive()) {
            return new RunLayout(run, name, size.getAsInt(), ImageTextTowers.BUILTIN);
        }
        throw new IllegalArgumentException(run.directory() + " was trained from an open " + name
                + " task whose data config.json does not record; load it with"
                + " RunFolder.loadModel(task, manager)");
    }

    private static String text(JsonElement e) {
        return e == null || e.isJsonNull() ? null : e.getAsString();
    }

    /** The run folder. */
    RunFolder run() {
        return run;
    }

    /** Whether S is pictures and T is text (emoji, captions); otherwise both take feature rows. */
    boolean imageText() {
        return "emoji".equals(dataset) || "captions".equals(dataset);
    }

    /** The kinds of S and T. */
    List<ModalityKind> kinds() {
        return imageText() ? List.of(ModalityKind.IMAGE, ModalityKind.TEXT)
                : List.of(ModalityKind.FEATURES, ModalityKind.FEATURES);
    }

    /**
     * Builds the run's model and loads its trained parameters.
     *
     * @param manager owns the parameters
     * @return the trained model
     * @throws IOException if a file cannot be read
     * @throws IllegalArgumentException if the parameter file is missing, damaged or another model's,
     *     or the data a features run is rebuilt from cannot be opened
     */
    TwoStreamModel loadModel(NDManager manager) throws IOException {
        Path parameters = run.modelFile();
        TwoStreamModel model;
        if (imageText()) {
            int vocabulary;
            try (CaptionTokenizer tokenizer = tokenizer()) {
                vocabulary = tokenizer.vocabularySize();
            }
            model = ImageTextModel.build(towers, vocabulary, tokenizerFile(), pictureSize,
                    run.config().newObjective(), manager);
        } else {
            model = fromTask(manager);
        }
        TrainedParameters.load(model, manager, parameters);
        return model;
    }

    private TwoStreamModel fromTask(NDManager manager) throws IOException {
        DatasetSpec s = run.dataset();
        DatasetSpec offline = new DatasetSpec(s.kind(), s.dataDir(), false, s.captions(), s.imageRoot(),
                s.imageSize(), s.sFeatures(), s.tFeatures(), s.pairs(), s.skipBad(), s.tokenizer(),
                s.limit(), s.sGroups(), s.tGroups(), s.towers());
        try (AlignmentTask task = offline.open()) {
            task.prepare(run.directory(), false);
            return task.newModel(run.config().newObjective(), manager);
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException(run.directory() + ": a " + dataset + " run sizes its"
                    + " model by its data, which cannot be opened: " + e.getMessage(), e);
        }
    }

    /**
     * The input of one tower of the loaded model; close it (a text input holds the tokenizer).
     *
     * @param tower S or T
     * @param model the run's loaded model (feature widths are read from it)
     * @return the input
     * @throws IOException if the tokenizer cannot be read
     */
    TowerInput<?> input(Tower tower, TwoStreamModel model) throws IOException {
        if (imageText()) {
            return tower == Tower.S ? new PictureInput(pictureSize, "emoji".equals(dataset))
                    : TextInput.open(tokenizerFile(), towers.text().maxLength());
        }
        Block block = tower == Tower.S ? model.sTower() : model.tTower();
        Shape input = block.getInputShapes()[0];
        return new RowInput(tower, Math.toIntExact(input.get(input.dimension() - 1)));
    }

    private CaptionTokenizer tokenizer() throws IOException {
        return CaptionTokenizer.builder().setTokenizerPath(tokenizerFile())
                .optMaxLength(towers.text().maxLength()).build();
    }

    private Path tokenizerFile() throws IOException {
        return RunTokenizer.prepare(run.directory(), null, List.of(), false);
    }
}
