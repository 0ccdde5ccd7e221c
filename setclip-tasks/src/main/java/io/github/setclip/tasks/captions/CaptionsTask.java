package io.github.setclip.tasks.captions;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import io.github.setclip.core.TwoStreamModel;
import io.github.setclip.data.BadRows;
import io.github.setclip.data.batch.GroupNumbering;
import io.github.setclip.data.batch.SemiPairedPools;
import io.github.setclip.data.captions.CaptionDataset;
import io.github.setclip.data.captions.CaptionFiles;
import io.github.setclip.data.captions.CaptionSplits;
import io.github.setclip.data.captions.ImageTextSource;
import io.github.setclip.data.image.ImageAugmentation;
import io.github.setclip.data.image.PictureLoader;
import io.github.setclip.data.image.PicturePrefetch;
import io.github.setclip.data.text.CaptionTokenizer;
import io.github.setclip.losses.SetClipObjective;
import io.github.setclip.tasks.imagetext.ImageTextModel;
import io.github.setclip.tasks.imagetext.ImageTextTowers;
import io.github.setclip.tasks.imagetext.RunTokenizer;
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
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * A user's pictures and captions (a CSV/JSONL manifest or a Karpathy split JSON) as an alignment
 * task: items are the distinct training images, S their pictures (decoded and resized per batch,
 * never held decoded), T one of their captions per step. The splits come from the file's split
 * field; without one, a fixed 80/10/10 split of the images (seed 0).
 *
 * <p>Without unpaired sources, the paired fraction of the training images keeps its captions
 * matched and the rest are seen as unmatched pictures and captions, simulating scarce pairs. With
 * unpaired pictures or texts ({@link ImageTextSource}) every training image is a pair and the
 * unpaired rows are those sources: S items {@code P..P+I-1} are the I unpaired pictures and T items
 * {@code P..P+X-1} the X unpaired texts after the P training images; given only one kind, the other
 * side's unpaired rows are drawn from the training images' own pictures (or captions). Unpaired
 * items are training rows only, never validated or tested. The data work lives in setclip-data
 * ({@link ImageTextSource} and {@link CaptionFiles} read, {@link CaptionSplits} splits, {@link
 * PictureLoader} decodes); this class wires it.
 */
public final class CaptionsTask implements AlignmentTask {

    private static final int CHUNK = 128;

    private final Path source;
    private final int imageSize;
    private final Path givenTokenizer;
    private final ImageTextTowers towers;
    private final List<CaptionDataset.Item> train;
    private final List<CaptionDataset.Item> validation;
    private final List<CaptionDataset.Item> test;
    private final List<String> classes;
    private final BadRows badRows;
    private final ImageTextSource data;
    private final List<Path> unpairedPictures;
    private final List<String> unpairedTexts;
    private final ImageAugmentation augmentation = ImageAugmentation.builder().build();
    /** The next batch's pictures, decoded while the current one trains. */
    private final PicturePrefetch prefetch = new PicturePrefetch();
    private CaptionTokenizer tokenizer;

    /**
     * Reads the captions file.
     *
     * @param captions a .csv/.jsonl manifest or a Karpathy .json
     * @param imageRoot folder relative image paths resolve against, or {@code null}
     * @param imageSize pictures are resized to this square side
     * @param skipBad skip and count bad rows instead of failing
     * @param givenTokenizer a tokenizer.json to use, or {@code null} to build one
     * @param limit use only this many training images (0: all)
     * @param scoreAll put every image in the test split (scoring a trained model on new data)
     * @throws IOException if a file cannot be read
     */
    public CaptionsTask(Path captions, Path imageRoot, int imageSize, boolean skipBad,
            Path givenTokenizer, int limit, boolean scoreAll) throws IOException {
        this(captions, imageRoot, imageSize, skipBad, givenTokenizer, limit, scoreAll, ImageTextTowers.BUILTIN);
    }

