package io.github.setclip.data.captions;

import io.github.setclip.data.BadInputException;
import io.github.setclip.data.BadRows;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Caption records grouped the way alignment needs them.
 *
 * <ul>
 *   <li><b>Images</b> (the S modality): the distinct image paths, in order of first appearance;
 *       image {@code i} is {@code items().get(i)}, with all of its captions.
 *   <li><b>Captions</b> (the T modality): the distinct caption texts, numbered image by image in
 *       each image's caption order. A text written for two images (say "A dog runs.") is one
 *       caption with two partner images.
 *   <li><b>Partners</b>: image {@code i} and caption {@code j} are partners when some record pairs
 *       them. Retrieval from an image counts a hit when any of its captions is retrieved, and from a
 *       caption when any of its images is.
 * </ul>
 *
 * <p>An image's class, split and group come from its records, which must agree: a record giving an
 * image already seen another class, split or group (no group being one value) is a bad row (it
 * would leak an image across splits), as is
 * an unknown split name (splits are {@code train}, {@code val}, {@code test}, with {@code restval}
 * read as train and {@code validation} as val). The same caption repeated for the same image is
 * merged (it adds no pair). Immutable.
 */
public final class CaptionDataset {

    /**
     * One image and its captions.
     *
     * @param image the file
     * @param captions its distinct captions, in file order
     * @param className its class, or {@code null}
     * @param split {@code train}, {@code val}, {@code test}, or {@code null}
     * @param group its group (album, page, site), or {@code null}
     */
    public record Item(Path image, List<String> captions, String className, String split, String group) {

        /** Copies the caption list. */
        public Item {
            captions = List.copyOf(captions);
        }

        /** An item without a group. */
        public Item(Path image, List<String> captions, String className, String split) {
            this(image, captions, className, split, null);
        }
    }

    private final List<Item> items;
    private final List<String> captions;
    private final int[][] captionsOf;
    private final int[][] imagesOf;

    private CaptionDataset(List<Item> items) {
        this.items = List.copyOf(items);
        Map<String, Integer> index = new HashMap<>();
        List<String> texts = new ArrayList<>();
        List<List<Integer>> images = new ArrayList<>();
        this.captionsOf = new int[items.size()][];
        for (int i = 0; i < items.size(); i++) {
            List<String> own = items.get(i).captions();
            captionsOf[i] = new int[own.size()];
            for (int c = 0; c < own.size(); c++) {
                Integer j = index.get(own.get(c));
                if (j == null) {
                    j = texts.size();
                    index.put(own.get(c), j);
                    texts.add(own.get(c));
                    images.add(new ArrayList<>());
                }
                captionsOf[i][c] = j;
                images.get(j).add(i);
            }
        }
        this.captions = List.copyOf(texts);
        this.imagesOf = images.stream().map(l -> l.stream().mapToInt(Integer::intValue).toArray())
                .toArray(int[][]::new);
    }

    /**
     * Groups records by image path; a record with an unknown split, or disagreeing with an earlier
     * record of the same image about its class or split, fails with a {@link BadInputException}.
     *
     * @param records the records
     * @return the dataset
     * @throws BadInputException for an unknown split or a record disagreeing with an earlier one
     */
    public static CaptionDataset of(List<CaptionRecord> records) {
        return of(records, BadRows.fail());
    }

