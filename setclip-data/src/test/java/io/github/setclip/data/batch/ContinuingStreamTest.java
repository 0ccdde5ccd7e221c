package io.github.setclip.data.batch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ContinuingStreamTest {

    @ParameterizedTest(name = "pool {0}, U={1}")
    @CsvSource({"100, 7", "20, 7", "13, 8", "9, 8", "8, 8", "5, 8", "1, 3", "30, 16"})
    void readingFromAnyBatchGivesWhatReadingFromTheStartGives(int poolSize, int u) {
        ContinuingStream stream = new ContinuingStream(IntStream.range(0, poolSize).toArray(), 5, 22, u);
        ItemStream sequential = stream.from(0);
        List<int[]> batches = new ArrayList<>();
        for (int b = 0; b < 60; b++) {
            batches.add(sequential.next(u));
        }
        for (int b = 0; b < batches.size(); b++) {
            assertArrayEquals(batches.get(b), stream.from((long) b * u).next(u), "batch " + b);
        }
    }

    @ParameterizedTest(name = "pool {0}, U={1}")
    @CsvSource({"100, 7", "20, 7", "13, 8", "9, 8", "8, 8", "30, 16"})
    void everyCycleIsAPermutationAndNoBatchRepeatsAnItem(int poolSize, int u) {
        ContinuingStream stream = new ContinuingStream(IntStream.range(0, poolSize).toArray(), 1, 22, u);
        ItemStream reader = stream.from(0);
        List<Integer> drawn = new ArrayList<>();
        for (int b = 0; b < 50; b++) {
            int[] batch = reader.next(u);
            Set<Integer> distinct = new HashSet<>();
            for (int item : batch) {
                distinct.add(item);
                drawn.add(item);
            }
            assertEquals(u, distinct.size(), "batch " + b + " repeats an item");
        }
        for (int c = 0; (c + 1) * poolSize <= drawn.size(); c++) {
            assertEquals(poolSize, new HashSet<>(drawn.subList(c * poolSize, (c + 1) * poolSize)).size(),
                    "cycle " + c);
            List<Integer> cycle = new ArrayList<>();
            for (int item : stream.cycle(c)) {
                cycle.add(item);
            }
            assertEquals(cycle, drawn.subList(c * poolSize, (c + 1) * poolSize));
        }
    }
}
