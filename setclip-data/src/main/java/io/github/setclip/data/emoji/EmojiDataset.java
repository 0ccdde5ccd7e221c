package io.github.setclip.data.emoji;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import javax.imageio.ImageIO;

/**
 * The embedded image-text dataset: emoji pictures from two freely licensed sets (Noto Emoji and
 * Twemoji, 32 px sprite sheets from the npm packages emoji-datasource-google and -twitter 16.0.0)
 * paired with their English CLDR descriptions (emojibase-data 17.0.0). Built by {@link
 * EmojiDatasetBuilder}; sources, licences and counts are in docs/datasets.md.
 */
public final class EmojiDataset {

    /** Name of the metadata file. */
    public static final String METADATA = "emoji.tsv";

    static final String HEADER = "id\tgroup\tsubgroup\tgoogle\ttwitter\tcaption";
    static final String[] VENDORS = {"google", "twitter"};

    /** Side of one picture in pixels. */
    public static final int SIZE = 32;

    private static final int STRIDE = SIZE + 2; // one pixel of padding around every cell

    private final List<EmojiConcept> concepts;
    private final Map<String, BufferedImage> sheets;

    private EmojiDataset(List<EmojiConcept> concepts, Map<String, BufferedImage> sheets) {
        this.concepts = Collections.unmodifiableList(concepts);
        this.sheets = sheets;
    }

    /**
     * Loads the dataset shipped inside this library.
     *
     * @return the dataset
     * @throws IOException if a resource is missing or corrupt
     */
    public static EmojiDataset loadEmbedded() throws IOException {
        Map<String, BufferedImage> sheets = new TreeMap<>();
        for (String vendor : VENDORS) {
            sheets.put(vendor, sheet(vendor + "-32.png",
                    EmojiDataset.class.getResourceAsStream(vendor + "-32.png")));
        }
        return new EmojiDataset(
                parse(METADATA, EmojiDataset.class.getResourceAsStream(METADATA), sheets), sheets);
    }

    /**
     * Loads the dataset from a folder holding {@code emoji.tsv}, {@code google-32.png} and {@code
     * twitter-32.png}.
     *
     * @param directory the folder
     * @return the dataset
     * @throws IOException if a file is missing or corrupt; the message names it
     */
    public static EmojiDataset load(Path directory) throws IOException {
        Map<String, BufferedImage> sheets = new TreeMap<>();
        for (String vendor : VENDORS) {
            Path file = directory.resolve(vendor + "-32.png");
            sheets.put(vendor, sheet(file.toString(), open(file)));
        }
        Path metadata = directory.resolve(METADATA);
        return new EmojiDataset(parse(metadata.toString(), open(metadata), sheets), sheets);
    }

    /** Every concept, in the order of the metadata file. */
    public List<EmojiConcept> concepts() {
        return concepts;
    }

    /**
     * Splits the concepts into train, validation and test (80/10/10), the same way for the same
     * seed on every machine: the concepts sorted by id, then shuffled by {@code new Random(seed)}
     * (both {@code Random}'s generator and {@code Collections.shuffle}'s walk are specified by the
     * JDK). Each list is in shuffled order.
     *
     * @param seed the split's seed
     * @return the split
     */
    public EmojiSplits split(long seed) {
        List<EmojiConcept> shuffled = new ArrayList<>(concepts);
        shuffled.sort(Comparator.comparing(EmojiConcept::id));
        Collections.shuffle(shuffled, new Random(seed));
        int validation = shuffled.size() / 10;
        int test = shuffled.size() / 10;
        int train = shuffled.size() - validation - test;
        return new EmojiSplits(
                List.copyOf(shuffled.subList(0, train)),
                List.copyOf(shuffled.subList(train, train + validation)),
                List.copyOf(shuffled.subList(train + validation, shuffled.size())));
    }

    /**
     * Decodes pictures into a float32 batch (B, 3, 32, 32) of RGB values in [0, 1], transparent
     * pixels composited on white.
     *
     * @param manager the manager that owns the batch
     * @param images the pictures, in batch order
     * @return the batch
     * @throws IllegalArgumentException if a picture names an unknown vendor or a cell outside its
     *     sheet
     */
    public NDArray images(NDManager manager, List<EmojiImage> images) {
        int plane = SIZE * SIZE;
        float[] data = new float[images.size() * 3 * plane];
        int[] argb = new int[plane];
        for (int b = 0; b < images.size(); b++) {
            EmojiImage image = images.get(b);
            BufferedImage sheet = sheets.get(image.vendor());
            if (sheet == null) {
                throw new IllegalArgumentException("unknown vendor in " + image);
            }
            if (!inside(sheet, image.column(), image.row())) {
                throw new IllegalArgumentException(image + " lies outside the " + image.vendor()
                        + " sheet of " + columns(sheet) + " x " + rows(sheet) + " cells");
            }
            sheet.getRGB(1 + image.column() * STRIDE, 1 + image.row() * STRIDE, SIZE, SIZE,
                    argb, 0, SIZE);
            int offset = b * 3 * plane;
            for (int p = 0; p < plane; p++) {
                int pixel = argb[p];
                float alpha = (pixel >>> 24) / 255f;
                float white = 1 - alpha;
                data[offset + p] = ((pixel >> 16) & 0xff) / 255f * alpha + white;
                data[offset + plane + p] = ((pixel >> 8) & 0xff) / 255f * alpha + white;
                data[offset + 2 * plane + p] = (pixel & 0xff) / 255f * alpha + white;
            }
        }
        return manager.create(data, new Shape(images.size(), 3, SIZE, SIZE));
    }

