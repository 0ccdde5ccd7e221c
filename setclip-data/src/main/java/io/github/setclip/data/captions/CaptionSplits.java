package io.github.setclip.data.captions;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Which images of a {@link CaptionDataset} train, validate and test.
 *
 * <p>When any image carries a split (the file's split field), the file decides: {@code train}
 * images, then the images without a split, train; {@code val} validates; {@code test} tests. When
 * none does, a fixed split of the images, the same for the same file: shuffled by {@link
 * Collections#shuffle(List, Random)} with {@code new Random(}{@value #SEED}{@code )}, the first
 * max(1, N / 10) validate, the next as many test (fewer when N is tiny) and the rest, about 80%,
 * train.
 *
 * @param train the training images
 * @param validation the validation images
 * @param test the test images
 */
public record CaptionSplits(List<CaptionDataset.Item> train, List<CaptionDataset.Item> validation,
        List<CaptionDataset.Item> test) {

    /** Seed of the fixed split of a file without splits. */
    public static final long SEED = 0;

    /** Copies the lists. */
    public CaptionSplits {
        train = List.copyOf(train);
        validation = List.copyOf(validation);
        test = List.copyOf(test);
    }

    /**
     * The file's splits, or the fixed 80/10/10 split when it has none.
     *
     * @param data the dataset
     * @return its splits
     */
    public static CaptionSplits of(CaptionDataset data) {
        return data.hasSplits() ? fromFile(data) : fixed(data.items());
    }

    private static CaptionSplits fromFile(CaptionDataset data) {
        List<CaptionDataset.Item> train = new ArrayList<>(data.split("train"));
        train.addAll(data.split(null));
        return new CaptionSplits(train, data.split("val"), data.split("test"));
    }

    private static CaptionSplits fixed(List<CaptionDataset.Item> items) {
        List<CaptionDataset.Item> shuffled = new ArrayList<>(items);
        Collections.shuffle(shuffled, new Random(SEED));
        int n = shuffled.size();
        int held = Math.max(1, n / 10);
        int trainFrom = Math.min(n, 2 * held);
        return new CaptionSplits(shuffled.subList(trainFrom, n), shuffled.subList(0, Math.min(n, held)),
                shuffled.subList(Math.min(n, held), trainFrom));
    }
}
