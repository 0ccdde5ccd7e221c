package io.github.setclip.cli;

import io.github.setclip.tasks.DatasetSpec;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** Which dataset to train or evaluate on, shared by pretrain, experiment, eval and embed. */
final class DatasetOptions {

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

    @Option(names = "--captions", paramLabel = "FILE",
            description = "captions: a .csv/.jsonl manifest (image, caption[, class, split]) or a"
                    + " Karpathy split .json.")
    Path captions;

    @Option(names = "--image-root", paramLabel = "DIR",
            description = "captions: folder image paths are relative to (default: the file's folder).")
    Path imageRoot;

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

    /** The spec; throws IllegalArgumentException naming a bad combination. */
    DatasetSpec spec() {
        return new DatasetSpec(kind, dataDir, download, captions, imageRoot, imageSize, sFeatures,
                tFeatures, pairs, skipBad, tokenizer, limit, sGroups, tGroups);
    }
}
