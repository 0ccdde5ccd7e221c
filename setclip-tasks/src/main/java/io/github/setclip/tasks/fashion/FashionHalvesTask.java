package io.github.setclip.tasks.fashion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.github.setclip.core.ProjectionHead;
import io.github.setclip.core.Towers;
import io.github.setclip.core.TwoStreamModel;
import io.github.setclip.core.encoders.MlpEncoder;
import io.github.setclip.data.batch.SemiPairedPools;
import io.github.setclip.data.idx.FashionMnist;
import io.github.setclip.data.idx.FashionMnistFiles;
import io.github.setclip.losses.SetClipObjective;
import io.github.setclip.train.AlignmentTask;
import io.github.setclip.train.EmbeddedSplit;
import io.github.setclip.train.ModalityInput;
import io.github.setclip.train.TrainingConfig;
import io.github.setclip.train.ViewSeeds;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Fashion-MNIST as two views of one image, the split-view setting of the multi-view literature:
 * S is the left half (28 x 14 pixels), T the right half, each with its own MLP encoder. Item i is
 * training image i; the paired fraction of them keep their halves matched, the rest are seen as
 * unmatched halves. Of the 60,000 training images a fixed {@value #VALIDATION_SIZE} (seed 0) are
 * held out for validation and early stopping; the 10,000 test images are scored only at the end.
 * Class labels are never trained on: they score class precision@10 and the linear probe.
 *
 * <p>Batches are built from the raw IDX bytes per step (each image is kept once, as bytes), so a
 * 60,000-image run holds about 47 MB of pixels whatever the batch size.
 */
public final class FashionHalvesTask implements AlignmentTask {

    /** Training images held out for validation. */
    public static final int VALIDATION_SIZE = 5000;

    /** Width of the shared space. */
    public static final int EMBEDDING_DIM = 64;

    private static final int PIXELS = 28 * 14;
    private static final int CHUNK = 4096;

    private final FashionMnist data;
    private final Path source;
    private final int[] trainRows;
    private final int[] validationRows;
    private final HalfView view;
    private final ModalityInput left;
    private final ModalityInput right;

    /**
     * Wraps loaded Fashion-MNIST.
     *
     * @param data the images and labels
     * @param source where they were read from (provenance)
     * @param limit use only this many training images (0: all)
     */
    public FashionHalvesTask(FashionMnist data, Path source, int limit) {
        this(data, source, limit, HalfView.DEFAULT);
    }

    /**
     * Wraps loaded Fashion-MNIST with a chosen second view for the SSL term.
     *
     * @param data the images and labels
     * @param source where they were read from (provenance)
     * @param limit use only this many training images (0: all)
     * @param view the second view of a half
     */
    public FashionHalvesTask(FashionMnist data, Path source, int limit, HalfView view) {
        this.data = data;
        this.view = view;
        this.source = source;
        int n = data.trainCount();
        int[] order = permutation(n, 0);
        this.validationRows = Arrays.copyOf(order, Math.min(VALIDATION_SIZE, n / 10));
        int[] rest = Arrays.copyOfRange(order, validationRows.length, n);
        Arrays.sort(rest);
        this.trainRows = limit > 0 && limit < rest.length ? Arrays.copyOf(rest, limit) : rest;
        this.left = new Halves(true);
        this.right = new Halves(false);
    }

    /**
     * Finds Fashion-MNIST in the usual places (or downloads it when allowed) and opens the task.
     *
     * @param dataDir a folder holding the four IDX files, or {@code null} to search
     * @param download whether to fetch the files through DJL when they are not found
     * @param limit use only this many training images (0: all)
     * @param view the second view of a half, for the SSL term
     * @return the task
     * @throws IOException if the files cannot be read
     */
    public static FashionHalvesTask open(Path dataDir, boolean download, int limit, HalfView view)
            throws IOException {
        FashionMnistFiles.Located files = FashionDownload.locate(dataDir, download);
        return new FashionHalvesTask(FashionMnist.load(files), files.folder(), limit, view);
    }

    @Override
    public String name() {
        return "fashion-mnist-halves";
    }

    @Override
    public Map<String, Object> describe() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("source", source == null ? null : source.toString());
        d.put("train_images", trainRows.length);
        d.put("validation_images", validationRows.length);
        d.put("test_images", data.testCount());
        d.put("views", "left half (S) and right half (T), 28x14 each");
        d.put("second_view", view.toString());
        d.put("embedding_dim", EMBEDDING_DIM);
        return d;
    }

    @Override
    public void prepare(Path runDirectory, boolean create) {
        // Nothing to prepare: pixels need no vocabulary.
    }

    /**
     * Pairs a seeded share of the training images; every other image is a hidden pair (its halves
     * are known to belong together) and carries its class as its group.
     */
    @Override
    public SemiPairedPools pools(TrainingConfig config) {
        int[] classes = new int[trainRows.length];
        for (int i = 0; i < classes.length; i++) {
            classes[i] = data.label(true, trainRows[i]);
        }
        return SemiPairedPools.builder().setNumItems(trainRows.length)
                .setPairedFraction(config.pairedFraction()).optSeed(config.seed()).build()
                .withGroups(classes, classes);
    }

    @Override
    public TwoStreamModel newModel(SetClipObjective objective, NDManager manager) {
        TwoStreamModel model = new TwoStreamModel(
                Towers.of(MlpEncoder.build(0.1f, 512, 256), ProjectionHead.build(EMBEDDING_DIM, 0.1f)), 1,
                Towers.of(MlpEncoder.build(0.1f, 512, 256), ProjectionHead.build(EMBEDDING_DIM, 0.1f)),
                objective);
        model.initialize(manager, DataType.FLOAT32,
                new Shape[] {new Shape(2, PIXELS)}, new Shape[] {new Shape(2, PIXELS)});
        return model;
    }

    @Override
    public ModalityInput sInput() {
        return left;
    }

    @Override
    public ModalityInput tInput() {
        return right;
    }

    @Override
    public EmbeddedSplit embed(TwoStreamModel model, NDManager manager, Split split) {
        boolean test = split == Split.TEST;
        int[] rows = switch (split) {
            case TRAIN -> trainRows;
            case VALIDATION -> validationRows;
            case TEST -> range(data.testCount());
        };
        ParameterStore ps = new ParameterStore(manager, false);
        NDList s = new NDList();
        NDList t = new NDList();
        for (int start = 0; start < rows.length; start += CHUNK) {
            int[] chunk = Arrays.copyOfRange(rows, start, Math.min(rows.length, start + CHUNK));
            s.add(model.embedS(ps, new NDList(flat(data.halves(manager, !test, chunk, true))), false));
            t.add(model.embedT(ps, new NDList(flat(data.halves(manager, !test, chunk, false))), false));
        }
        int[][] partners = new int[rows.length][];
        int[] labels = new int[rows.length];
        List<String> ids = new ArrayList<>(rows.length);
        for (int i = 0; i < rows.length; i++) {
            partners[i] = new int[] {i};
            labels[i] = data.label(!test, rows[i]);
            ids.add((test ? "test-" : "train-") + rows[i]);
        }
        Map<String, EmbeddedSplit.Labels> labelSets = Map.of("class",
                new EmbeddedSplit.Labels(labels, labels, List.of(FashionMnist.CLASS_NAMES)));
        return new EmbeddedSplit(NDArrays.concat(s), NDArrays.concat(t), partners, labelSets, ids, ids);
    }

    @Override
    public String[] modalityNames() {
        return new String[] {"left half", "right half"};
    }

    private static NDArray flat(NDArray halves) {
        return halves.reshape(new Shape(halves.getShape().get(0), PIXELS));
    }

    /** One half of training images; the second view is the task's {@link HalfView}. */
    private final class Halves implements ModalityInput {

        private final boolean leftHalf;

        Halves(boolean leftHalf) {
            this.leftHalf = leftHalf;
        }

        @Override
        public NDList batch(NDManager manager, int[] items, ViewSeeds seeds) {
            return new NDList(flat(data.halves(manager, true, rows(items), leftHalf)));
        }

        @Override
        public NDList secondView(NDManager manager, int[] items, ViewSeeds seeds) {
            return new NDList(flat(view.apply(data.halves(manager, true, rows(items), leftHalf), seeds.secondView())));
        }

        private int[] rows(int[] items) {
            int[] rows = new int[items.length];
            for (int i = 0; i < items.length; i++) {
                rows[i] = trainRows[items[i]];
            }
            return rows;
        }
    }

    private static int[] range(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = i;
        }
        return r;
    }

    private static int[] permutation(int n, long seed) {
        int[] p = range(n);
        Random random = new Random(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int tmp = p[i];
            p[i] = p[j];
            p[j] = tmp;
        }
        return p;
    }
}
