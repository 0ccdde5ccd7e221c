package io.github.setclip.cli;

import io.github.setclip.data.InvalidSettingException;
import picocli.CommandLine.Option;

/** How many CPU threads PyTorch uses, shared by the commands that train or embed. */
final class ThreadOptions {

    @Option(names = "--threads", paramLabel = "N",
            description = "PyTorch intra-op threads, N >= 1 (default: PyTorch's own, one per core); sets"
                    + " the system property ai.djl.pytorch.num_threads before the engine starts.")
    Integer threads;

    /** The thread count, 0 when not given (PyTorch's default); throws on a value below 1. */
    int threads() {
        if (threads != null && threads < 1) {
            throw new InvalidSettingException("threads", "must be >= 1, got " + threads);
        }
        return threads == null ? 0 : threads;
    }
}
