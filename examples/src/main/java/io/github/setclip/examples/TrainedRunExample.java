package io.github.setclip.examples;

import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.ImageFactory;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.github.setclip.data.emoji.EmojiConcept;
import io.github.setclip.data.emoji.EmojiDataset;
import io.github.setclip.eval.PromptTemplates;
import io.github.setclip.tasks.emoji.EmojiTask;
import io.github.setclip.tasks.inference.Neighbour;
import io.github.setclip.tasks.inference.TrainedRun;
import io.github.setclip.tasks.inference.ZeroShotClassifier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A trained run used from Java: opens a run of {@code ./setclip pretrain} (the default emoji
 * run), embeds the captions of the 190 test emoji (never seen in training) and a few of their
 * pictures, prints each picture's nearest captions, and classifies the pictures zero-shot into
 * the emoji groups. Further arguments are picture files (PNG, JPEG) to caption the same way.
 *
 * <p>Run it from the repository after {@code ./setclip pretrain} (and {@code mvn install
 * -DskipTests} once, so that the examples module finds the library):
 *
 * <pre>
 * mvn -q -pl examples exec:java -Dexec.mainClass=io.github.setclip.examples.TrainedRunExample \
 *     -Dexec.args="runs/RUN my-picture.png"
 * </pre>
 *
 * Without arguments it opens the newest run folder under {@code runs/}.
 */
public final class TrainedRunExample {

    private static final int PICTURES = 6;

    private TrainedRunExample() {}

    /**
     * Runs the example.
     *
     * @param args an optional run folder (default: the newest under runs/), then picture files
     * @throws IOException if the run or a picture cannot be read
     */
    public static void main(String[] args) throws IOException {
        if (System.getProperty("ai.djl.offline") == null && System.getenv("DJL_OFFLINE") == null) {
            System.setProperty("ai.djl.offline", "true"); // the PyTorch natives are on the classpath
        }
        Path folder = args.length > 0 ? Path.of(args[0]) : newestRun(Path.of("runs"));
        EmojiDataset emoji = EmojiDataset.loadEmbedded();
        List<EmojiConcept> test = emoji.split(EmojiTask.SPLIT_SEED).test();
        List<String> captions = test.stream().map(EmojiConcept::caption).toList();

        try (TrainedRun run = TrainedRun.open(folder); NDManager manager = NDManager.newBaseManager()) {
            System.out.println("opened " + run);
            List<Image> pictures = new ArrayList<>();
            List<String> names = new ArrayList<>();
            for (EmojiConcept concept : test.subList(0, PICTURES)) {
                // The embedded pictures as (3, 32, 32) in [0, 1]; any DJL Image will do.
                NDArray chw = emoji.images(manager, List.of(concept.images().get(0))).get(0);
                pictures.add(ImageFactory.getInstance().fromNDArray(chw.mul(255).round()));
                names.add("emoji " + name(concept.caption()));
            }
            for (int i = 1; i < args.length; i++) {
                pictures.add(ImageFactory.getInstance().fromFile(Path.of(args[i])));
                names.add(args[i]);
            }

            NDArray texts = run.embedTexts(captions);
            NDArray images = run.embedImages(pictures);
            List<List<Neighbour>> nearest = run.rank(images, texts, 3);
            System.out.printf("nearest of %d test captions to each picture:%n", captions.size());
            for (int i = 0; i < pictures.size(); i++) {
                System.out.println("  " + names.get(i));
                for (Neighbour n : nearest.get(i)) {
                    System.out.printf(Locale.ROOT, "      %.3f  %s%n", n.similarity(),
                            name(captions.get(n.index())));
                }
            }

            List<String> groups = emoji.concepts().stream().map(EmojiConcept::group).distinct().sorted()
                    .toList();
            ZeroShotClassifier classifier = run.zeroShot(groups, PromptTemplates.DEFAULT);
            int[] predicted = classifier.predict(images);
            System.out.println("zero-shot emoji group of each picture:");
            for (int i = 0; i < pictures.size(); i++) {
                String truth = i < PICTURES ? " (true: " + test.get(i).group() + ")" : "";
                System.out.println("  " + names.get(i) + ": " + groups.get(predicted[i]) + truth);
            }
        }
    }

    /** The CLDR name of a caption ("nerd face: brainy, clever" is "nerd face"). */
    private static String name(String caption) {
        int colon = caption.indexOf(':');
        return colon < 0 ? caption : caption.substring(0, colon);
    }

    /** The run folder under {@code runs} whose model was written last. */
    private static Path newestRun(Path runs) throws IOException {
        if (!Files.isDirectory(runs)) {
            throw new IllegalArgumentException("no " + runs.toAbsolutePath() + " folder: train a run with"
                    + " ./setclip pretrain, or pass a run folder");
        }
        try (Stream<Path> folders = Files.list(runs)) {
            Optional<Path> newest = folders
                    .filter(f -> Files.isRegularFile(f.resolve("model/model.params")))
                    .max(Comparator.comparing(TrainedRunExample::modelTime));
            return newest.orElseThrow(() -> new IllegalArgumentException("no finished run under "
                    + runs.toAbsolutePath() + ": train one with ./setclip pretrain, or pass a run folder"));
        }
    }

    private static FileTime modelTime(Path run) {
        try {
            return Files.getLastModifiedTime(run.resolve("model/model.params"));
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }
}
