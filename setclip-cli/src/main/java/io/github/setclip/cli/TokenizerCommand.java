package io.github.setclip.cli;

import io.github.setclip.data.text.WordLevelTokenizerBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code setclip tokenizer}: a word-level {@code tokenizer.json} built from a file of captions,
 * the kind pretrain builds from its training captions, for pretrain to read or any Hugging Face
 * tokenizers runtime.
 */
@Command(
        name = "tokenizer",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Build a word-level tokenizer.json from captions, one per line, for pretrain to read.",
            "The kind pretrain builds from its training captions: lower case, BERT pre-tokenizer,"
                    + " [PAD]=0, [UNK], [CLS] ... [SEP]. Build it from the training split only, so that"
                    + " words the model never saw map to [UNK]."
        })
final class TokenizerCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(names = "--captions", required = true, paramLabel = "FILE",
            description = "Captions, one per line, UTF-8; blank lines are skipped.")
    Path captions;

    @Option(names = "--output", required = true, paramLabel = "DIR",
            description = "Folder to write tokenizer.json into (created if missing; a tokenizer.json there is"
                    + " replaced).")
    Path output;

    @Option(names = "--min-count", paramLabel = "N",
            description = "Keep the words seen at least N times (default ${bundle:default.tokenizer.minCount}).")
    Integer minCount;

    @Option(names = "--max-vocab", paramLabel = "N",
            description = "Keep at most N tokens, the 4 special ones included, the most frequent words first"
                    + " (default: no cap).")
    Integer maxVocabulary;

    @Option(names = "--no-lowercase", description = "Keep the captions' case (default: lower case).")
    boolean keepCase;

    /**
     * Everything the flags decide, resolved and checked; {@link #call} runs exactly this.
     *
     * @param captions the captions file
     * @param output the folder tokenizer.json goes into
     * @param minCount the fewest times a kept word is seen
     * @param maxVocabulary the most tokens kept, or {@code null} for no cap
     * @param lowercase whether the tokenizer lowercases
     */
    record Plan(Path captions, Path output, int minCount, Integer maxVocabulary, boolean lowercase) {

        /** The library's builder with these settings. */
        WordLevelTokenizerBuilder builder() {
            WordLevelTokenizerBuilder b = WordLevelTokenizerBuilder.builder().optMinCount(minCount)
                    .optLowercase(lowercase);
            return maxVocabulary == null ? b : b.optMaxVocabularySize(maxVocabulary);
        }
    }

    /** Resolves the flags; a bad value is a usage error. */
    Plan plan() {
        try {
            Plan plan = new Plan(captions, output, minCount != null ? minCount
                    : WordLevelTokenizerBuilder.DEFAULT_MIN_COUNT, maxVocabulary, !keepCase);
            plan.builder(); // checks the values
            return plan;
        } catch (IllegalArgumentException e) {
            throw SettingTable.usageError(spec, e);
        }
    }

    @Override
    public Integer call() throws IOException {
        Plan plan = plan();
        List<String> lines = Files.readAllLines(plan.captions(), StandardCharsets.UTF_8).stream()
                .filter(line -> !line.isBlank()).toList();
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("no captions in " + plan.captions());
        }
        WordLevelTokenizerBuilder builder = plan.builder();
        int special = WordLevelTokenizerBuilder.SPECIAL_TOKENS.size();
        List<String> vocabulary = builder.buildVocabulary(lines);
        Path written = builder.write(vocabulary, plan.output());
        spec.commandLine().getOut().printf(Locale.ROOT, "wrote %s: %d tokens (%d special + %d words with"
                + " count >= %d) from %d captions%n", written, vocabulary.size(), special,
                vocabulary.size() - special, plan.minCount(), lines.size());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
