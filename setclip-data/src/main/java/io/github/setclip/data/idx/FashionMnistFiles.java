package io.github.setclip.data.idx;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the four Fashion-MNIST IDX files ({@code train-images-idx3-ubyte}, {@code
 * train-labels-idx1-ubyte}, {@code t10k-images-idx3-ubyte}, {@code t10k-labels-idx1-ubyte}, each
 * with or without {@code .gz}). The usual places, in order: an explicit folder, {@code
 * $SETCLIP_DATA} (and its {@code fashion-mnist/}), Debian's {@code dataset-fashion-mnist} package
 * ({@value #DEBIAN}), and DJL's dataset cache.
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
     * should be reported, not papered over by another copy), else the usual places in order.
     *
     * @param explicit a folder the user named, or {@code null}
     * @return the folders to search
     */
    public static List<Path> defaultRoots(Path explicit) {
        List<Path> roots = new ArrayList<>();
        if (explicit != null) {
            return List.of(explicit);
        }
        String env = System.getenv("SETCLIP_DATA");
        if (env != null && !env.isBlank()) {
            roots.add(Path.of(env));
            roots.add(Path.of(env, "fashion-mnist"));
        }
        roots.add(Path.of(DEBIAN));
        roots.add(djlCache());
        return roots;
    }

    /** DJL's download folder of its FashionMnist dataset (DJL_CACHE_DIR aware). */
    public static Path djlCache() {
        String cache = System.getenv("DJL_CACHE_DIR");
        Path base = cache != null && !cache.isBlank() ? Path.of(cache)
                : Path.of(System.getProperty("user.home"), ".djl.ai", "cache");
        return base.resolve("repo/dataset/cv/ai/djl/basicdataset/fashmnist/1.0");
    }

    /**
     * Finds the first folder holding all four files.
     *
     * @param roots folders to search, in order
     * @return the files
     * @throws java.io.FileNotFoundException naming every folder searched and how to get the data
     */
    public static Located search(List<Path> roots) throws java.io.FileNotFoundException {
        for (Path root : roots) {
            Path[] found = new Path[4];
            boolean all = true;
            for (int i = 0; i < 4; i++) {
                found[i] = find(root, NAMES[i]);
                all &= found[i] != null;
            }
            if (all) {
                return new Located(found[0], found[1], found[2], found[3]);
            }
        }
        StringBuilder message = new StringBuilder("Fashion-MNIST not found. Looked for ")
                .append(String.join(", ", NAMES)).append(" (with or without .gz) in:");
        for (Path root : roots) {
            message.append("\n  ").append(root);
        }
        message.append("\nTo get it: `apt install dataset-fashion-mnist` (Debian, installs to ")
                .append(DEBIAN).append("), or put the four files from")
                .append(" https://github.com/zalandoresearch/fashion-mnist in a folder and pass")
                .append(" --data-dir DIR (or set SETCLIP_DATA), or add --download to fetch them")
                .append(" through DJL (needs a network).");
        throw new java.io.FileNotFoundException(message.toString());
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
