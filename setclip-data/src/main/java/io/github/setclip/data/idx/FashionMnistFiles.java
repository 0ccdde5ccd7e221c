package io.github.setclip.data.idx;

import io.github.setclip.data.DataNotFoundException;
import java.io.FileNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Finds the four Fashion-MNIST IDX files ({@code train-images-idx3-ubyte}, {@code
 * train-labels-idx1-ubyte}, {@code t10k-images-idx3-ubyte}, {@code t10k-labels-idx1-ubyte}, each
 * with or without {@code .gz}; a folder is used only when it holds all four). The usual places,
 * in order: an explicit folder (alone), else {@code $SETCLIP_DATA} (and its {@code
 * fashion-mnist/}), Debian's {@code dataset-fashion-mnist} package ({@value #DEBIAN}), and DJL's
 * dataset cache. Nothing here downloads.
 */
public final class FashionMnistFiles {

    /** Where Debian's dataset-fashion-mnist package installs the files. */
    public static final String DEBIAN = "/usr/share/datasets/fashion-mnist";

    private static final String[] NAMES = {
        "train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte",
        "t10k-labels-idx1-ubyte"
    };

    private FashionMnistFiles() {}

    /**
     * The four files of one folder.
     *
     * @param trainImages training images
     * @param trainLabels training labels
     * @param testImages test images
     * @param testLabels test labels
     */
    public record Located(Path trainImages, Path trainLabels, Path testImages, Path testLabels) {

        /** The folder they are in. */
        public Path folder() {
            return trainImages.getParent();
        }
    }

    /**
     * The folders to search: only the folder the user named, when there is one (a typo there
     * should be reported, not papered over by another copy found elsewhere), else the usual
     * places in order: {@code $SETCLIP_DATA}, {@code $SETCLIP_DATA/fashion-mnist}, {@value
     * #DEBIAN}, {@link #djlCache()}.
     *
     * @param explicit a folder the user named, or {@code null}
     * @return the folders to search
     */
    public static List<Path> defaultRoots(Path explicit) {
        return roots(explicit, System::getenv, System::getProperty);
    }

    /** {@link #defaultRoots(Path)} with the environment and system properties injected (tests). */
    static List<Path> roots(Path explicit, UnaryOperator<String> env, UnaryOperator<String> properties) {
        if (explicit != null) {
            return List.of(explicit);
        }
        List<Path> roots = new ArrayList<>();
        String data = env.apply("SETCLIP_DATA");
        if (data != null && !data.isBlank()) {
            roots.add(Path.of(data));
            roots.add(Path.of(data, "fashion-mnist"));
        }
        roots.add(Path.of(DEBIAN));
        roots.add(djlCache(env, properties));
        return roots;
    }

    /**
     * Where DJL's {@code FashionMnist} dataset (artifact {@code ai.djl.basicdataset:fashmnist:1.0})
     * keeps the files once downloaded: {@code <DJL cache>/cache/repo/dataset/cv/ai/djl/basicdataset/
     * fashmnist/1.0}, gunzipped, under the names above. The DJL cache is {@code DJL_CACHE_DIR}
     * (environment variable or system property, as DJL reads it), else {@code ~/.djl.ai}.
     */
    public static Path djlCache() {
        return djlCache(System::getenv, System::getProperty);
    }

    private static Path djlCache(UnaryOperator<String> env, UnaryOperator<String> properties) {
        String cache = env.apply("DJL_CACHE_DIR");
        if (cache == null || cache.isBlank()) {
            cache = properties.apply("DJL_CACHE_DIR");
        }
        Path base = cache != null && !cache.isBlank() ? Path.of(cache)
                : Path.of(properties.apply("user.home"), ".djl.ai");
        return base.resolve("cache/repo/dataset/cv/ai/djl/basicdataset/fashmnist/1.0");
    }

    /**
     * Finds the first folder holding all four files.
     *
     * @param roots folders to search, in order
     * @return the files
     * @throws FileNotFoundException naming every folder searched, what each lacks, and how to get
     *     the data
     */
    public static Located search(List<Path> roots) throws FileNotFoundException {
        StringBuilder looked = new StringBuilder();
        for (Path root : roots) {
            if (!Files.isDirectory(root)) {
                looked.append("\n  ").append(root).append(" (no such folder)");
                continue;
            }
            Path[] found = new Path[NAMES.length];
            List<String> missing = new ArrayList<>();
            for (int i = 0; i < NAMES.length; i++) {
                found[i] = find(root, NAMES[i]);
                if (found[i] == null) {
                    missing.add(NAMES[i]);
                }
            }
            if (missing.isEmpty()) {
                return new Located(found[0], found[1], found[2], found[3]);
            }
            looked.append("\n  ").append(root).append(" (missing ").append(String.join(", ", missing))
                    .append(')');
        }
        throw new DataNotFoundException("Fashion-MNIST not found. Looked for "
                + String.join(", ", NAMES) + " (each with or without .gz) in:" + looked
                + "\nTo get it: `apt install dataset-fashion-mnist` (Debian; installs to " + DEBIAN
                + "), or put the four files from https://github.com/zalandoresearch/fashion-mnist in a"
                + " folder and give it as dataDir (or set SETCLIP_DATA=DIR), or turn on download to"
                + " fetch them through DJL into its cache (needs a network).", List.of("dataDir", "download"));
    }

    private static Path find(Path root, String name) {
        for (String candidate : new String[] {name + ".gz", name}) {
            Path p = root.resolve(candidate);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }
}
