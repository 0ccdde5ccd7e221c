package io.github.setclip.cli;

import io.github.setclip.train.AlignmentTask;
import io.github.setclip.train.DatasetSpec;
import io.github.setclip.train.RunFolder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** What eval and embed share: the split flag and the task a trained run is scored on. */
final class Splits {

    private Splits() {}

    static AlignmentTask.Split parse(CommandSpec spec, String value) {
        try {
            return AlignmentTask.Split.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(),
                    "--split must be test, validation or train; got " + value);
        }
    }

    /** The run's own task, or the user's captions file read with the run's image size and tokenizer. */
    static AlignmentTask task(RunFolder run, Path captions, Path imageRoot, boolean skipBad)
            throws IOException {
        DatasetSpec own = run.dataset() != null ? run.dataset() : DatasetSpec.emoji();
        if (captions == null) {
            return own.open();
        }
        return DatasetSpec.userCaptionsFor(own, captions, imageRoot, skipBad).openForScoring();
    }
}