    /**
     * Groups records by image path.
     *
     * @param records the records
     * @param policy what to do with a record with an unknown split, or disagreeing with an earlier
     *     record of the same image about its class or split
     * @return the dataset
     */
    public static CaptionDataset of(List<CaptionRecord> records, BadRows policy) {
        Map<Path, CaptionRecord> first = new LinkedHashMap<>();
        Map<Path, LinkedHashSet<String>> texts = new HashMap<>();
        for (CaptionRecord record : records) {
            CaptionRecord r;
            try {
                String split = SplitNames.canonical(record.split());
                r = Objects.equals(split, record.split()) ? record : new CaptionRecord(record.image(),
                        record.caption(), record.className(), split, record.group(), record.source());
            } catch (IllegalArgumentException e) {
                policy.bad(record.source(), e.getMessage());
                continue;
            }
            CaptionRecord earlier = first.putIfAbsent(r.image(), r);
            if (earlier != null) {
                if (!Objects.equals(earlier.split(), r.split())) {
                    policy.bad(r.source(), "image " + r.image() + " has split " + r.split() + " here but "
                            + earlier.split() + " at " + earlier.source());
                    continue;
                }
                if (!Objects.equals(earlier.className(), r.className())) {
                    policy.bad(r.source(), "image " + r.image() + " has class " + r.className()
                            + " here but " + earlier.className() + " at " + earlier.source());
                    continue;
                }
                if (!Objects.equals(earlier.group(), r.group())) {
                    policy.bad(r.source(), "image " + r.image() + " has " + groupText(r.group()) + " here but "
                            + groupText(earlier.group()) + " at " + earlier.source());
                    continue;
                }
            }
            texts.computeIfAbsent(r.image(), k -> new LinkedHashSet<>()).add(r.caption());
        }
        List<Item> items = new ArrayList<>();
        first.forEach((image, r) -> items.add(
                new Item(image, new ArrayList<>(texts.get(image)), r.className(), r.split(), r.group())));
        return new CaptionDataset(items);
    }

    private static String groupText(String group) {
        return group == null ? "no group" : "group " + group;
    }

    /** The images with their captions; image {@code i} is item {@code i}. */
    public List<Item> items() {
        return items;
    }

    /** Number of distinct images. */
    public int numImages() {
        return items.size();
    }

    /** The distinct caption texts; caption {@code j} is {@code captions().get(j)}. */
    public List<String> captions() {
        return captions;
    }

    /** Number of distinct captions. */
    public int numCaptions() {
        return captions.size();
    }

    /**
     * The captions of an image.
     *
     * @param image an image index
     * @return caption indices, in the image's caption order
     */
    public int[] captionsOf(int image) {
        return captionsOf[image].clone();
    }

    /**
     * The images of a caption.
     *
     * @param caption a caption index
     * @return image indices, ascending
     */
    public int[] imagesOf(int caption) {
        return imagesOf[caption].clone();
    }

    /** Whether image {@code image} and caption {@code caption} are partners. */
    public boolean partners(int image, int caption) {
        for (int j : captionsOf[image]) {
            if (j == caption) {
                return true;
            }
        }
        return false;
    }

    /** Whether any item carries a split. */
    public boolean hasSplits() {
        return items.stream().anyMatch(i -> i.split() != null);
    }

    /** Whether every item carries a class. */
    public boolean hasClasses() {
        return !items.isEmpty() && items.stream().allMatch(i -> i.className() != null);
    }

    /** Whether any item carries a group. */
    public boolean hasGroups() {
        return items.stream().anyMatch(i -> i.group() != null);
    }

    /**
     * The group of every item, item {@code i} at position {@code i} ({@code null} for an item without
     * one); number them with {@link io.github.setclip.data.batch.GroupNumbering}.
     */
    public List<String> groups() {
        return items.stream().map(Item::group).toList();
    }

    /** The sorted distinct class names (empty without classes). */
    public List<String> classNames() {
        TreeSet<String> names = new TreeSet<>();
        items.stream().map(Item::className).filter(Objects::nonNull).forEach(names::add);
        return List.copyOf(names);
    }

    /**
     * The items of one split.
     *
     * @param split {@code train}, {@code val} or {@code test} ({@code validation} and {@code
     *     restval} as for records), or {@code null} for the items without a split
     * @return the items in file order
     * @throws IllegalArgumentException for another split name
     */
    public List<Item> split(String split) {
        String wanted = SplitNames.canonical(split);
        return items.stream().filter(i -> Objects.equals(wanted, i.split())).toList();
    }

    /**
     * The dataset of one split's images, with captions and partners renumbered within it.
     *
     * @param split {@code train}, {@code val} or {@code test}, or {@code null} for the items
     *     without a split
     * @return the sub-dataset
     * @throws IllegalArgumentException for another split name
     */
    public CaptionDataset subset(String split) {
        return new CaptionDataset(split(split));
    }

    @Override
    public String toString() {
        return "CaptionDataset{images=" + items.size() + ", captions=" + captions.size() + '}';
    }
}
