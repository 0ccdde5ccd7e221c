package io.github.setclip.examples;

import ai.djl.training.util.ProgressBar;
import io.github.setclip.data.captions.ImageTextSource;
import io.github.setclip.data.captions.SourceSummary;
import io.github.setclip.tasks.Pretraining;
import io.github.setclip.tasks.captions.CaptionsTask;
import io.github.setclip.tasks.imagetext.ImageTextTowers;
import io.github.setclip.train.TrainerOptions;
import io.github.setclip.train.TrainingConfig;
import io.github.setclip.train.TrainingSummary;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A user's image-text data from Java, without the CLI: a captions file (the few pairs), a folder of
 * pictures without captions and a file of texts without pictures, indexed once by {@link
 * ImageTextSource} (a progress bar while every picture is checked and hashed, none decoded), then,
 * given a run folder, one short Set-CLIP run on them through {@link CaptionsTask} and {@link
 * Pretraining}. Also the harness of the index measurement in docs/benchmarks.md.
 *
 * <pre>
 * java -cp ... io.github.setclip.examples.UnpairedSourcesExample pairs.csv photos/ texts.txt [RUN]
 * </pre>
 */
public final class UnpairedSourcesExample {

    private UnpairedSourcesExample() {}

    /**
     * Runs the example.
     *
     * @param args the captions file, a picture folder (or listing), a texts file, and optionally a run
     *     folder to train in
     * @throws Exception on I/O errors or bad input
     */
    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: UnpairedSourcesExample PAIRS.csv PICTURES TEXTS [RUN]");
            System.exit(2);
        }
        long start = System.nanoTime();
        ImageTextSource data = ImageTextSource.builder()
                .setCaptions(Path.of(args[0]))
                .addUnpairedImages(Path.of(args[1]))
                .addUnpairedTexts(Path.of(args[2]))
                .optSkipBad(true)
                .optProgress(new ProgressBar())
                .build();
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "indexed in %.1f s: %d pairs, %s%n", seconds, data.pairs().numImages(),
                data.summary());
        for (SourceSummary source : data.sources()) {
            System.out.printf(Locale.ROOT, "  %s %s: %d, SHA-256 %s%n", source.kind(), source.path(),
                    source.count(), source.sha256());
        }
        if (args.length > 3) {
            TrainingConfig config = TrainingConfig.builder().optEpochs(1).optBatchSize(64).optPairedFraction(1)
                    .build();
            try (CaptionsTask task = new CaptionsTask(data, 32, null, 0, false, ImageTextTowers.BUILTIN)) {
                TrainingSummary summary = Pretraining.builder().setTask(task).setConfig(config)
                        .setRunDirectory(Path.of(args[3])).optTrainer(TrainerOptions.DEFAULTS.withConsole(System.out))
                        .build().run();
                System.out.printf(Locale.ROOT, "trained %d steps; validation mean recall %.3f%n", summary.steps(),
                        summary.lastValidation().get(Pretraining.SCORE));
            }
        }
    }
}
