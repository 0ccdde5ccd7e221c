package io.github.setclip.tasks.inference;

import ai.djl.Device;
import ai.djl.modality.cv.Image;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.repository.zoo.Criteria;
import ai.djl.training.ParameterStore;
import io.github.setclip.core.TwoStreamModel;
import io.github.setclip.eval.PromptTemplates;
import io.github.setclip.eval.ZeroShot;
import io.github.setclip.tasks.RunFolder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A trained run opened from its folder (what {@code setclip pretrain} or {@code Pretraining}
 * wrote): its model with the trained parameters, its tokenizer and picture size, ready to embed
 * pictures, texts or feature rows into the shared space, score and rank them, and classify
 * zero-shot. Nothing of the training data is read for an image-text run (emoji, captions); a
 * Fashion-MNIST or features run opens its data once to size its model.
 *
 * <pre>{@code
 * try (TrainedRun run = TrainedRun.open(Path.of("runs/RUN"))) {
 *     NDArray texts = run.embedTexts(List.of("red heart", "smiling cat"));         // (2, d)
 *     NDArray pictures = run.embedImages(List.of(ImageFactory.getInstance().fromFile(png)));
 *     List<List<Neighbour>> best = run.rank(pictures, texts, 1);                     // per picture
 *     ZeroShotClassifier groups = run.zeroShot(List.of("animals", "food"), PromptTemplates.DEFAULT);
 *     int[] predicted = groups.predict(pictures);
 * }
 * }</pre>
 *
 * <p>Every embedding is a unit row. Arrays returned belong to the run's manager and live until the
 * run is closed, unless closed earlier (directly, or by an enclosing {@code NDScope}). A run is
 * used by one thread at a time.
 *
 * <p><b>The DJL way.</b> {@link #criteria} returns a {@code Criteria.Builder} that loads the same
 * folder as a {@code ZooModel} whose {@code Predictor} maps one input (a {@code String}, an {@code
 * Image}, or a feature row {@code float[]}) to its embedding ({@code float[]}):
 *
 * <pre>{@code
 * try (ZooModel<String, float[]> model = TrainedRun.criteria(run, String.class).build().loadModel();
 *      Predictor<String, float[]> predictor = model.newPredictor()) {
 *     float[] heart = predictor.predict("red heart");
 * }
 * }</pre>
 *
 * It is plain DJL, and can be written without this class:
 *
 * <pre>{@code
 * Criteria.builder().setTypes(String.class, float[].class)
 *         .optModelPath(run)                                       // the run folder
 *         .optArgument("blockFactory", RunBlockFactory.class.getName())
 *         .optArgument("translatorFactory", RunTranslatorFactory.class.getName())
 *         .optOption("hasParameter", "false")
 *         .build();
 * }</pre>
 *
 * Why each piece: {@code model/model.params} holds the block's raw parameters
 * ({@code Block.saveParameters}), not DJL's {@code DJL@} model file, and its name is not DJL's
 * {@code NAME-0000.params}. So {@link RunBlockFactory} builds the run's model and loads the file
 * itself, and {@code hasParameter=false} tells the engine there is nothing left to load. {@link
 * RunTranslatorFactory} then picks the tower from the input type (for feature rows, from the
 * argument {@code tower}, {@code s} or {@code t}) and makes it the model's block, so the ZooModel
 * runs exactly that tower.
 */
public final class TrainedRun implements AutoCloseable {

    private final RunFolder folder;
    private final NDManager manager;
    private final TwoStreamModel model;
    private final List<ModalityKind> kinds;
    private final TowerInput<?> sInput;
    private final TowerInput<?> tInput;
    private final int embeddingDim;

    private TrainedRun(RunLayout layout, NDManager manager, TwoStreamModel model, TowerInput<?> sInput,
            TowerInput<?> tInput) {
        this.folder = layout.run();
        this.manager = manager;
        this.model = model;
        this.kinds = layout.kinds();
        this.sInput = sInput;
        this.tInput = tInput;
        Block s = model.sTower();
        this.embeddingDim = Math.toIntExact(s.getOutputShapes(s.getInputShapes())[0].get(1));
    }

    /**
     * Opens a run folder on the default device.
     *
     * @param runDirectory the run folder
     * @return the run, to be closed
     * @throws IOException if a file of the run cannot be read
     * @throws IllegalArgumentException if the folder is not a run (no config.json), has no trained
     *     model, or its model file is damaged or another model's; the message names the file
     */
    public static TrainedRun open(Path runDirectory) throws IOException {
        return open(runDirectory, null);
    }

    /**
     * Opens a run folder on a device.
     *
     * @param runDirectory the run folder
     * @param device where the parameters and the work go, or {@code null} for the default device
     * @return the run, to be closed
     * @throws IOException if a file of the run cannot be read
     * @throws IllegalArgumentException as {@link #open(Path)}
     */
    public static TrainedRun open(Path runDirectory, Device device) throws IOException {
        RunLayout layout = RunLayout.of(RunFolder.open(runDirectory));
        NDManager manager = device == null ? NDManager.newBaseManager() : NDManager.newBaseManager(device);
        TowerInput<?> s = null;
        try {
            TwoStreamModel model = layout.loadModel(manager);
            s = layout.input(Tower.S, model);
            TowerInput<?> t = layout.input(Tower.T, model);
            return new TrainedRun(layout, manager, model, s, t);
        } catch (IOException | RuntimeException e) {
            if (s != null) {
                s.close();
            }
            manager.close();
            throw e;
        }
    }

    /**
     * A DJL {@code Criteria} over a run folder: a {@code Predictor} of the loaded {@code ZooModel}
     * maps one input to its embedding. Add options as usual ({@code optDevice}, {@code
     * optProgress}); for feature rows say which tower with {@code optArgument("tower", "s")} (or
     * {@code "t"}).
     *
     * @param <I> the input type
     * @param runDirectory the run folder
     * @param input {@code String.class} (the text tower), {@code Image.class} (the picture tower)
     *     or {@code float[].class} (a feature tower)
     * @return the criteria builder
     */
    public static <I> Criteria.Builder<I, float[]> criteria(Path runDirectory, Class<I> input) {
        return Criteria.builder().setTypes(input, float[].class)
                .optModelPath(runDirectory)
                .optArgument("blockFactory", new RunBlockFactory())
                .optOption("hasParameter", "false")
                .optTranslatorFactory(new RunTranslatorFactory());
    }

    /** The run folder and its configuration. */
    public RunFolder folder() {
        return folder;
    }

    /** What the S and T towers take, in that order: [IMAGE, TEXT] for an image-text run. */
    public List<ModalityKind> modalityKinds() {
        return kinds;
    }

    /** Width d of the shared space. */
    public int embeddingDim() {
        return embeddingDim;
    }

    /**
     * Side of the square pictures the picture tower was trained on; {@link #embedImages} resizes
     * to it.
     *
     * @return the side in pixels
     * @throws IllegalArgumentException if the run has no picture tower
     */
    public int pictureSize() {
        return ((PictureInput) input(ModalityKind.IMAGE, "pictureSize")).size();
    }

    /**
     * How many values a feature row of a tower has.
     *
     * @param tower S or T
     * @return the width
     * @throws IllegalArgumentException if the tower does not take feature rows
     */
    public int rowWidth(Tower tower) {
        return rowInput(tower).width();
    }

    /** The trained model (both towers), for what this class does not offer. */
    public TwoStreamModel model() {
        return model;
    }

    /**
     * Embeds texts with the text tower, tokenised by the run's tokenizer.
     *
     * @param texts at least one text, none null or blank
     * @return (texts, d) unit rows
     * @throws IllegalArgumentException if the run has no text tower, or for an empty list or a
     *     null or blank text (named by index)
     */
    public NDArray embedTexts(List<String> texts) {
        return embed(input(ModalityKind.TEXT, "texts", String.class), texts);
    }

    /**
     * Embeds pictures with the picture tower: RGB, resized to {@link #pictureSize()}, prepared as
     * the run's training pictures were (an emoji run composites transparency on white).
     *
     * @param images at least one picture, none null
     * @return (images, d) unit rows
     * @throws IllegalArgumentException if the run has no picture tower, or for an empty list or a
     *     null picture
     */
    public NDArray embedImages(List<Image> images) {
        return embed(input(ModalityKind.IMAGE, "images", Image.class), images);
    }

    /**
     * Embeds feature rows with one tower of a features (or Fashion-MNIST halves) run.
     *
     * @param tower which tower
     * @param rows at least one row, each of {@link #rowWidth} finite values
     * @return (rows, d) unit rows
     * @throws IllegalArgumentException if the tower does not take feature rows, or for a row of
     *     another width or with a value that is not finite (named by index)
     */
    public NDArray embedRows(Tower tower, float[][] rows) {
        if (rows == null) {
            throw new IllegalArgumentException("rows must not be null");
        }
        return embed(rowInput(tower), Arrays.asList(rows));
    }

    /**
     * Embeds feature rows given as an array.
     *
     * @param tower which tower
     * @param rows (N, {@link #rowWidth}) float32 or float64, every value finite
     * @return (N, d) unit rows
     * @throws IllegalArgumentException if the tower does not take feature rows, or the rows are of
     *     another shape or type or hold NaN or infinity
     */
    public NDArray embedRows(Tower tower, NDArray rows) {
        RowInput input = rowInput(tower);
        input.check(rows);
        long n = rows.getShape().get(0);
        ParameterStore ps = new ParameterStore(manager, false);
        try (NDManager call = manager.newSubManager()) {
            NDList parts = new NDList();
            for (long start = 0; start < n; start += input.chunkSize()) {
                NDArray chunk = rows;
                if (n > input.chunkSize()) {
                    chunk = rows.get(new NDIndex("{}:{}", start, Math.min(n, start + input.chunkSize())));
                    chunk.attach(call);
                }
                parts.add(blockOf(input).forward(ps, input.batch(call, chunk), false).head());
            }
            return keep(parts);
        }
    }

    /**
     * Cosine similarity of every row of {@code a} with every row of {@code b}.
     *
     * @param a (Na, d) embeddings
     * @param b (Nb, d) embeddings
     * @return (Na, Nb) cosines, on {@code a}'s manager
     * @throws IllegalArgumentException if either is not (N > 0, d) with this run's d
     */
    public NDArray similarity(NDArray a, NDArray b) {
        return cosines("a", a, "b", b);
    }

    private NDArray cosines(String aName, NDArray a, String bName, NDArray b) {
        requireEmbeddings(aName, a);
        requireEmbeddings(bName, b);
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray cosines = a.normalize(2, 1, 1e-12).matMul(b.normalize(2, 1, 1e-12).transpose());
            NDScope.unregister(cosines);
            return cosines;
        }
    }

    /**
     * The k gallery rows most similar to each query, most similar first (ties in no set order).
     *
     * @param queries (Nq, d) embeddings
     * @param gallery (Ng, d) embeddings
     * @param k how many neighbours per query, 1 to Ng
     * @return per query, its k neighbours
     * @throws IllegalArgumentException for embeddings of the wrong shape or k outside [1, Ng]
     */
    public List<List<Neighbour>> rank(NDArray queries, NDArray gallery, int k) {
        requireEmbeddings("queries", queries);
        requireEmbeddings("gallery", gallery);
        long size = gallery.getShape().get(0);
        if (k < 1 || k > size) {
            throw new IllegalArgumentException("k must be in [1, " + size + "] (the gallery's rows),"
                    + " got " + k);
        }
        float[] similarities;
        long[] indices;
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDList top = cosines("queries", queries, "gallery", gallery).topK(k, 1, true, true);
            similarities = top.get(0).toFloatArray();
            indices = top.get(1).toLongArray();
        }
        List<List<Neighbour>> ranked = new ArrayList<>();
        for (int q = 0; q < similarities.length / k; q++) {
            List<Neighbour> neighbours = new ArrayList<>(k);
            for (int j = q * k; j < (q + 1) * k; j++) {
                neighbours.add(new Neighbour(Math.toIntExact(indices[j]), similarities[j]));
            }
            ranked.add(List.copyOf(neighbours));
        }
        return List.copyOf(ranked);
    }

    /**
     * A zero-shot classifier over the run's other tower: every class name is put into every
     * template and embedded by the text tower; see {@link ZeroShot#classifier}.
     *
     * @param classNames at least one class name, none null or blank
     * @param templates the prompt templates, e.g. {@link PromptTemplates#DEFAULT}
     * @return the classifier (its weights belong to the run)
     * @throws IllegalArgumentException if the run has no text tower, or for an empty list or a
     *     null or blank class name
     */
    public ZeroShotClassifier zeroShot(List<String> classNames, PromptTemplates templates) {
        TowerInput<String> text = input(ModalityKind.TEXT, "classNames", String.class);
        TowerInput.requireInputs("classNames", classNames);
        for (int i = 0; i < classNames.size(); i++) {
            if (classNames.get(i).isBlank()) {
                throw new IllegalArgumentException("classNames[" + i + "] is blank");
            }
        }
        if (templates == null) {
            throw new IllegalArgumentException("templates must not be null");
        }
        List<String> prompts = new ArrayList<>();
        classNames.forEach(name -> prompts.addAll(templates.fill(name)));
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray byClass = embed(text, prompts)
                    .reshape(new Shape(classNames.size(), templates.size(), embeddingDim));
            NDArray weights = ZeroShot.classifier(byClass.transpose(1, 0, 2));
            weights.attach(manager);
            NDScope.unregister(weights);
            return new ZeroShotClassifier(classNames, weights);
        }
    }

    /** Releases the model's parameters and the tokenizer. */
    @Override
    public void close() {
        try {
            sInput.close();
            tInput.close();
        } finally {
            manager.close();
        }
    }

    @Override
    public String toString() {
        return "TrainedRun[" + folder.directory() + ", " + kinds + ", d=" + embeddingDim + "]";
    }

    private <I> NDArray embed(TowerInput<I> input, List<I> items) {
        input.check(items);
        ParameterStore ps = new ParameterStore(manager, false);
        try (NDManager call = manager.newSubManager()) {
            NDList parts = new NDList();
            for (int start = 0; start < items.size(); start += input.chunkSize()) {
                List<I> chunk = items.subList(start, Math.min(items.size(), start + input.chunkSize()));
                parts.add(blockOf(input).forward(ps, input.batch(call, chunk), false).head());
            }
            return keep(parts);
        }
    }

    private Block blockOf(TowerInput<?> input) {
        return input == sInput ? model.sTower() : model.tTower();
    }

    /** The embeddings of all chunks as one array owned by the run. */
    private NDArray keep(NDList parts) {
        NDArray all = parts.size() == 1 ? parts.head() : NDArrays.concat(parts);
        all.attach(manager);
        return all;
    }

    private TowerInput<?> input(ModalityKind kind, String argument) {
        if (sInput.kind() == kind) {
            return sInput;
        }
        if (tInput.kind() == kind) {
            return tInput;
        }
        throw new IllegalArgumentException(argument + ": run " + folder.directory() + " has no "
                + kind.name().toLowerCase(Locale.ROOT) + " tower (its towers take "
                + kinds + ")");
    }

    @SuppressWarnings("unchecked")
    private <I> TowerInput<I> input(ModalityKind kind, String argument, Class<I> type) {
        TowerInput<?> input = input(kind, argument);
        if (input.type() != type) {
            throw new IllegalStateException(kind + " input takes " + input.type());
        }
        return (TowerInput<I>) input;
    }

    private RowInput rowInput(Tower tower) {
        if (tower == null) {
            throw new IllegalArgumentException("tower must be S or T, got null");
        }
        TowerInput<?> input = tower == Tower.S ? sInput : tInput;
        if (!(input instanceof RowInput rows)) {
            throw new IllegalArgumentException("tower " + tower + " of run " + folder.directory()
                    + " takes " + input.kind() + ", not feature rows; use embed"
                    + (input.kind() == ModalityKind.TEXT ? "Texts" : "Images"));
        }
        return rows;
    }

    private void requireEmbeddings(String name, NDArray x) {
        if (x == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        Shape shape = x.getShape();
        if (shape.dimension() != 2 || shape.get(0) == 0 || shape.get(1) != embeddingDim) {
            throw new IllegalArgumentException(name + " must be (N > 0, " + embeddingDim
                    + ") embeddings of this run, got " + shape);
        }
    }
}
