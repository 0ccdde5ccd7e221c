package io.github.setclip.cli;

import io.github.setclip.data.InvalidSettingException;
import io.github.setclip.tasks.emoji.EmojiExport;
import io.github.setclip.train.TrainingConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code setclip export-emoji}: the embedded emoji data written as a user's files (pairs.csv, a
 * folder of uncaptioned pictures, a texts file), so that training on user files can be checked
 * against the built-in run with the same seed.
 */
@Command(
        name = "export-emoji",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Write the embedded emoji data as a user's files: pairs.csv (the seed's paired training"
                    + " concepts and every validation and test concept), unpaired/ (the pictures of the"
                    + " unpaired training concepts) and texts.txt (their captions).",
            "Training on it as a captions dataset with its unpaired pictures and texts, at the same"
                    + " seed, sees what the built-in emoji run sees; the pretrain command to do so is printed."
        })
final class ExportEmojiCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(names = "--output", required = true, paramLabel = "DIR",
            description = "A new or empty folder to write into.")
    Path output;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "SEED",
            description = "The pretrain --seed whose pairing is exported (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--paired-fraction", paramLabel = "F",
            description = "Share of the training concepts exported as pairs (default the emoji run's 1/3).")
    Double pairedFraction;

    /**
     * Everything the flags decide, checked; {@link #call} runs exactly this.
     *
     * @param output the folder written into
     * @param seed the seed of the pairing
     * @param pairedFraction the share of training concepts paired
     */
    record Plan(Path output, long seed, double pairedFraction) {}

    /** Resolves the flags; a bad value is a usage error. */
    Plan plan() {
        try {
            double fraction = pairedFraction != null ? pairedFraction
                    : TrainingConfig.builder().build().pairedFraction();
            if (!(fraction > 0 && fraction <= 1)) {
                throw new InvalidSettingException("pairedFraction", "must be in (0, 1], got " + fraction);
            }
            if (Files.isDirectory(output)) {
                try (var entries = Files.list(output)) {
                    if (entries.findAny().isPresent()) {
                        throw new IllegalArgumentException("--output " + output + " is not empty; export into a"
                                + " new folder");
                    }
                }
            } else if (Files.exists(output)) {
                throw new IllegalArgumentException("--output " + output + " is a file, not a folder");
            }
            return new Plan(output, seed, fraction);
        } catch (IOException e) {
            throw new IllegalArgumentException("--output " + output + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw SettingTable.usageError(spec, e);
        }
    }

    @Override
    public Integer call() throws IOException {
        Plan plan = plan();
        int[] n = EmojiExport.write(plan.output(), plan.seed(), plan.pairedFraction());
        spec.commandLine().getOut().printf(Locale.ROOT, "wrote %s: %d paired training concepts, %d unpaired,"
                + " %d held out%n", plan.output(), n[0], n[1], n[2]);
        spec.commandLine().getOut().printf(Locale.ROOT, "train on it: ./setclip pretrain --dataset captions"
                + " --captions %s --unpaired-images %s --unpaired-texts %s --image-size 32 --seed %d%n",
                plan.output().resolve("pairs.csv"), plan.output().resolve("unpaired"),
                plan.output().resolve("texts.txt"), plan.seed());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