    /**
     * One picture as a 32 x 32 RGB image, transparent pixels composited on white (the pixels of
     * {@link #images}, rounded to 8 bits), for writing it to a file.
     *
     * @param image the picture
     * @return a new image
     * @throws IllegalArgumentException if it names an unknown vendor or a cell outside its sheet
     */
    public BufferedImage picture(EmojiImage image) {
        BufferedImage sheet = sheets.get(image.vendor());
        if (sheet == null || !inside(sheet, image.column(), image.row())) {
            throw new IllegalArgumentException(image + " is not a cell of a known sheet");
        }
        int[] argb = sheet.getRGB(1 + image.column() * STRIDE, 1 + image.row() * STRIDE, SIZE, SIZE, null, 0, SIZE);
        BufferedImage rgb = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_INT_RGB);
        for (int p = 0; p < argb.length; p++) {
            float alpha = (argb[p] >>> 24) / 255f;
            int r = Math.round(((argb[p] >> 16) & 0xff) * alpha + 255 * (1 - alpha));
            int g = Math.round(((argb[p] >> 8) & 0xff) * alpha + 255 * (1 - alpha));
            int b = Math.round((argb[p] & 0xff) * alpha + 255 * (1 - alpha));
            rgb.setRGB(p % SIZE, p / SIZE, (r << 16) | (g << 8) | b);
        }
        return rgb;
    }

    private static InputStream open(Path file) throws IOException {
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString(), null, "emoji dataset file is missing");
        }
        return Files.newInputStream(file);
    }

    private static BufferedImage sheet(String name, InputStream in) throws IOException {
        if (in == null) {
            throw new NoSuchFileException(name, null, "emoji sprite sheet is missing");
        }
        BufferedImage image;
        try (in) {
            image = ImageIO.read(in);
        } catch (IOException | RuntimeException e) {
            throw new IOException(name + ": not a readable PNG sprite sheet: " + e.getMessage(), e);
        }
        if (image == null) {
            throw new IOException(name + ": not a readable PNG sprite sheet");
        }
        if (image.getWidth() % STRIDE != 0 || image.getHeight() % STRIDE != 0) {
            throw new IOException(name + ": " + image.getWidth() + "x" + image.getHeight()
                    + " is not a grid of " + STRIDE + " px cells");
        }
        return image;
    }

    private static int columns(BufferedImage sheet) {
        return sheet.getWidth() / STRIDE;
    }

    private static int rows(BufferedImage sheet) {
        return sheet.getHeight() / STRIDE;
    }

    private static boolean inside(BufferedImage sheet, int column, int row) {
        return column >= 0 && row >= 0 && column < columns(sheet) && row < rows(sheet);
    }

    private static List<EmojiConcept> parse(String name, InputStream in,
            Map<String, BufferedImage> sheets) throws IOException {
        if (in == null) {
            throw new NoSuchFileException(name, null, "emoji metadata is missing");
        }
        List<EmojiConcept> concepts = new ArrayList<>();
        Map<String, Integer> firstLine = new HashMap<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String header = reader.readLine();
            if (!HEADER.equals(header)) {
                throw new IOException(name + ":1: expected the header '" + HEADER.replace("\t", "\\t")
                        + "', got '" + header + "'");
            }
            int lineNumber = 1;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lineNumber++;
                if (!line.isBlank()) {
                    EmojiConcept concept = concept(name, lineNumber, line, sheets);
                    Integer previous = firstLine.putIfAbsent(concept.id(), lineNumber);
                    if (previous != null) {
                        throw new IOException(name + ":" + lineNumber + ": emoji " + concept.id()
                                + " already listed on line " + previous);
                    }
                    concepts.add(concept);
                }
            }
        }
        if (concepts.isEmpty()) {
            throw new IOException(name + ": no emoji in the file");
        }
        return concepts;
    }

    private static EmojiConcept concept(String name, int lineNumber, String line,
            Map<String, BufferedImage> sheets) throws IOException {
        String[] fields = line.split("\t", -1);
        String where = name + ":" + lineNumber + ": ";
        if (fields.length != 6) {
            throw new IOException(where + "expected 6 tab-separated fields, got " + fields.length);
        }
        if (fields[5].isBlank()) {
            throw new IOException(where + "empty caption for emoji " + fields[0]);
        }
        List<EmojiImage> images = new ArrayList<>();
        for (int v = 0; v < VENDORS.length; v++) {
            String cell = fields[3 + v];
            if (cell.equals("-")) {
                continue;
            }
            images.add(image(where, VENDORS[v], cell, sheets.get(VENDORS[v])));
        }
        if (images.isEmpty()) {
            throw new IOException(where + "emoji " + fields[0] + " has no picture");
        }
        return new EmojiConcept(fields[0], fields[5], fields[1], fields[2], List.copyOf(images));
    }

    /** One "column:row" cell of the metadata, checked against its sheet. */
    private static EmojiImage image(String where, String vendor, String cell, BufferedImage sheet)
            throws IOException {
        String[] xy = cell.split(":", -1);
        EmojiImage image = null;
        if (xy.length == 2) {
            try {
                image = new EmojiImage(vendor, Integer.parseInt(xy[0]), Integer.parseInt(xy[1]));
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        if (image == null) {
            throw new IOException(where + "bad " + vendor + " cell '" + cell
                    + "' (expected column:row or -)");
        }
        if (!inside(sheet, image.column(), image.row())) {
            throw new IOException(where + vendor + " cell " + cell + " lies outside " + vendor
                    + "-32.png (" + columns(sheet) + " x " + rows(sheet) + " cells)");
        }
        return image;
    }
}
