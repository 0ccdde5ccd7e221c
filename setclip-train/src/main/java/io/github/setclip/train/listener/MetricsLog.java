package io.github.setclip.train.listener;

import ai.djl.util.JsonUtils;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * The run's {@code metrics.jsonl}: one JSON object per line, flushed line by line so that a killed
 * run keeps every step it logged. Step lines carry {@code "type": "step"}, validation lines
 * {@code "type": "validation"}.
 */
final class MetricsLog implements Closeable {

    private final BufferedWriter out;

    MetricsLog(Path file, boolean append) throws IOException {
        this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING);
    }

    void write(Map<String, ?> record) throws IOException {
        out.write(JsonUtils.GSON_COMPACT.toJson(record));
        out.newLine();
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