    /**
     * Reads the captions file for a model with the given towers.
     *
     * @param captions a .csv/.jsonl manifest or a Karpathy .json
     * @param imageRoot folder relative image paths resolve against, or {@code null}
     * @param imageSize pictures are resized to this square side
     * @param skipBad skip and count bad rows instead of failing
     * @param givenTokenizer a tokenizer.json to use, or {@code null} to build one (or MiniLM's)
     * @param limit use only this many training images (0: all)
     * @param scoreAll put every image in the test split (scoring a trained model on new data)
     * @param towers where the picture and text towers come from
     * @throws IOException if a file cannot be read
     */
    public CaptionsTask(Path captions, Path imageRoot, int imageSize, boolean skipBad,
            Path givenTokenizer, int limit, boolean scoreAll, ImageTextTowers towers) throws IOException {
        this(ImageTextSource.builder().setCaptions(captions).optImageRoot(imageRoot).optSkipBad(skipBad).build(),
                imageSize, givenTokenizer, limit, scoreAll, towers);
    }

    /**
     * A task over indexed data: its pairs, and its unpaired pictures and texts as training rows.
     *
     * @param data the captions file and any unpaired sources, indexed
     * @param imageSize pictures are resized to this square side
     * @param givenTokenizer a tokenizer.json to use, or {@code null} to build one (or MiniLM's) from the
     *     training captions and unpaired texts
     * @param limit use only this many training images (0: all; unpaired items are all used)
     * @param scoreAll put every image in the test split (scoring a trained model on new data)
     * @param towers where the picture and text towers come from
     */
    public CaptionsTask(ImageTextSource data, int imageSize, Path givenTokenizer, int limit, boolean scoreAll,
            ImageTextTowers towers) {
        this.towers = towers;
        this.data = data;
        this.source = data.captionsFile();
        this.imageSize = imageSize;
        this.givenTokenizer = givenTokenizer;
        this.badRows = data.captionRows();
        this.unpairedPictures = scoreAll ? List.of() : data.unpairedImages();
        this.unpairedTexts = scoreAll ? List.of() : data.unpairedTexts();
        Path captions = source;
        CaptionDataset pairs = data.pairs();
        if (pairs.items().isEmpty()) {
            throw new IllegalArgumentException(captions + ": no usable rows"
                    + (badRows.skipped() > 0 ? " (" + badRows.summary() + ")" : ""));
        }
        this.classes = pairs.hasClasses() ? pairs.classNames() : List.of();
        CaptionSplits splits = scoreAll ? new CaptionSplits(List.of(), List.of(), pairs.items())
                : CaptionSplits.of(pairs);
        this.train = new ArrayList<>(splits.train());
        this.validation = splits.validation();
        this.test = splits.test();
        if (!scoreAll && (train.size() < 2 || validation.isEmpty())) {
            throw new IllegalArgumentException(captions + ": need at least 2 training images and a"
                    + " validation image, got " + train.size() + " and " + validation.size());
        }
        if (limit > 0 && limit < train.size()) {
            train.subList(limit, train.size()).clear();
        }
    }

    @Override
    public String name() {
        return "captions";
    }

