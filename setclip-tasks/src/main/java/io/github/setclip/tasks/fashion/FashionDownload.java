package io.github.setclip.tasks.fashion;

import ai.djl.basicdataset.cv.classification.FashionMnist;
import ai.djl.training.dataset.Dataset;
import ai.djl.translate.TranslateException;
import java.io.IOException;
import java.io.PrintStream;

/**
 * Fetches Fashion-MNIST through DJL's basicdataset into DJL's cache, only when the user asked for
 * it with {@code --download}: the one place SetCLIP-J goes to the network.
 */
/** Package-private: the task factory is {@link FashionHalvesTask#open}. */
final class FashionDownload {

    private FashionDownload() {}

    static void fetch(PrintStream console) throws IOException {
        String previous = System.getProperty("ai.djl.offline");
        System.setProperty("ai.djl.offline", "false");
        try {
            console.println("Downloading Fashion-MNIST through DJL (download requested) ...");
            for (Dataset.Usage usage : new Dataset.Usage[] {Dataset.Usage.TRAIN, Dataset.Usage.TEST}) {
                FashionMnist.builder().optUsage(usage).setSampling(32, false).build().prepare();
            }
        } catch (TranslateException | IOException | RuntimeException e) {
            throw new IOException("could not download Fashion-MNIST through DJL: " + e.getMessage(), e);
        } finally {
            if (previous == null) {
                System.clearProperty("ai.djl.offline");
            } else {
                System.setProperty("ai.djl.offline", previous);
            }
        }
    }

    /** Opens the task, downloading first when allowed and nothing is found. */
    static FashionHalvesTask open(java.nio.file.Path dataDir, boolean download, int limit)
            throws IOException {
        io.github.setclip.data.idx.FashionMnistFiles.Located files;
        try {
            files = io.github.setclip.data.idx.FashionMnistFiles.search(
                    io.github.setclip.data.idx.FashionMnistFiles.defaultRoots(dataDir));
        } catch (java.io.FileNotFoundException e) {
            if (!download) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
            fetch(System.out);
            files = io.github.setclip.data.idx.FashionMnistFiles.search(
                    io.github.setclip.data.idx.FashionMnistFiles.defaultRoots(dataDir));
        }
        return new FashionHalvesTask(io.github.setclip.data.idx.FashionMnist.load(files),
                files.folder(), limit);
    }
}
