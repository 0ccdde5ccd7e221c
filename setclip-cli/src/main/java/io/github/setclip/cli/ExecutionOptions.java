package io.github.setclip.cli;

import ai.djl.Device;
import io.github.setclip.data.InvalidSettingException;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** How a run executes (not what it learns): chunked embedding and devices. Shared by pretrain and experiment. */
final class ExecutionOptions {

    @Option(names = "--micro-batch", defaultValue = "0", paramLabel = "K",
            description = "Embed each batch in chunks of at most K rows (GradCache): activation memory of"
                    + " K rows, the objective still on the whole batch. The step is the unchunked one"
                    + " (dropout included) except in a tower with batch normalisation, such as the"
                    + " built-in picture tower: it normalises each chunk by the chunk's statistics (0:"
                    + " whole batches; default ${DEFAULT-VALUE}).")
    int microBatch;

    @Option(names = "--devices", paramLabel = "DEVICE[,DEVICE...]", split = ",", hideParamSyntax = true,
            description = "Run the chunks on these devices in turn, comma-separated, e.g. gpu0,gpu1 (the"
                    + " objective on the first); default: the engine's default device.")
    List<String> devices = new ArrayList<>();

    /** The chunk size; throws on a bad value. */
    int microBatch() {
        if (microBatch < 0) {
            throw new InvalidSettingException("microBatch", "must be >= 0 rows, got " + microBatch);
        }
        return microBatch;
    }

    /** The devices; throws naming one DJL does not know. */
    List<Device> devices() {
        List<Device> out = new ArrayList<>();
        for (String name : devices) {
            try {
                out.add(Device.fromName(name.trim()));
            } catch (IllegalArgumentException | NullPointerException e) {
                throw new InvalidSettingException("devices", "names an unknown device '" + name
                        + "' (examples: cpu, gpu0, gpu1)");
            }
        }
        return out;
    }
}
