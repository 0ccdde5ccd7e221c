package io.github.setclip.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** A user's own captions file to score or embed a trained run on; shared by eval and embed. */
final class OwnCaptionsOptions {

    @Option(names = {"--captions", "--data"}, paramLabel = "FILE",
            description = "Use your own images and captions instead of the run's data: a .csv/.jsonl"
                    + " manifest (image, caption[, class]) or a Karpathy .json; every row is used.")
    Path captions;

    @Option(names = "--image-root", paramLabel = "DIR", description = "Folder image paths in --captions are relative to.")
    Path imageRoot;

    @Option(names = "--skip-bad", description = "With --captions: skip bad rows and count them.")
    boolean skipBad;
}
