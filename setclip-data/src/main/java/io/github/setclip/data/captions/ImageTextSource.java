package io.github.setclip.data.captions;

import ai.djl.util.Progress;
import io.github.setclip.data.BadInputException;
import io.github.setclip.data.BadRows;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A user's image-text data: captioned pictures (the pairs) and, beside them, pictures without
 * captions and texts without pictures (the unpaired rows Set-CLIP learns from). Building it
 * indexes every source: the captions file is read ({@link CaptionFiles}), picture sources are
 * listed and every picture's header checked and bytes hashed, text files read. No picture is
 * decoded; {@link io.github.setclip.data.image.PictureLoader} decodes a batch when it is needed.
 *
 * <pre>{@code
 * ImageTextSource data = ImageTextSource.builder()
 *         .setCaptions(Path.of("pairs.csv"))
 *         .addUnpairedImages(Path.of("photos"))      // a folder, searched recursively
 *         .addUnpairedTexts(Path.of("texts.txt"))    // one text per line
 *         .build();
 * CaptionDataset pairs = data.pairs();
 * List<Path> pictures = data.unpairedImages();
 * List<String> texts = data.unpairedTexts();
 * }</pre>
 *
 * <p>An unpaired picture that is also an image of the captions file (the same file, any split), or
 * an unpaired text that is also one of its captions, is a pair only: it is dropped from the unpaired
 * items and counted in {@link #alreadyPairedImages()} / {@link #alreadyPairedTexts()}, so that an
 * unpaired row can never be a validation or test item. An item found in several sources (or twice
 * in one) is kept once ({@link #repeatedImages()}, {@link #repeatedTexts()}). Immutable once built.
 */
public final class ImageTextSource {

    private final Path captionsFile;
    private final CaptionDataset pairs;
    private final BadRows captionRows;
    private final List<Path> unpairedImages;
    private final List<String> unpairedTexts;
    private final List<SourceSummary> sources;
    private final List<String> skipped;
    private final int alreadyPairedImages;
    private final int alreadyPairedTexts;
    private final int repeatedImages;
    private final int repeatedTexts;

    private ImageTextSource(Builder b) throws IOException {
        this.captionsFile = b.captions;
        this.captionRows = b.skipBad ? BadRows.skip() : BadRows.fail();
        this.pairs = CaptionDataset.of(CaptionFiles.read(b.captions, b.imageRoot, captionRows), captionRows);
        Path root = b.imageRoot != null ? b.imageRoot : b.captions.toAbsolutePath().getParent();
        Set<Path> pairedImages = new HashSet<>();
        pairs.items().forEach(i -> pairedImages.add(i.image().toAbsolutePath().normalize()));
        Set<String> pairedTexts = new HashSet<>(pairs.captions());
        List<SourceSummary> found = new ArrayList<>();
        List<String> bad = new ArrayList<>();
        LinkedHashSet<Path> images = new LinkedHashSet<>();
        int paired = 0;
        int listed = 0;
        for (Path source : b.images) {
            UnpairedPictures.Indexed index = UnpairedPictures.index(source, root, b.skipBad, b.progress);
            found.add(index.summary());
            bad.addAll(index.skipped());
            for (Path file : index.files()) {
                listed++;
                if (pairedImages.contains(file)) {
                    paired++;
                } else {
                    images.add(file);
                }
            }
        }
        this.alreadyPairedImages = paired;
        this.repeatedImages = listed - paired - images.size();
        LinkedHashSet<String> texts = new LinkedHashSet<>();
        paired = 0;
        listed = 0;
        for (Path source : b.texts) {
            UnpairedTexts.Indexed index = UnpairedTexts.read(source, b.skipBad);
            found.add(index.summary());
            bad.addAll(index.skipped());
            for (String text : index.texts()) {
                listed++;
                if (pairedTexts.contains(text)) {
                    paired++;
                } else {
                    texts.add(text);
                }
            }
        }
        this.alreadyPairedTexts = paired;
        this.repeatedTexts = listed - paired - texts.size();
        this.unpairedImages = List.copyOf(images);
        this.unpairedTexts = List.copyOf(texts);
        this.sources = List.copyOf(found);
        this.skipped = List.copyOf(bad);
    }

    /** A builder; the captions file is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** The captions file, as given. */
    public Path captionsFile() {
        return captionsFile;
    }

    /** The captioned pictures, every split. */
    public CaptionDataset pairs() {
        return pairs;
    }

    /** Bad rows of the captions file that were skipped (or none when failing). */
    public BadRows captionRows() {
        return captionRows;
    }

    /** The unpaired pictures, absolute and normalised, source by source in index order, each once. */
    public List<Path> unpairedImages() {
        return unpairedImages;
    }

    /** The unpaired texts, trimmed, source by source in file order, each once. */
    public List<String> unpairedTexts() {
        return unpairedTexts;
    }

    /** Every unpaired source, pictures first, as given: path, usable items and content hash. */
    public List<SourceSummary> sources() {
        return sources;
    }

    /** One line per unpaired file or row skipped as bad (under skip-bad), naming it and the problem. */
    public List<String> skipped() {
        return skipped;
    }

    /** Unpaired pictures dropped because they are images of the captions file. */
    public int alreadyPairedImages() {
        return alreadyPairedImages;
    }

    /** Unpaired texts dropped because they are captions of the captions file. */
    public int alreadyPairedTexts() {
        return alreadyPairedTexts;
    }

    /** Unpaired pictures found more than once (in several sources or twice in one), kept once. */
    public int repeatedImages() {
        return repeatedImages;
    }

    /** Unpaired texts found more than once, kept once. */
    public int repeatedTexts() {
        return repeatedTexts;
    }

    /**
     * A one-line account of the unpaired items, e.g. {@code "unpaired: 300 pictures, 500 texts (2
     * pictures and 1 text already paired, counted as pairs only)"}; "" without unpaired sources.
     */
    public String summary() {
        if (sources.isEmpty()) {
            return "";
        }
        StringBuilder s = new StringBuilder("unpaired: " + unpairedImages.size() + " pictures, "
                + unpairedTexts.size() + " texts");
        List<String> notes = new ArrayList<>();
        if (alreadyPairedImages + alreadyPairedTexts > 0) {
            notes.add(items(alreadyPairedImages, alreadyPairedTexts) + " also in the captions file, counted as"
                    + " pairs only");
        }
        if (repeatedImages + repeatedTexts > 0) {
            notes.add(items(repeatedImages, repeatedTexts) + " found more than once, counted once");
        }
        if (!skipped.isEmpty()) {
            notes.add("skipped " + skipped.size() + " bad (first: " + skipped.get(0) + ")");
        }
        if (!notes.isEmpty()) {
            s.append(" (").append(String.join("; ", notes)).append(')');
        }
        return s.toString();
    }

    /** "2 pictures and 1 text", leaving out a kind of which there are none. */
    private static String items(int pictures, int texts) {
        String p = pictures == 1 ? "1 picture" : pictures + " pictures";
        String t = texts == 1 ? "1 text" : texts + " texts";
        return pictures == 0 ? t : texts == 0 ? p : p + " and " + t;
    }

    /** The unpaired sources and counts as JSON-friendly values, for config.json and summaries. */
    public Map<String, Object> describeUnpaired() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("sources", sources.stream().map(SourceSummary::toMap).toList());
        map.put("images", unpairedImages.size());
        map.put("texts", unpairedTexts.size());
        map.put("already_paired_images", alreadyPairedImages);
        map.put("already_paired_texts", alreadyPairedTexts);
        map.put("repeated_images", repeatedImages);
        map.put("repeated_texts", repeatedTexts);
        map.put("skipped", skipped.size());
        return map;
    }

    /** Configures the sources; {@link #build} indexes them. */
    public static final class Builder {

        private Path captions;
        private Path imageRoot;
        private final List<Path> images = new ArrayList<>();
        private final List<Path> texts = new ArrayList<>();
        private boolean skipBad;
        private Progress progress;

        Builder() {}

        /** The pairs: a .csv/.jsonl caption manifest or a Karpathy split .json (required). */
        public Builder setCaptions(Path captions) {
            this.captions = captions;
            return this;
        }

        /** The folder relative image paths (of the captions file and of listings) resolve against
         * (default: the captions file's folder). */
        public Builder optImageRoot(Path imageRoot) {
            this.imageRoot = imageRoot;
            return this;
        }

        /** Adds pictures without captions: a folder (searched recursively for PNG, JPEG, GIF, BMP) or
         * a .csv/.jsonl listing of paths under the image root. */
        public Builder addUnpairedImages(Path source) {
            images.add(source);
            return this;
        }

        /** Adds texts without pictures: one per line, or a .csv/.jsonl with a caption or text column. */
        public Builder addUnpairedTexts(Path source) {
            texts.add(source);
            return this;
        }

        /** Skip bad rows and files and name them, instead of failing on the first (default false). */
        public Builder optSkipBad(boolean skipBad) {
            this.skipBad = skipBad;
            return this;
        }

        /** Told of every picture indexed, e.g. DJL's {@code ProgressBar} (default: none). */
        public Builder optProgress(Progress progress) {
            this.progress = progress;
            return this;
        }

        /**
         * Reads and indexes every source.
         *
         * @return the data
         * @throws BadInputException naming the input for a source given twice, a missing or empty
         *     source, a bad row or file (unless skipping)
         * @throws IOException if a file cannot be read
         */
        public ImageTextSource build() throws IOException {
            if (captions == null) {
                throw new IllegalArgumentException("an image-text source needs its captions file");
            }
            requireOnce(images, "--unpaired-images");
            requireOnce(texts, "--unpaired-texts");
            return new ImageTextSource(this);
        }

        private static void requireOnce(List<Path> sources, String flag) {
            Set<Path> seen = new HashSet<>();
            for (Path source : sources) {
                if (!seen.add(source.toAbsolutePath().normalize())) {
                    throw new BadInputException(source + ": given twice as " + flag);
                }
            }
        }
    }
}
