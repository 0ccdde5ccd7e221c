package io.github.setclip.data.captions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class CaptionSplitsTest {

    private static CaptionDataset images(int n) {
        List<CaptionRecord> records = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            records.add(new CaptionRecord(Path.of("img" + i + ".png"), "caption " + i, null, null, "m.csv:" + (i + 2)));
        }
        return CaptionDataset.of(records);
    }

    private static List<Integer> numbers(List<CaptionDataset.Item> items) {
        return items.stream().map(i -> Integer.parseInt(i.image().toString().replaceAll("\\D", ""))).toList();
    }

    @Test
    void aFileWithoutSplitsGetsTheSameFixedSplitAsEver() {
        // What CaptionsTask produced before the split moved here (Collections.shuffle, new Random(0)):
        // a change would silently move images between splits of finished experiments.
        CaptionSplits splits = CaptionSplits.of(images(23));
        assertEquals(List.of(14, 17), numbers(splits.validation()));
        assertEquals(List.of(20, 0), numbers(splits.test()));
        assertEquals(List.of(15, 21, 12, 19, 22, 18, 13, 5, 3, 16, 9, 1, 2, 11, 10, 7, 4, 6, 8),
                numbers(splits.train()));
    }

    @Test
    void theFixedSplitHoldsOutATenthTwiceAndAtLeastOneValidationImage() {
        for (int n : new int[] {1, 2, 5, 10, 19, 20, 101}) {
            CaptionSplits splits = CaptionSplits.of(images(n));
            int held = Math.max(1, n / 10);
            assertEquals(held, splits.validation().size(), "validation of " + n);
            assertEquals(Math.min(held, n - held), splits.test().size(), "test of " + n);
            assertEquals(n - held - splits.test().size(), splits.train().size(), "train of " + n);
            List<Integer> all = new ArrayList<>(numbers(splits.train()));
            all.addAll(numbers(splits.validation()));
            all.addAll(numbers(splits.test()));
            assertEquals(IntStream.range(0, n).boxed().toList(), all.stream().sorted().toList(),
                    "every image in exactly one split, n = " + n);
        }
    }

    @Test
    void theFilesSplitFieldDecidesAndImagesWithoutOneTrain() {
        CaptionDataset data = CaptionDataset.of(List.of(
                new CaptionRecord(Path.of("img0.png"), "a", null, null, "m.csv:2"),
                new CaptionRecord(Path.of("img1.png"), "b", null, "test", "m.csv:3"),
                new CaptionRecord(Path.of("img2.png"), "c", null, "restval", "m.csv:4"),
                new CaptionRecord(Path.of("img3.png"), "d", null, "validation", "m.csv:5"),
                new CaptionRecord(Path.of("img4.png"), "e", null, "train", "m.csv:6")));
        CaptionSplits splits = CaptionSplits.of(data);
        assertEquals(List.of(2, 4, 0), numbers(splits.train()), "train, then the images without a split");
        assertEquals(List.of(3), numbers(splits.validation()));
        assertEquals(List.of(1), numbers(splits.test()));
    }

    @Test
    void theSplitsCannotBeChangedAfterwards() {
        CaptionSplits splits = CaptionSplits.of(images(10));
        assertThrows(UnsupportedOperationException.class, () -> splits.train().clear());
    }
}
