package io.github.setclip.cli;

import io.github.setclip.tasks.DatasetSpec;
import io.github.setclip.tasks.RunFolder;
import io.github.setclip.train.AlignmentTask;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The data a trained run is scored or embedded on.
 *
 * @param split the split scored (TEST for a user's captions file, whose rows all count)
 * @param captions the user's captions file, or {@code null} for the run's own data
 * @param imageRoot folder the file's image paths are relative to, or {@code null}
 * @param skipBad whether the file's bad rows are skipped and counted
 */
record ScoringTarget(AlignmentTask.Split split, Path captions, Path imageRoot, boolean skipBad) {

    /** Opens the run's own task, or the user's captions read with the run's picture size and tokenizer. */
    AlignmentTask open(RunFolder run) throws IOException {
        DatasetSpec own = run.dataset() != null ? run.dataset() : DatasetSpec.emoji();
        if (captions == null) {
            return own.withUnpaired(List.of(), List.of()).open(); // unpaired sources train, never score
        }
        return DatasetSpec.userCaptionsFor(own, captions, imageRoot, skipBad).openForScoring();
    }
}
