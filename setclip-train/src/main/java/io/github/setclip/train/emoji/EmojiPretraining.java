package io.github.setclip.train.emoji;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.JsonUtils;
import io.github.setclip.core.ProjectionHead;
import io.github.setclip.core.Towers;
import io.github.setclip.core.TwoStreamModel;
import io.github.setclip.core.encoders.ConvImageEncoder;
import io.github.setclip.core.encoders.TransformerTextEncoder;
import io.github.setclip.data.batch.MixedBatchSampler;
import io.github.setclip.data.batch.SemiPairedPools;
import io.github.setclip.data.emoji.EmojiConcept;
import io.github.setclip.data.emoji.EmojiDataset;
import io.github.setclip.data.emoji.EmojiSplits;
import io.github.setclip.data.text.CaptionTokenizer;
import io.github.setclip.data.text.WordLevelTokenizerBuilder;
import io.github.setclip.eval.Retrieval;
import io.github.setclip.losses.SetClipObjective;
import io.github.setclip.train.Trainer;
import io.github.setclip.train.TrainingConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Pretraining on the embedded emoji dataset: pictures (S) against captions (T), on the training
 * concepts of the fixed split, validated by full-gallery retrieval on the validation concepts.
 */
public final class EmojiPretraining {

    /** Seed of the train/validation/test split; fixed so every run sees the same test concepts. */
    public static final long SPLIT_SEED = 0;

    /** Longest tokenised caption; longer ones are truncated. */
    public static final int MAX_LENGTH = 32;

    /** Width of the shared embedding space. */
    public static final int EMBEDDING_DIM = 128;

    private static final int BATCH_CHUNK = 256;

    private EmojiPretraining() {}

    /**
     * Trains (or resumes) a run and writes it to {@code runDirectory}: config.json, tokenizer/,
     * metrics.jsonl, checkpoints/ and the final model/.
     *
     * @param config the training configuration
     * @param runDirectory the run folder
     * @param tokenizerJson a tokenizer.json to use, or {@code null} to build one from the
     *     training captions
     * @param resume whether to continue from the newest checkpoint
     * @param console where progress goes
     * @return the summary with the last validation figures
     * @throws IOException if data or run files cannot be read or written
     */
    public static Trainer.Summary run(TrainingConfig config, Path runDirectory, Path tokenizerJson,
            boolean resume, PrintStream console) throws IOException {
        return run(config, runDirectory, tokenizerJson, resume, console, Integer.MAX_VALUE);
    }

