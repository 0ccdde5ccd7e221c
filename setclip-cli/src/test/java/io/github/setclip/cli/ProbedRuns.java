package io.github.setclip.cli;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.github.setclip.data.npy.NpyFile;
import io.github.setclip.train.FreedBufferProbe;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The workload of {@link FreedMemoryTest}, run in a JVM of its own: every training path of the
 * library (the emoji default, each method, the paper's recipe, the queue and balancer, chunked
 * batches, Fashion-MNIST halves, feature rows) for at least 30 seeded steps, and {@code setclip
 * loss --grad-out} at a size that takes the tiled path, each into a folder of its own. Two canaries
 * use DJL's known unsafe idiom (an array made from Java data, closed before the backward pass that
 * needs it) so that the test can tell that freed memory does show in this JVM.
 *
 * <p>Usage: {@code ProbedRuns OUTPUT_DIR}; writes {@code OUTPUT_DIR/status.txt}, one line per
 * configuration: its name and exit status.
 */
final class ProbedRuns {

    private ProbedRuns() {}

    /** The configurations, by name: setclip's arguments without {@code --output}. */
    static Map<String, List<String>> configurations(Path data) throws IOException {
        List<String> emoji = List.of("pretrain", "--epochs", "1", "--batch-size", "16", "--warmup", "2",
                "--seed", "7");
        Map<String, List<String>> runs = new LinkedHashMap<>();
        runs.put("emoji-default", emoji);
        for (String method : List.of("clip", "s-clip", "soft-pl", "hard-pl", "two-stage")) {
            runs.put("emoji-" + method, join(emoji, "--method", method));
        }
        runs.put("emoji-nn-pairs", join(emoji, "--method", "nn-pairs", "--nn-warmup", "4",
                "--nn-refresh", "4", "--nn-per-batch", "8"));
        runs.put("emoji-paper", join(emoji, "--recipe", "paper", "--limit", "540")); // about 35 steps
        runs.put("emoji-queue-balanced", join(emoji, "--queue", "32", "--balance-terms",
                "--balance-every", "4"));
        runs.put("emoji-micro-batch", join(emoji, "--micro-batch", "6"));
        Path fashion = FashionFiles.write(data.resolve("fashion"), 400, 60);
        List<String> halves = List.of("pretrain", "--dataset", "fashion-mnist-halves", "--data-dir",
                fashion.toString(), "--epochs", "4", "--batch-size", "16", "--warmup", "2", "--seed", "7");
        runs.put("fashion-default", halves);
        runs.put("fashion-micro-batch", join(halves, "--micro-batch", "6"));
        List<String> features = new ArrayList<>(List.of("pretrain"));
        features.addAll(FeatureFiles.write(data.resolve("features"), 240, 64, 48));
        features.addAll(List.of("--paired-fraction", "0.5", "--epochs", "6", "--batch-size", "16",
                "--warmup", "2", "--seed", "7"));
        runs.put("features-default", features);
        runs.put("loss-grad-out", lossArguments(data.resolve("loss")));
        return runs;
    }

    public static void main(String[] args) throws Exception {
        Path output = Path.of(args[0]);
        Files.createDirectories(output);
        List<String> status = new ArrayList<>();
        for (Map.Entry<String, List<String>> run : configurations(output.resolve("data")).entrySet()) {
            Path folder = output.resolve(run.getKey());
            List<String> arguments = new ArrayList<>(run.getValue());
            arguments.addAll(List.of(arguments.get(0).equals("loss") ? "--grad-out" : "--output",
                    folder.toString()));
            Files.createDirectories(folder.getParent());
            StringWriter err = new StringWriter();
            int code = SetClip.run(new PrintWriter(new StringWriter()), new PrintWriter(err),
                    arguments.toArray(String[]::new));
            status.add(run.getKey() + " " + code + (code == 0 ? "" : " " + err.toString().strip()));
        }
        canaries(output);
        Files.write(output.resolve("status.txt"), status);
    }

    /**
     * The gradients of {@code sum(x * 3)} and {@code sum(x * c)} with 3 and c given the DJL way
     * that is unsafe under autograd: a number, and an array made from a {@code float[]} and closed
     * before the backward pass.
     */
    private static void canaries(Path output) throws IOException {
        Engine engine = Engine.getInstance();
        try (NDManager manager = engine.newBaseManager()) {
            NDArray x = manager.ones(new Shape(1024));
            x.setRequiresGradient(true);
            try (GradientCollector collector = engine.newGradientCollector()) {
                NDArray y = x.mul(3.0).sum();
                NDArray c;
                try (NDArray threes = manager.create(filled(1024, 3f))) {
                    c = x.mul(threes).sum();
                }
                FreedBufferProbe.backward(collector, y.add(c));
            }
            NpyFile.write(output.resolve("canary.npy"), x.getGradient().toType(DataType.FLOAT32, false));
        }
    }

    private static float[] filled(int n, float value) {
        float[] a = new float[n];
        java.util.Arrays.fill(a, value);
        return a;
    }

    /** {@code setclip loss} on 1100 rows a modality (the tiled path starts at 2048 rows). */
    private static List<String> lossArguments(Path folder) throws IOException {
        Files.createDirectories(folder);
        List<String> arguments = new ArrayList<>(List.of("loss", "--paired", "300"));
        try (NDManager manager = NDManager.newBaseManager()) {
            manager.getEngine().setRandomSeed(11);
            for (String name : List.of("s", "t", "s-pos", "t-pos")) {
                NDArray x = manager.randomNormal(new Shape(1100, 24));
                Path file = folder.resolve(name + ".npy");
                NpyFile.write(file, x.div(x.norm(new int[] {1}, true)));
                arguments.addAll(List.of("--" + name, file.toString()));
            }
        }
        return arguments;
    }

    private static List<String> join(List<String> base, String... more) {
        List<String> all = new ArrayList<>(base);
        all.addAll(List.of(more));
        return all;
    }
}
