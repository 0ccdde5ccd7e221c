package io.github.setclip.data.captions;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Caption records grouped the way alignment needs them: the distinct images (items, and the S
 * modality) each with all of its captions (the T modality), so retrieval counts a hit when any of
 * an image's captions is retrieved. An image's class and split are those of its first record.
 */
public final class CaptionDataset {

    /**
     * One image and its captions.
     *
     * @param image the file
     * @param captions its captions, in file order
     * @param className its class, or {@code null}
     * @param split its split, or {@code null}
     */
    public record Item(Path image, List<String> captions, String className, String split) {}

    private final List<Item> items;

    private CaptionDataset(List<Item> items) {
        this.items = List.copyOf(items);
    }

    /**
     * Groups records by image path.
     *
     * @param records the records
     * @return the dataset
     */
    public static CaptionDataset of(List<CaptionRecord> records) {
        Map<Path, List<CaptionRecord>> byImage = new LinkedHashMap<>();
        for (CaptionRecord r : records) {
            byImage.computeIfAbsent(r.image(), k -> new ArrayList<>()).add(r);
        }
        List<Item> items = new ArrayList<>();
        byImage.forEach((image, rs) -> items.add(new Item(image,
                rs.stream().map(CaptionRecord::caption).toList(), rs.get(0).className(), rs.get(0).split())));
        return new CaptionDataset(items);
    }

    /** The images with their captions. */
    public List<Item> items() {
        return items;
    }

    /** Whether any item carries a split. */
    public boolean hasSplits() {
        return items.stream().anyMatch(i -> i.split() != null);
    }

    /** Whether every item carries a class. */
    public boolean hasClasses() {
        return !items.isEmpty() && items.stream().allMatch(i -> i.className() != null);
    }

    /** The sorted distinct class names (empty without classes). */
    public List<String> classNames() {
        TreeSet<String> names = new TreeSet<>();
        items.stream().map(Item::className).filter(c -> c != null).forEach(names::add);
        return List.copyOf(names);
    }

    /**
     * The items of one split; {@code val} and {@code validation} are the same split.
     *
     * @param split {@code train}, {@code val} or {@code test}
     * @return the items in file order
     */
    public List<Item> split(String split) {
        String wanted = "validation".equals(split) ? "val" : split;
        return items.stream().filter(i -> wanted.equals("validation".equals(i.split()) ? "val" : i.split()))
                .toList();
    }
}
