package io.github.setclip.tasks;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import ai.djl.training.util.ProgressBar;
import io.github.setclip.data.InvalidSettingException;
import io.github.setclip.data.captions.ImageTextSource;
import io.github.setclip.tasks.captions.CaptionsTask;
import io.github.setclip.tasks.emoji.EmojiTask;
import io.github.setclip.tasks.fashion.FashionHalvesTask;
import io.github.setclip.tasks.fashion.HalfView;
import io.github.setclip.tasks.features.FeaturesTask;
import io.github.setclip.tasks.imagetext.ImageTextTowers;
import io.github.setclip.tasks.imagetext.ImageTowerSpec;
import io.github.setclip.tasks.imagetext.TextTowerSpec;
import io.github.setclip.train.AlignmentTask;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which dataset a run uses and where its files are: enough to open the same {@link AlignmentTask}
 * again when a trained run is evaluated. Saved in the run's config.json.
 *
 * @param kind {@code emoji}, {@code fashion-mnist-halves}, {@code captions} or {@code features}
 * @param dataDir Fashion-MNIST folder, or {@code null} to search the usual places
 * @param download whether Fashion-MNIST may be downloaded when not found
 * @param captions a caption manifest (.csv, .jsonl) or Karpathy split JSON, for {@code captions}
 * @param imageRoot folder that relative image paths resolve against, or {@code null}
 * @param imageSize side in pixels user images are resized to
 * @param sFeatures S feature matrix (.npy) and its ids file, for {@code features}
 * @param tFeatures T feature matrix (.npy) and its ids file
 * @param pairs the matched-pairs file, for {@code features}
 * @param skipBad whether bad rows are skipped (and counted) instead of failing
 * @param tokenizer a tokenizer.json to use for text, or {@code null} to build one
 * @param limit use at most this many training items (tests, quick looks); 0 for all
 * @param sGroups the group of each S row ({@code id group} per line), for {@code features}, or
 *     {@code null}
 * @param tGroups the group of each T row, or {@code null}
 * @param towers where the picture and text towers come from (image-text datasets), builtin by
 *     default
 * @param unpairedImages pictures without captions beside the captions file, for {@code captions}:
 *     folders or .csv/.jsonl listings (empty for none)
 * @param unpairedTexts texts without pictures, for {@code captions}: plain text files (one per
 *     line) or .csv/.jsonl with a caption or text column (empty for none)
 * @param fashionView the second view of a half for the SSL term, for {@code fashion-mnist-halves}
 *     ({@link HalfView#DEFAULT} elsewhere, and when {@code null})
 */
public record DatasetSpec(String kind, Path dataDir, boolean download, Path captions,
        Path imageRoot, int imageSize, List<Path> sFeatures, List<Path> tFeatures, Path pairs,
        boolean skipBad, Path tokenizer, int limit, Path sGroups, Path tGroups, ImageTextTowers towers,
        List<Path> unpairedImages, List<Path> unpairedTexts, HalfView fashionView) {

    /** A spec with the default second view. */
    public DatasetSpec(String kind, Path dataDir, boolean download, Path captions,
            Path imageRoot, int imageSize, List<Path> sFeatures, List<Path> tFeatures, Path pairs,
            boolean skipBad, Path tokenizer, int limit, Path sGroups, Path tGroups, ImageTextTowers towers,
            List<Path> unpairedImages, List<Path> unpairedTexts) {
        this(kind, dataDir, download, captions, imageRoot, imageSize, sFeatures, tFeatures, pairs, skipBad,
                tokenizer, limit, sGroups, tGroups, towers, unpairedImages, unpairedTexts, HalfView.DEFAULT);
    }

    /** A spec without unpaired sources. */
    public DatasetSpec(String kind, Path dataDir, boolean download, Path captions,
            Path imageRoot, int imageSize, List<Path> sFeatures, List<Path> tFeatures, Path pairs,
            boolean skipBad, Path tokenizer, int limit, Path sGroups, Path tGroups, ImageTextTowers towers) {
        this(kind, dataDir, download, captions, imageRoot, imageSize, sFeatures, tFeatures, pairs, skipBad,
                tokenizer, limit, sGroups, tGroups, towers, List.of(), List.of());
    }

    /** A spec with the builtin towers. */
    public DatasetSpec(String kind, Path dataDir, boolean download, Path captions,
            Path imageRoot, int imageSize, List<Path> sFeatures, List<Path> tFeatures, Path pairs,
            boolean skipBad, Path tokenizer, int limit, Path sGroups, Path tGroups) {
        this(kind, dataDir, download, captions, imageRoot, imageSize, sFeatures, tFeatures, pairs, skipBad,
                tokenizer, limit, sGroups, tGroups, ImageTextTowers.BUILTIN);
    }

    /** This spec with other towers. */
    public DatasetSpec withTowers(ImageTextTowers towers) {
        return new DatasetSpec(kind, dataDir, download, captions, imageRoot, imageSize, sFeatures, tFeatures,
                pairs, skipBad, tokenizer, limit, sGroups, tGroups, towers, unpairedImages, unpairedTexts,
                fashionView);
    }

    /**
     * This spec with pictures without captions and texts without pictures beside the captions file.
     *
     * @param images folders or listings of pictures (empty for none)
     * @param texts files of texts (empty for none)
     * @return the spec
     */
    public DatasetSpec withUnpaired(List<Path> images, List<Path> texts) {
        return new DatasetSpec(kind, dataDir, download, captions, imageRoot, imageSize, sFeatures, tFeatures,
                pairs, skipBad, tokenizer, limit, sGroups, tGroups, towers, images, texts, fashionView);
    }

    /**
     * This spec with another second view of a Fashion-MNIST half (the SSL term's).
     *
     * @param view the view
     * @return the spec
     * @throws InvalidSettingException if this spec is not {@code fashion-mnist-halves} and the view
     *     is not the default
     */
    public DatasetSpec withFashionView(HalfView view) {
        return new DatasetSpec(kind, dataDir, download, captions, imageRoot, imageSize, sFeatures, tFeatures,
                pairs, skipBad, tokenizer, limit, sGroups, tGroups, towers, unpairedImages, unpairedTexts, view);
    }

    /** Whether unpaired pictures or texts are given beside the pairs. */
    public boolean hasUnpairedSources() {
        return !unpairedImages.isEmpty() || !unpairedTexts.isEmpty();
    }

    /**
     * The paired fraction a run uses unless told otherwise: every pair of a user's data (captions,
     * features), and the simulated third of the benchmarks (emoji, Fashion-MNIST halves), whose
     * hidden pairs make the unpaired rows.
     *
     * @param kind a dataset kind
     * @return 1 or 1/3
     */
    public static double defaultPairedFraction(String kind) {
        return "emoji".equals(kind) || "fashion-mnist-halves".equals(kind) ? 1 / 3.0 : 1.0;
    }

    /**
     * Checks a paired fraction against the sources: with unpaired pictures or texts every caption
     * row is a pair, so the fraction must be 1 (below 1 hides pairs, a simulation for the
     * benchmarks).
     *
     * @param pairedFraction the run's paired fraction
     * @throws InvalidSettingException if it is below 1 with unpaired sources
     */
    public void requirePairedFraction(double pairedFraction) {
        if (hasUnpairedSources() && pairedFraction < 1) {
            throw new InvalidSettingException("pairedFraction", "must be 1 when unpaired pictures or texts are"
                    + " given: every caption row is then a pair (a fraction below 1 hides pairs, a simulation),"
                    + " got " + pairedFraction);
        }
    }

    /** The dataset kinds. */
    public static final List<String> KINDS =
            List.of("emoji", "fashion-mnist-halves", "captions", "features");

    /**
     * Whether this dataset's T items carry keywords (the emoji captions' tags), which S-CLIP's
     * keyword partial-label loss needs; elsewhere S-CLIP runs its caption-level part alone.
     */
    public boolean carriesKeywords() {
        return "emoji".equals(kind);
    }

    /** Validates the combination of kind and files. */
    public DatasetSpec {
        if (!KINDS.contains(kind)) {
            throw new InvalidSettingException("kind", "must be one of " + KINDS + ", got " + kind);
        }
        if ("captions".equals(kind) && captions == null) {
            throw new InvalidSettingException("captions", "is required for the captions dataset"
                    + " (a .csv or .jsonl manifest, or a Karpathy split .json)");
        }
        if ("features".equals(kind) && (sFeatures == null || tFeatures == null || pairs == null)) {
            throw new InvalidSettingException(sFeatures == null ? "sFeatures" : tFeatures == null
                    ? "tFeatures" : "pairs", "is required for the features dataset (sFeatures and"
                    + " tFeatures: a .npy matrix and its ids file each; pairs: the matched ids)");
        }
        if (imageSize < 8) {
            throw new InvalidSettingException("imageSize", "must be >= 8 pixels, got " + imageSize);
        }
        if (!"features".equals(kind) && (sGroups != null || tGroups != null)) {
            throw new InvalidSettingException(sGroups != null ? "sGroups" : "tGroups", "applies to the"
                    + " features dataset (other datasets bring their groups: emoji subgroups,"
                    + " Fashion-MNIST classes, the captions file's group column)");
        }
        if ((sGroups == null) != (tGroups == null)) {
            throw new InvalidSettingException(sGroups == null ? "sGroups" : "tGroups",
                    "is needed too: groups are read for both modalities or neither");
        }
        if (limit < 0) {
            throw new InvalidSettingException("limit", "must be >= 0, got " + limit);
        }
        if (towers == null) {
            towers = ImageTextTowers.BUILTIN;
        }
        if (fashionView == null) {
            fashionView = HalfView.DEFAULT;
        }
        if (!"fashion-mnist-halves".equals(kind) && !fashionView.equals(HalfView.DEFAULT)) {
            throw new InvalidSettingException("fashionView", "applies to the fashion-mnist-halves dataset only");
        }
        unpairedImages = unpairedImages == null ? List.of() : List.copyOf(unpairedImages);
        unpairedTexts = unpairedTexts == null ? List.of() : List.copyOf(unpairedTexts);
        if (!"captions".equals(kind) && (!unpairedImages.isEmpty() || !unpairedTexts.isEmpty())) {
            throw new InvalidSettingException(unpairedImages.isEmpty() ? "unpairedTexts" : "unpairedImages",
                    "applies to the captions dataset (the features dataset takes unpaired rows from its"
                            + " matrices)");
        }
        boolean imageText = "emoji".equals(kind) || "captions".equals(kind);
        if (!imageText && !towers.image().equals(ImageTowerSpec.BUILTIN)) {
            throw new InvalidSettingException("builtin".equals(towers.image().kind()) ? "lockImage"
                    : "imageEncoder", "applies to image-text datasets (emoji, captions)");
        }
        TextTowerSpec text = towers.text();
        if (!imageText && !text.equals(TextTowerSpec.BUILTIN)) {
            throw new InvalidSettingException(!"builtin".equals(text.kind()) ? "textEncoder"
                    : text.locked() ? "lockText" : "textMaxLength", "applies to image-text datasets (emoji,"
                    + " captions)");
        }
    }

    /**
     * Checks the tokenizer against the text tower, for a new run: a torchscript or onnx text
     * encoder needs the tokenizer.json its ids come from, minilm brings its own. (A run being
     * reopened reads the tokenizer from its folder.)
     *
     * @throws InvalidSettingException if the tokenizer is missing or not wanted
     */
    public void requireTokenizerForTextTower() {
        String textKind = towers.text().kind();
        if (("torchscript".equals(textKind) || "onnx".equals(textKind)) && tokenizer == null) {
            throw new InvalidSettingException("tokenizer", "is needed with a " + textKind + " text encoder:"
                    + " the tokenizer.json whose ids the model was trained on");
        }
        if ("minilm".equals(textKind) && tokenizer != null) {
            throw new InvalidSettingException("tokenizer", "does not apply to the minilm text encoder, which"
                    + " brings its own");
        }
    }

    /** The embedded emoji dataset with its own tokenizer. */
    public static DatasetSpec emoji() {
        return new DatasetSpec("emoji", null, false, null, null, 64, null, null, null, false, null, 0,
                null, null);
    }

    /** The spec as JSON-friendly values (paths as strings), for config.json. */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("kind", kind);
        map.put("data_dir", text(dataDir));
        map.put("download", download);
        map.put("captions", text(captions));
        map.put("image_root", text(imageRoot));
        map.put("image_size", imageSize);
        map.put("s_features", sFeatures == null ? null : sFeatures.stream().map(DatasetSpec::text).toList());
        map.put("t_features", tFeatures == null ? null : tFeatures.stream().map(DatasetSpec::text).toList());
        map.put("pairs", text(pairs));
        map.put("skip_bad", skipBad);
        map.put("tokenizer", text(tokenizer));
        map.put("limit", limit);
        map.put("s_groups", text(sGroups));
        map.put("t_groups", text(tGroups));
        map.put("towers", towers.toMap());
        map.put("unpaired_images", unpairedImages.stream().map(DatasetSpec::text).toList());
        map.put("unpaired_texts", unpairedTexts.stream().map(DatasetSpec::text).toList());
        if ("fashion-mnist-halves".equals(kind)) {
            map.put("fashion_view", fashionView.toString());
        }
        return map;
    }

    /**
     * Reads what {@link #toMap} wrote.
     *
     * @param json the object
     * @return the spec
     */
    public static DatasetSpec fromJson(JsonObject json) {
        return new DatasetSpec(json.get("kind").getAsString(), path(json, "data_dir"),
                json.has("download") && json.get("download").getAsBoolean(), path(json, "captions"),
                path(json, "image_root"), json.has("image_size") ? json.get("image_size").getAsInt() : 64,
                paths(json, "s_features"), paths(json, "t_features"), path(json, "pairs"),
                json.has("skip_bad") && json.get("skip_bad").getAsBoolean(), path(json, "tokenizer"),
                json.has("limit") ? json.get("limit").getAsInt() : 0, path(json, "s_groups"),
                path(json, "t_groups"), ImageTextTowers.fromJson(json.get("towers")),
                json.has("unpaired_images") ? paths(json, "unpaired_images") : List.of(),
                json.has("unpaired_texts") ? paths(json, "unpaired_texts") : List.of(),
                json.has("fashion_view") ? HalfView.parse(json.get("fashion_view").getAsString()) : HalfView.DEFAULT);
    }

    private static String text(Path path) {
        return path == null ? null : path.toAbsolutePath().toString();
    }

    private static Path path(JsonObject json, String key) {
        JsonElement e = json.get(key);
        return e == null || e.isJsonNull() ? null : Path.of(e.getAsString());
    }

    private static List<Path> paths(JsonObject json, String key) {
        JsonElement e = json.get(key);
        if (e == null || e.isJsonNull()) {
            return null;
        }
        return e.getAsJsonArray().asList().stream().map(x -> Path.of(x.getAsString())).toList();
    }

    /**
     * The spec of a user's captions file scored by a model trained on {@code trained}: same
     * picture size, and the trained run's tokenizer (read from its run folder).
     *
     * @param trained the trained run's dataset
     * @param captions the user's manifest or Karpathy JSON
     * @param imageRoot folder relative image paths resolve against, or {@code null}
     * @param skipBad whether bad rows are skipped
     * @return the spec
     */
    public static DatasetSpec userCaptionsFor(DatasetSpec trained, Path captions, Path imageRoot,
            boolean skipBad) {
        if (!"emoji".equals(trained.kind()) && !"captions".equals(trained.kind())) {
            throw new InvalidSettingException("captions", "cannot be scored by a run trained on "
                    + trained.kind() + ", which is not pictures and captions");
        }
        int size = "emoji".equals(trained.kind())
                ? io.github.setclip.data.emoji.EmojiDataset.SIZE : trained.imageSize();
        return new DatasetSpec("captions", null, false, captions, imageRoot, size, null, null, null,
                skipBad, null, 0, null, null, trained.towers());
    }

    /**
     * Opens the task for scoring only: for a captions file, every row is in the test split.
     *
     * @return the task
     * @throws IOException if the data cannot be read
     */
    public AlignmentTask openForScoring() throws IOException {
        if ("captions".equals(kind)) {
            return new CaptionsTask(captions, imageRoot, imageSize, skipBad, tokenizer, 0, true, towers);
        }
        return open();
    }

    /**
     * The captions file and the unpaired sources beside it, indexed with a progress bar.
     *
     * @return the indexed data
     * @throws IOException if a file cannot be read
     */
    public ImageTextSource imageTextSource() throws IOException {
        ImageTextSource.Builder source = ImageTextSource.builder().setCaptions(captions).optImageRoot(imageRoot)
                .optSkipBad(skipBad);
        unpairedImages.forEach(source::addUnpairedImages);
        unpairedTexts.forEach(source::addUnpairedTexts);
        if (hasUnpairedSources()) {
            source.optProgress(new ProgressBar());
        }
        return source.build();
    }

    /**
     * Opens the task this spec names.
     *
     * @return the task, to be closed by the caller
     * @throws IOException if the data cannot be read
     */
    public AlignmentTask open() throws IOException {
        int items = limit == 0 ? Integer.MAX_VALUE : limit;
        return switch (kind) {
            case "emoji" -> new EmojiTask(tokenizer, items, towers);
            case "fashion-mnist-halves" -> FashionHalvesTask.open(dataDir, download, limit, fashionView);
            case "captions" -> new CaptionsTask(imageTextSource(), imageSize, tokenizer, limit, false, towers);
            case "features" -> FeaturesTask.open(sFeatures, tFeatures, pairs, skipBad, limit, sGroups,
                    tGroups);
            default -> throw new IllegalArgumentException("unknown dataset " + kind);
        };
    }
}
