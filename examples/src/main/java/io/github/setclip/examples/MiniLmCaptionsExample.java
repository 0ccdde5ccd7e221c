package io.github.setclip.examples;

import io.github.setclip.tasks.DatasetSpec;
import io.github.setclip.tasks.Pretraining;
import io.github.setclip.tasks.imagetext.ImageTextTowers;
import io.github.setclip.tasks.imagetext.ImageTowerSpec;
import io.github.setclip.tasks.imagetext.TextTowerSpec;
import io.github.setclip.tasks.inference.TrainedRun;
import io.github.setclip.train.TrainerOptions;
import io.github.setclip.train.TrainingConfig;
import io.github.setclip.train.TrainingSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Aligns all-MiniLM-L6-v2 caption embeddings (locked: computed once, only its projection head
 * learns) with the builtin picture tower trained from scratch, on the embedded emoji data; then
 * reopens the run and ranks captions for a text query. Nothing is downloaded: MiniLM is read from
 * the langchain4j jar on the class path.
 *
 * <p>The same towers as blocks, for a model of your own:
 * <pre>{@code
 * Block text = PretrainedTextEncoder.builder()
 *         .setFile(MiniLm.model(), EncoderEngine.ONNX).optPooling(Pooling.MEAN).build();
 * LockedTower tower = Towers.locked(text, ProjectionHead.build(128, 0.1f), MiniLm.model().sha256());
 * tower.cache();  // the LockedTowerCache of its outputs, saved to and loaded from a file
 * }</pre>
 *
 * <p>Run it from the repository root:
 * <pre>{@code
 * mvn -q -pl examples -am compile dependency:build-classpath -Dmdep.outputFile=cp.txt
 * java -cp examples/target/classes:$(cat examples/cp.txt) io.github.setclip.examples.MiniLmCaptionsExample
 * }</pre>
 */
public final class MiniLmCaptionsExample {

    private MiniLmCaptionsExample() {}

    /**
     * Runs the example.
     *
     * @param args optional run folder (default: a temporary folder), epochs (default 5) and number
     *     of training concepts (default: all)
     * @throws Exception on I/O errors
     */
    public static void main(String[] args) throws Exception {
        Path run = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("setclip-minilm");
        int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int concepts = args.length > 2 ? Integer.parseInt(args[2]) : 0;
        System.setProperty("ai.djl.default_engine", "PyTorch"); // two engines are on the class path

        ImageTextTowers towers = new ImageTextTowers(
                ImageTowerSpec.BUILTIN,                 // the small ResNet, trained
                TextTowerSpec.of("minilm", true));      // all-MiniLM-L6-v2, locked
        DatasetSpec emoji = new DatasetSpec("emoji", null, false, null, null, 64, null, null, null, false,
                null, concepts, null, null, towers);
        TrainingConfig config = TrainingConfig.builder().optEpochs(epochs).optSeed(1).build();

        TrainingSummary summary = Pretraining.builder().setDataset(emoji).setConfig(config)
                .setRunDirectory(run).optTrainer(TrainerOptions.DEFAULTS.withConsole(System.out).withProgressBar(false))
                .build().run();
        System.out.printf("trained %d steps in %.1f s; validation mean recall %.3f%n", summary.steps(),
                summary.seconds(), summary.lastValidation().get(Pretraining.SCORE));

        try (TrainedRun trained = TrainedRun.open(run)) {
            List<String> captions = List.of("red heart", "smiling cat", "pizza", "rocket");
            var scores = trained.embedTexts(List.of("a slice of cheese pizza"))
                    .matMul(trained.embedTexts(captions).transpose());
            float[] s = scores.toFloatArray();
            for (int i = 0; i < captions.size(); i++) {
                System.out.printf("cos(\"a slice of cheese pizza\", \"%s\") = %.3f%n", captions.get(i), s[i]);
            }
        }
    }
}
