package io.github.setclip.data.captions;

import io.github.setclip.data.BadInputException;
import io.github.setclip.data.BadRows;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Reads a captions file of any supported kind, chosen by its extension: a Karpathy split file
 * ({@code .json}, see {@link KarpathySplits}) or a manifest ({@code .csv} or {@code .jsonl}, see
 * {@link CaptionManifest}).
 */
public final class CaptionFiles {

    private CaptionFiles() {}

    /**
     * Reads the file with the reader its extension names (case-insensitive).
     *
     * @param file a {@code .json}, {@code .csv} or {@code .jsonl} file
     * @param imageRoot folder relative image paths resolve against, or {@code null} for the file's
     *     folder
     * @param policy what to do with bad rows
     * @return the usable rows, in file order
     * @throws IOException if the file cannot be read
     * @throws BadInputException for another extension, a missing file, or what the reader rejects
     */
    public static List<CaptionRecord> read(Path file, Path imageRoot, BadRows policy) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".json")) {
            return KarpathySplits.read(file, imageRoot, policy);
        }
        if (name.endsWith(".csv") || name.endsWith(".jsonl")) {
            return CaptionManifest.read(file, imageRoot, policy);
        }
        throw new BadInputException(file + ": a captions file must end in .json (a Karpathy split file),"
                + " .csv or .jsonl (a caption manifest)");
    }
}
