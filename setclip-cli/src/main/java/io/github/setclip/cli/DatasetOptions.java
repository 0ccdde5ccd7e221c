package io.github.setclip.cli;

import io.github.setclip.tasks.DatasetSpec;
import io.github.setclip.tasks.fashion.HalfView;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * Which dataset to train on, shared by pretrain and experiment. An option the chosen dataset does
 * not read is refused rather than ignored.
 */
final class DatasetOptions {

    /** The options each dataset reads (as DatasetSpec.open does), --dataset and --limit aside. */
    private static final Map<String, List<String>> READS = Map.of(
            "emoji", List.of("--tokenizer"),
            "fashion-mnist-halves", List.of("--data-dir", "--download", "--fashion-view"),
            "captions", List.of("--captions", "--image-root", "--image-size", "--skip-bad", "--tokenizer",
                    "--unpaired-images", "--unpaired-texts"),
            "features", List.of("--s-features", "--t-features", "--pairs", "--s-groups", "--t-groups",
                    "--skip-bad"));

    /** Every option of some datasets only, in the order they are checked. */
    private static final List<String> OPTIONS = List.of("--data-dir", "--download", "--fashion-view", "--captions",
            "--image-root", "--image-size", "--s-features", "--t-features", "--pairs", "--s-groups",
            "--t-groups", "--skip-bad", "--tokenizer", "--unpaired-images", "--unpaired-texts");

    @Spec(Spec.Target.MIXEE) CommandSpec command;

    @Option(names = "--dataset", defaultValue = "emoji", paramLabel = "NAME",
            description = "emoji (embedded), fashion-mnist-halves, captions or features"
                    + " (default ${DEFAULT-VALUE}).")
    String kind;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Fashion-MNIST IDX files (default: $SETCLIP_DATA,"
                    + " /usr/share/datasets/fashion-mnist, DJL's cache).")
    Path dataDir;

    @Option(names = "--download", description = "Fashion-MNIST: download through DJL when not found.")
    boolean download;

    @Option(names = "--fashion-view", paramLabel = "OPS",
            description = "fashion-mnist-halves: the second view of a half that SSL contrasts with the first,"
                    + " operations joined by +: crop (random resized crop), shift (up to 2 px), erase"
                    + " (random erasing), jitter (gain and pixel noise); default jitter.")
    String fashionView;

    @Option(names = "--captions", paramLabel = "FILE",
            description = "captions: a .csv/.jsonl manifest (image, caption[, class, split]) or a"
                    + " Karpathy split .json.")
    Path captions;

    @Option(names = "--image-root", paramLabel = "DIR",
            description = "captions: folder image paths are relative to (default: the file's folder).")
    Path imageRoot;

    @Option(names = "--unpaired-images", paramLabel = "PATH",
            description = "captions: pictures without captions, trained on as unpaired rows: a folder"
                    + " (searched recursively for PNG, JPEG, GIF, BMP) or a .csv/.jsonl listing (image column)"
                    + " of paths under --image-root; repeatable. Every caption row is then a pair.")
    List<Path> unpairedImages = List.of();

    @Option(names = "--unpaired-texts", paramLabel = "FILE",
            description = "captions: texts without pictures, trained on as unpaired rows: one per line, or a"
                    + " .csv/.jsonl with a caption or text column; repeatable. Every caption row is then a"
                    + " pair.")
    List<Path> unpairedTexts = List.of();

    @Option(names = "--image-size", defaultValue = "64", paramLabel = "PX",
            description = "captions: images are resized to PX x PX (default ${DEFAULT-VALUE}).")
    int imageSize;

    @Option(names = "--s-features", arity = "2", paramLabel = "FILE",
            description = "features: S matrix (.npy, rows x width) and its ids file (one per line).")
    List<Path> sFeatures;

    @Option(names = "--t-features", arity = "2", paramLabel = "FILE",
            description = "features: T matrix (.npy) and its ids file.")
    List<Path> tFeatures;

    @Option(names = "--pairs", paramLabel = "FILE",
            description = "features: matched pairs, one 's_id,t_id' per line; other rows are unpaired.")
    Path pairs;

    @Option(names = "--s-groups", paramLabel = "FILE",
            description = "features: the group of each S row (an id and a group name per line: album,"
                    + " page, site...), for --unpaired-sets grouped; needs --t-groups.")
    Path sGroups;

    @Option(names = "--t-groups", paramLabel = "FILE", description = "features: the group of each T row.")
    Path tGroups;

    @Option(names = "--skip-bad",
            description = "Skip bad rows (missing image, empty caption, NaN, ...) and report how many,"
                    + " instead of stopping at the first.")
    boolean skipBad;

    @Option(names = "--tokenizer", paramLabel = "FILE",
            description = "A tokenizer.json (or its folder) to use instead of building one from the"
                    + " training captions.")
    Path tokenizer;

    @Option(names = "--limit", defaultValue = "0", paramLabel = "N",
            description = "Use only the first N training items (0: all).")
    int limit;

    /** The spec; throws IllegalArgumentException naming a bad combination or an option it ignores. */
    DatasetSpec spec() {
        List<String> reads = READS.get(kind); // null for an unknown dataset, which DatasetSpec names
        ParseResult given = command.commandLine().getParseResult();
        for (String option : OPTIONS) {
            if (reads != null && given.hasMatchedOption(option) && !reads.contains(option)) {
                throw new IllegalArgumentException(option + " does not apply to --dataset " + kind
                        + "; it is read by --dataset " + String.join(" and ", DatasetSpec.KINDS.stream()
                                .filter(k -> READS.get(k).contains(option)).toList()));
            }
        }
        if ((sGroups == null) != (tGroups == null)) {
            throw new IllegalArgumentException("--s-groups and --t-groups go together: groups are read for"
                    + " both modalities or neither");
        }
        return new DatasetSpec(kind, dataDir, download, captions, imageRoot, imageSize, sFeatures,
                tFeatures, pairs, skipBad, tokenizer, limit, sGroups, tGroups)
                .withUnpaired(unpairedImages, unpairedTexts)
                .withFashionView(fashionView == null ? HalfView.DEFAULT : HalfView.parse(fashionView));
    }
}