    @Override
    public Map<String, Object> describe() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("source", source.toAbsolutePath().toString());
        d.put("train_images", train.size());
        d.put("validation_images", validation.size());
        d.put("test_images", test.size());
        d.put("classes", classes.size());
        d.put("image_size", imageSize);
        d.put("skipped_bad_rows", badRows.skipped());
        if (hasUnpaired()) {
            d.put("unpaired", data.describeUnpaired());
        }
        return d;
    }

    @Override
    public String warnings() {
        return String.join("; ", java.util.stream.Stream.of(badRows.summary(), hasUnpaired() ? data.summary() : "")
                .filter(w -> !w.isEmpty()).toList());
    }

    /** Whether unpaired pictures or texts are training rows beside the pairs. */
    private boolean hasUnpaired() {
        return !unpairedPictures.isEmpty() || !unpairedTexts.isEmpty();
    }

    /** The file naming every unpaired file or row skipped as bad, in the run folder. */
    public static final String SKIPPED_LOG = "skipped.log";

    @Override
    public void prepare(Path runDirectory, boolean create) throws IOException {
        // each distinct text once: a caption shared by two pictures is one caption, as in CaptionDataset
        java.util.LinkedHashSet<String> distinct = new java.util.LinkedHashSet<>();
        train.forEach(i -> distinct.addAll(i.captions()));
        distinct.addAll(unpairedTexts);
        List<String> captions = new ArrayList<>(distinct);
        if (create && !data.skipped().isEmpty()) {
            java.nio.file.Files.createDirectories(runDirectory);
            java.nio.file.Files.write(runDirectory.resolve(SKIPPED_LOG), data.skipped());
        }
        Path file = RunTokenizer.prepare(towers.text(), runDirectory, givenTokenizer, captions, create);
        close();
        tokenizer = CaptionTokenizer.builder().setTokenizerPath(file)
                .optMaxLength(towers.text().maxLength()).build();
    }

    /**
     * Pairs a seeded share of the training images; every other image is a hidden pair (its
     * captions are known to be its own) and, when the file has a group column, carries its group.
     */
    @Override
    public SemiPairedPools pools(TrainingConfig config) {
        if (hasUnpaired()) {
            return poolsWithUnpaired(config);
        }
        SemiPairedPools pools = SemiPairedPools.builder().setNumItems(train.size())
                .setPairedFraction(config.pairedFraction()).optSeed(config.seed()).build();
        if (train.stream().noneMatch(i -> i.group() != null)) {
            return pools;
        }
        List<String> names = train.stream().map(CaptionDataset.Item::group).toList();
        int[] groups = GroupNumbering.of(names).idsOf(names);
        return pools.withGroups(groups, groups);
    }

    /**
     * Every training image paired; the unpaired pictures and texts after them (or, for a side
     * without its own source, the training images' pictures or captions); groups as the file gives
     * them, none for unpaired items.
     */
    private SemiPairedPools poolsWithUnpaired(TrainingConfig config) {
        if (config.pairedFraction() < 1) {
            throw new io.github.setclip.data.InvalidSettingException("pairedFraction", "must be 1 when"
                    + " unpaired pictures or texts are given: every caption row is then a pair, got "
                    + config.pairedFraction());
        }
        int p = train.size();
        int[] paired = IntStream.range(0, p).toArray();
        int[] s = unpairedPictures.isEmpty() ? paired : IntStream.range(p, p + unpairedPictures.size()).toArray();
        int[] t = unpairedTexts.isEmpty() ? paired : IntStream.range(p, p + unpairedTexts.size()).toArray();
        SemiPairedPools pools = SemiPairedPools.of(paired, s, t);
        if (train.stream().noneMatch(i -> i.group() != null)) {
            return pools;
        }
        List<String> names = train.stream().map(CaptionDataset.Item::group).toList();
        int[] groups = GroupNumbering.of(names).idsOf(names);
        return pools.withGroups(Arrays.copyOf(groups, p + unpairedPictures.size()),
                Arrays.copyOf(groups, p + unpairedTexts.size()));
    }

    @Override
    public TwoStreamModel newModel(SetClipObjective objective, NDManager manager) {
        requirePrepared();
        return ImageTextModel.build(towers, tokenizer.vocabularySize(), tokenizer.file(), imageSize, objective,
                manager);
    }

    @Override
    public ModalityInput sInput() {
        return new ModalityInput() {
            @Override
            public NDList batch(NDManager manager, int[] items, ViewSeeds seeds) {
                return new NDList(ImageTextModel.pictureInput(trainingPictures(manager, items)));
            }

            @Override
            public NDList secondView(NDManager manager, int[] items, ViewSeeds seeds) {
                return new NDList(ImageTextModel.pictureInput(
                        augmentation.apply(trainingPictures(manager, items), seeds.secondView())));
            }

            @Override
            public void prefetch(int[] items) {
                prefetch.request(trainingFiles(items));
            }
        };
    }

    @Override
    public ModalityInput tInput() {
        requirePrepared();
        return new ModalityInput() {
            @Override
            public NDList batch(NDManager manager, int[] items, ViewSeeds seeds) {
                Random random = new Random(seeds.firstView());
                List<String> chosen = new ArrayList<>(items.length);
                for (int item : items) {
                    if (item >= train.size()) {
                        chosen.add(unpairedTexts.get(item - train.size()));
                        continue;
                    }
                    List<String> captions = train.get(item).captions();
                    chosen.add(captions.get(random.nextInt(captions.size())));
                }
                return tokenizer.encode(manager, chosen).toNDList();
            }

            @Override
            public NDList secondView(NDManager manager, int[] items, ViewSeeds seeds) {
                return batch(manager, items, seeds); // the same captions; dropout makes the view
            }

            @Override
            public NDList everyFirstView(NDManager manager, int[] items) {
                List<String> all = new ArrayList<>();
                for (int item : items) {
                    if (item >= train.size()) {
                        all.add(unpairedTexts.get(item - train.size()));
                    } else {
                        all.addAll(train.get(item).captions());
                    }
                }
                return tokenizer.encode(manager, all).toNDList();
            }
        };
    }

    @Override
    public EmbeddedSplit embed(TwoStreamModel model, NDManager manager, Split split) {
        requirePrepared();
        List<CaptionDataset.Item> items = switch (split) {
            case TRAIN -> train;
            case VALIDATION -> validation;
            case TEST -> test;
        };
        if (items.isEmpty()) {
            throw new IllegalArgumentException(source + " has no " + split.name().toLowerCase(Locale.ROOT)
                    + " images");
        }
        ParameterStore ps = new ParameterStore(manager, false);
        List<String> captions = new ArrayList<>();
        int[][] partners = new int[items.size()][];
        List<String> sIds = new ArrayList<>();
        List<String> tIds = new ArrayList<>();
        int[] sLabels = new int[items.size()];
        List<Integer> tLabels = new ArrayList<>();
        Map<String, Integer> row = new java.util.HashMap<>(); // a text of several pictures is one row
        for (int i = 0; i < items.size(); i++) {
            CaptionDataset.Item item = items.get(i);
            partners[i] = new int[item.captions().size()];
            for (int c = 0; c < item.captions().size(); c++) {
                String text = item.captions().get(c);
                Integer j = row.get(text);
                if (j == null) {
                    j = captions.size();
                    row.put(text, j);
                    captions.add(text);
                    tIds.add(item.image().getFileName() + "#" + c);
                    tLabels.add(classes.isEmpty() ? 0 : classes.indexOf(item.className()));
                }
                partners[i][c] = j;
            }
            sIds.add(item.image().toString());
            sLabels[i] = classes.isEmpty() ? 0 : classes.indexOf(item.className());
        }
        NDList s = new NDList();
        for (int start = 0; start < items.size(); start += CHUNK) {
            int[] chunk = java.util.stream.IntStream.range(start, Math.min(items.size(), start + CHUNK)).toArray();
            s.add(model.embedS(ps, new NDList(ImageTextModel.pictureInput(pictures(manager, items, chunk))), false));
        }
        NDArray t = embedTexts(model, manager, captions);
        Map<String, EmbeddedSplit.Labels> labels = classes.isEmpty() ? Map.of()
                : Map.of("class", new EmbeddedSplit.Labels(sLabels,
                        tLabels.stream().mapToInt(Integer::intValue).toArray(), classes));
        return new EmbeddedSplit(NDArrays.concat(s), t, partners, labels, sIds, tIds);
    }

    @Override
    public NDArray embedTexts(TwoStreamModel model, NDManager manager, List<String> texts) {
        requirePrepared();
        return ImageTextModel.embedTexts(model, manager, tokenizer, texts);
    }

    @Override
    public boolean embedsTexts() {
        return true;
    }

    @Override
    public String[] modalityNames() {
        return new String[] {"image", "text"};
    }

    /**
     * Training S items (training images, then unpaired pictures) decoded for this batch only, or
     * taken from the prefetch that decoded them while the previous batch trained.
     */
    private NDArray trainingPictures(NDManager manager, int[] items) {
        return PictureLoader.load(manager, trainingFiles(items), imageSize, prefetch::take);
    }

    private List<Path> trainingFiles(int[] items) {
        return Arrays.stream(items).mapToObj(i -> i < train.size()
                ? train.get(i).image() : unpairedPictures.get(i - train.size())).toList();
    }

    /** (B, 3, size, size) float32 in [0, 1], decoded from disk for this batch only. */
    private NDArray pictures(NDManager manager, List<CaptionDataset.Item> from, int[] items) {
        return PictureLoader.load(manager, Arrays.stream(items).mapToObj(i -> from.get(i).image()).toList(),
                imageSize);
    }

    private void requirePrepared() {
        if (tokenizer == null) {
            throw new IllegalStateException("call prepare(runDirectory, ...) first");
        }
    }

    @Override
    public void close() {
        prefetch.close();
        if (tokenizer != null) {
            tokenizer.close();
            tokenizer = null;
        }
    }
}
