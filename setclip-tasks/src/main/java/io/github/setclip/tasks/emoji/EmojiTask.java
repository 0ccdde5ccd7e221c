package io.github.setclip.tasks.emoji;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import io.github.setclip.core.TwoStreamModel;
import io.github.setclip.data.batch.SemiPairedPools;
import io.github.setclip.data.emoji.EmojiConcept;
import io.github.setclip.data.emoji.EmojiDataset;
import io.github.setclip.data.emoji.EmojiImage;
import io.github.setclip.data.emoji.EmojiSplits;
import io.github.setclip.data.text.CaptionTokenizer;
import io.github.setclip.losses.SetClipObjective;
import io.github.setclip.tasks.imagetext.ImageTextModel;
import io.github.setclip.tasks.imagetext.ImageTextTowers;
import io.github.setclip.tasks.imagetext.RunTokenizer;
import io.github.setclip.train.AlignmentTask;
import io.github.setclip.train.EmbeddedSplit;
import io.github.setclip.train.ItemKeywords;
import io.github.setclip.train.ModalityInput;
import io.github.setclip.train.TrainingConfig;
import io.github.setclip.train.ViewSeeds;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * The embedded emoji dataset as an alignment task: pictures (S, 32 px; a small ResNet by default)
 * against captions (T; a 2-layer Transformer by default, or a pretrained tower: {@link
 * ImageTextTowers}), items are the training concepts of the fixed split (seed
 * {@value #SPLIT_SEED}). Validation and test embed every picture of their concepts (two vendors,
 * so a caption has two true pictures) against one caption per concept. Labels: the emoji group (9
 * classes) and subgroup (98).
 */
public final class EmojiTask implements AlignmentTask {

    /** Seed of the train/validation/test split; fixed so every run sees the same test concepts. */
    public static final long SPLIT_SEED = 0;

    private static final int CHUNK = 256;

    private final EmojiDataset dataset;
    private final EmojiSplits splits;
    private final List<EmojiConcept> train;
    private final Path givenTokenizer;
    private final ImageTextTowers towers;
    private final List<String> groups;
    private final List<String> subgroups;
    private CaptionTokenizer tokenizer;
    private EmojiPictures pictures;
    private EmojiCaptions captions;

    /**
     * Opens the embedded dataset.
     *
     * @param givenTokenizer a tokenizer.json (or its folder) to use instead of building one from
     *     the training captions, or {@code null}
     * @param trainingConcepts use only the first this many training concepts (tests)
     * @throws IOException if the embedded resources cannot be read
     */
    public EmojiTask(Path givenTokenizer, int trainingConcepts) throws IOException {
        this(givenTokenizer, trainingConcepts, ImageTextTowers.BUILTIN);
    }

    /**
     * Opens the embedded dataset for a model with the given towers.
     *
     * @param givenTokenizer a tokenizer.json (or its folder), or {@code null}: built from the
     *     training captions for the builtin text tower, MiniLM's own for minilm
     * @param trainingConcepts use only the first this many training concepts (tests)
     * @param towers where the picture and text towers come from
     * @throws IOException if the embedded resources cannot be read
     */
    public EmojiTask(Path givenTokenizer, int trainingConcepts, ImageTextTowers towers) throws IOException {
        this.towers = towers;
        this.dataset = EmojiDataset.loadEmbedded();
        this.splits = dataset.split(SPLIT_SEED);
        this.train = splits.train().subList(0, Math.min(trainingConcepts, splits.train().size()));
        this.givenTokenizer = givenTokenizer;
        this.groups = classes(EmojiConcept::group);
        this.subgroups = classes(EmojiConcept::subgroup);
    }

    private List<String> classes(Function<EmojiConcept, String> label) {
        return List.copyOf(new TreeSet<>(dataset.concepts().stream().map(label).toList()));
    }

    @Override
    public String name() {
        return "emoji";
    }

    @Override
    public Map<String, Object> describe() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("source", "embedded emoji (emoji-datasource 16.0.0, emojibase-data 17.0.0)");
        d.put("split_seed", SPLIT_SEED);
        d.put("train_concepts", train.size());
        d.put("validation_concepts", splits.validation().size());
        d.put("test_concepts", splits.test().size());
        d.put("tokenizer", givenTokenizer != null ? givenTokenizer.toString()
                : "minilm".equals(towers.text().kind()) ? "all-MiniLM-L6-v2's" : "built from training captions");
        d.put("embedding_dim", ImageTextModel.EMBEDDING_DIM);
        d.put("max_length", towers.text().maxLength());
        return d;
    }

    @Override
    public void prepare(Path runDirectory, boolean create) throws IOException {
        Path file = RunTokenizer.prepare(towers.text(), runDirectory, givenTokenizer,
                train.stream().map(EmojiConcept::caption).toList(), create);
        close();
        tokenizer = CaptionTokenizer.builder().setTokenizerPath(file).optMaxLength(towers.text().maxLength())
                .build();
        pictures = new EmojiPictures(dataset, train);
        captions = new EmojiCaptions(tokenizer, train);
    }

    /**
     * Pairs a seeded share of the training concepts; every other concept is a hidden pair (its
     * picture and its caption are known to belong together) and carries its subgroup as its group.
     */
    @Override
    public SemiPairedPools pools(TrainingConfig config) {
        int[] subgroup = train.stream().mapToInt(c -> subgroups.indexOf(c.subgroup())).toArray();
        return SemiPairedPools.builder().setNumItems(train.size())
                .setPairedFraction(config.pairedFraction()).optSeed(config.seed()).build()
                .withGroups(subgroup, subgroup);
    }

    @Override
    public TwoStreamModel newModel(SetClipObjective objective, NDManager manager) {
        requirePrepared();
        return ImageTextModel.build(towers, tokenizer.vocabularySize(), tokenizer.file(), EmojiDataset.SIZE,
                objective, manager);
    }

    @Override
    public ModalityInput sInput() {
        requirePrepared();
        return pictures;
    }

    @Override
    public ModalityInput tInput() {
        requirePrepared();
        return captions;
    }

    @Override
    public EmbeddedSplit embed(TwoStreamModel model, NDManager manager, Split split) {
        requirePrepared();
        List<EmojiConcept> concepts = switch (split) {
            case TRAIN -> train;
            case VALIDATION -> splits.validation();
            case TEST -> splits.test();
        };
        ParameterStore ps = new ParameterStore(manager, false);
        List<EmojiImage> images = new ArrayList<>();
        List<int[]> partners = new ArrayList<>();
        List<String> sIds = new ArrayList<>();
        int[] groupOfImage;
        int[] subgroupOfImage;
        List<Integer> owner = new ArrayList<>();
        for (int c = 0; c < concepts.size(); c++) {
            for (EmojiImage image : concepts.get(c).images()) {
                images.add(image);
                partners.add(new int[] {c});
                owner.add(c);
                sIds.add(concepts.get(c).id() + "/" + image.vendor());
            }
        }
        groupOfImage = owner.stream().mapToInt(c -> groups.indexOf(concepts.get(c).group())).toArray();
        subgroupOfImage = owner.stream().mapToInt(c -> subgroups.indexOf(concepts.get(c).subgroup())).toArray();
        NDList s = new NDList();
        for (int start = 0; start < images.size(); start += CHUNK) {
            List<EmojiImage> chunk = images.subList(start, Math.min(images.size(), start + CHUNK));
            s.add(model.embedS(ps, new NDList(ImageTextModel.pictureInput(dataset.images(manager, chunk))), false));
        }
        EmojiCaptions splitCaptions = new EmojiCaptions(tokenizer, concepts);
        NDList t = new NDList();
        for (int start = 0; start < concepts.size(); start += CHUNK) {
            int[] items = IntStream.range(start, Math.min(concepts.size(), start + CHUNK)).toArray();
            t.add(model.embedT(ps, splitCaptions.batch(manager, items, new ViewSeeds(0, 0)), false));
        }
        Map<String, EmbeddedSplit.Labels> labels = new LinkedHashMap<>();
        labels.put("group", new EmbeddedSplit.Labels(groupOfImage,
                concepts.stream().mapToInt(c -> groups.indexOf(c.group())).toArray(), groups));
        labels.put("subgroup", new EmbeddedSplit.Labels(subgroupOfImage,
                concepts.stream().mapToInt(c -> subgroups.indexOf(c.subgroup())).toArray(), subgroups));
        return new EmbeddedSplit(NDArrays.concat(s), NDArrays.concat(t),
                partners.toArray(new int[0][]), labels, sIds,
                concepts.stream().map(EmojiConcept::id).toList());
    }

    @Override
    public NDArray embedTexts(TwoStreamModel model, NDManager manager, List<String> texts) {
        requirePrepared();
        return ImageTextModel.embedTexts(model, manager, tokenizer, texts);
    }

    /** The tags of each concept's caption (the words after its CLDR label), lower case. */
    @Override
    public Optional<ItemKeywords> keywords() {
        requirePrepared();
        CaptionTokenizer words = tokenizer;
        return Optional.of(new ItemKeywords() {
            @Override
            public List<String> of(int tItem) {
                return EmojiCaptions.tags(train.get(tItem).caption());
            }

            @Override
            public NDList encode(NDManager manager, List<String> keywords) {
                return words.encode(manager, keywords).toNDList();
            }
        });
    }

    @Override
    public boolean embedsTexts() {
        return true;
    }

    @Override
    public String[] modalityNames() {
        return new String[] {"image", "text"};
    }

    private void requirePrepared() {
        if (tokenizer == null) {
            throw new IllegalStateException("call prepare(runDirectory, ...) first");
        }
    }

    @Override
    public void close() {
        if (tokenizer != null) {
            tokenizer.close();
            tokenizer = null;
        }
    }
}
