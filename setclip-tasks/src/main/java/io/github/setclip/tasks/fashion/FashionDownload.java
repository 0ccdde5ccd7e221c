package io.github.setclip.tasks.fashion;

import ai.djl.basicdataset.cv.classification.FashionMnist;
import ai.djl.training.dataset.Dataset;
import ai.djl.translate.TranslateException;
import io.github.setclip.data.idx.FashionMnistFiles;
import java.io.IOException;
import java.io.PrintStream;

/**
 * Fetches Fashion-MNIST through DJL's basicdataset into DJL's cache, only when the user asked for
 * it (the dataset spec's download flag, --download in the CLI): the one place SetCLIP-J goes to
 * the network.
 */
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

    /**
     * Finds the four IDX files in the usual places, downloading them first when allowed and
     * nothing is found.
     */
    static FashionMnistFiles.Located locate(java.nio.file.Path dataDir, boolean download) throws IOException {
        try {
            return FashionMnistFiles.search(FashionMnistFiles.defaultRoots(dataDir));
        } catch (java.io.FileNotFoundException e) {
            if (!download) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
            fetch(System.out);
            return FashionMnistFiles.search(FashionMnistFiles.defaultRoots(dataDir));
        }
    }
}