    /** As {@link #run(TrainingConfig, Path, Path, boolean, PrintStream)} on the first training concepts only. */
    static Trainer.Summary run(TrainingConfig config, Path runDirectory, Path tokenizerJson,
            boolean resume, PrintStream console, int trainingConcepts) throws IOException {
        if (resume && !Files.isDirectory(runDirectory.resolve("checkpoints"))) {
            throw new IllegalArgumentException(
                    "--resume: no checkpoint in " + runDirectory.resolve("checkpoints"));
        }
        EmojiDataset dataset = EmojiDataset.loadEmbedded();
        EmojiSplits splits = dataset.split(SPLIT_SEED);
        List<EmojiConcept> train =
                splits.train().subList(0, Math.min(trainingConcepts, splits.train().size()));
        Files.createDirectories(runDirectory);
        Path tokenizerDir = runDirectory.resolve("tokenizer");
        Path tokenizerFile = prepareTokenizer(train, tokenizerDir, tokenizerJson, resume);
        writeConfig(runDirectory, config, tokenizerJson, train.size(), resume);
        console.printf("setclip pretrain: %d training concepts (%d paired), %d validation; run folder %s%n",
                train.size(), Math.round(config.pairedFraction() * train.size()),
                splits.validation().size(), runDirectory);

        try (NDManager manager = NDManager.newBaseManager();
                CaptionTokenizer tokenizer = CaptionTokenizer.builder()
                        .setTokenizerPath(tokenizerFile)
                        .optMaxLength(MAX_LENGTH)
                        .build()) {
            Engine.getInstance().setRandomSeed((int) config.seed());
            SetClipObjective objective = objective(config);
            TwoStreamModel model = model(tokenizer.vocabularySize(), objective);
            model.initialize(manager, DataType.FLOAT32,
                    new Shape[] {new Shape(2, 3, EmojiDataset.SIZE, EmojiDataset.SIZE)},
                    new Shape[] {new Shape(2, MAX_LENGTH), new Shape(2, MAX_LENGTH)});
            MixedBatchSampler sampler = sampler(config, train.size());
            EmojiPictures pictures = new EmojiPictures(dataset, train);
            EmojiCaptions captions = new EmojiCaptions(tokenizer, train);
            Trainer.Validation validation = (m, scope) -> retrieval(
                    m, scope, dataset, splits.validation(), tokenizer);
            Trainer trainer = new Trainer(config, model, objective, sampler, pictures, captions,
                    validation, runDirectory, console);
            Trainer.Summary summary = trainer.train(manager, resume);
            model.save(runDirectory.resolve("model/model.params"));
            Files.copy(tokenizerFile, runDirectory.resolve("model/tokenizer.json"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return summary;
        }
    }

    /** The objective of a configuration; CLIP fixes the kernel weights since MMD is off. */
    static SetClipObjective objective(TrainingConfig config) {
        return SetClipObjective.builder()
                .optWeights(config.weights())
                .optBandwidth(config.sddBandwidth())
                .optSslTemperature(config.sslTemperature())
                .optLearnedKernelWeights(!config.isClip())
                .build();
    }

    /** The model: a small ResNet for pictures, a 2-layer Transformer for captions. */
    static TwoStreamModel model(int vocabularySize, SetClipObjective objective) {
        return new TwoStreamModel(
                Towers.of(ConvImageEncoder.build(32, 64, 128),
                        ProjectionHead.build(EMBEDDING_DIM, 0.1f)),
                1,
                Towers.of(TransformerTextEncoder.builder()
                                .setVocabularySize(vocabularySize)
                                .optMaxLength(MAX_LENGTH)
                                .optWidth(128, 4)
                                .optLayers(2)
                                .optFeedForward(256)
                                .optDropout(0.1f)
                                .build(),
                        ProjectionHead.build(EMBEDDING_DIM, 0.1f)),
                objective);
    }

    /**
     * Batches for a method: Set-CLIP mixes the paired fraction with unpaired pools; CLIP sees only
     * the same paired items, fully paired batches.
     */
    static MixedBatchSampler sampler(TrainingConfig config, int items) {
        SemiPairedPools pools = SemiPairedPools.builder()
                .setNumItems(items)
                .setPairedFraction(config.pairedFraction())
                .optSeed(config.seed())
                .build();
        if (config.isClip()) {
            pools = SemiPairedPools.of(pools.pairedIndices(), new int[0], new int[0]);
            int batch = Math.min(config.batchSize(), pools.numPaired());
            return MixedBatchSampler.builder().setPools(pools).setBatchSize(batch)
                    .optPairedPerBatch(batch).optSeed(config.seed()).build();
        }
        return MixedBatchSampler.builder().setPools(pools).setBatchSize(config.batchSize())
                .optPairedFraction(config.pairedFraction()).optSeed(config.seed()).build();
    }

    /** Full-gallery retrieval between all pictures and all captions of the given concepts. */
    static Map<String, Double> retrieval(TwoStreamModel model, NDManager manager,
            EmojiDataset dataset, List<EmojiConcept> concepts, CaptionTokenizer tokenizer) {
        ParameterStore ps = new ParameterStore(manager, false);
        List<Integer> owner = new ArrayList<>();
        List<io.github.setclip.data.emoji.EmojiImage> images = new ArrayList<>();
        for (int c = 0; c < concepts.size(); c++) {
            for (io.github.setclip.data.emoji.EmojiImage image : concepts.get(c).images()) {
                images.add(image);
                owner.add(c);
            }
        }
        EmojiCaptions captions = new EmojiCaptions(tokenizer, concepts);
        NDList pictureEmbeddings = new NDList();
        for (int start = 0; start < images.size(); start += BATCH_CHUNK) {
            List<io.github.setclip.data.emoji.EmojiImage> chunk =
                    images.subList(start, Math.min(images.size(), start + BATCH_CHUNK));
            NDArray x = EmojiPictures.scaled(dataset.images(manager, chunk));
            pictureEmbeddings.add(model.embedS(ps, new NDList(x), false));
        }
        NDList captionEmbeddings = new NDList();
        for (int start = 0; start < concepts.size(); start += BATCH_CHUNK) {
            int end = Math.min(concepts.size(), start + BATCH_CHUNK);
            int[] items = java.util.stream.IntStream.range(start, end).toArray();
            captionEmbeddings.add(model.embedT(ps, captions.batch(manager, items, 0), false));
        }
        float[] partners = new float[images.size() * concepts.size()];
        for (int i = 0; i < images.size(); i++) {
            partners[i * concepts.size() + owner.get(i)] = 1;
        }
        Retrieval.Bidirectional result = Retrieval.between(
                ai.djl.ndarray.NDArrays.concat(pictureEmbeddings),
                ai.djl.ndarray.NDArrays.concat(captionEmbeddings),
                manager.create(partners, new Shape(images.size(), concepts.size())));
        return result.toMap("i2t_", "t2i_");
    }

    private static Path prepareTokenizer(List<EmojiConcept> train, Path dir, Path given,
            boolean resume) throws IOException {
        Path file = dir.resolve(WordLevelTokenizerBuilder.FILE_NAME);
        if (resume && Files.exists(file)) {
            return file;
        }
        Files.createDirectories(dir);
        if (given != null) {
            Path source = Files.isDirectory(given) ? given.resolve("tokenizer.json") : given;
            if (!Files.isRegularFile(source)) {
                throw new IllegalArgumentException("--tokenizer: no tokenizer.json at " + given);
            }
            Files.copy(source, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return file;
        }
        List<String> captions = train.stream().map(EmojiConcept::caption).toList();
        WordLevelTokenizerBuilder.builder().build(captions, dir);
        return file;
    }

    private static void writeConfig(Path runDirectory, TrainingConfig config, Path tokenizer,
            int trainItems, boolean resume) throws IOException {
        Path file = runDirectory.resolve("config.json");
        if (resume && Files.exists(file)) {
            return;
        }
        Map<String, Object> provenance = new LinkedHashMap<>();
        provenance.put("dataset", "embedded emoji (emoji-datasource 16.0.0, emojibase-data 17.0.0)");
        provenance.put("split_seed", SPLIT_SEED);
        provenance.put("train_concepts", trainItems);
        provenance.put("tokenizer", tokenizer == null ? "built from training captions" : tokenizer.toString());
        provenance.put("embedding_dim", EMBEDDING_DIM);
        provenance.put("max_length", MAX_LENGTH);
        provenance.put("training", config);
        provenance.put("java", System.getProperty("java.version"));
        Files.writeString(file, JsonUtils.GSON_PRETTY.toJson(provenance) + "\n");
    }
}
