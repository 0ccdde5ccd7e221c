package io.github.setclip.data.batch;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.IntStream;

/**
 * Unpaired rows drawn from the same few groups on both sides. For each batch, with a generator
 * seeded by (seed, epoch, step): groups are picked one after another, each time with probability
 * proportional to its number of unpaired S plus T items among the groups not yet picked (so an
 * item's chance of being drawn depends little on its group's size), until the picked groups hold
 * at least {@code U} unpaired S items and at least {@code U} unpaired T items; then {@code U} S rows
 * and {@code U} T rows are drawn uniformly without repeats from those groups' items (with repeats
 * only when all eligible groups together hold fewer than {@code U} items of a side).
 *
 * <p>Eligible groups are those holding both unpaired S and unpaired T items; the draws are
 * independent from batch to batch, so coverage of the items is uniform only in expectation.
 */
final class GroupedRows implements UnpairedRows {

    private final Table table;
    private final int count;
    private final long seed;
    private final long epoch;
    private final long streamId;

    GroupedRows(Table table, int count, long seed, long epoch, long streamId) {
        this.table = table;
        this.count = count;
        this.seed = seed;
        this.epoch = epoch;
        this.streamId = streamId;
    }

    @Override
    public Rows next(int step) {
        Random random = SeedStreams.stream(seed, epoch, streamId, step);
        Race race = table.race(random);
        List<Integer> picked = new ArrayList<>();
        int s = 0;
        int t = 0;
        while (race.hasNext() && (s < count || t < count)) {
            int g = race.next();
            picked.add(g);
            s += table.sItems[g].length;
            t += table.tItems[g].length;
        }
        int[] groups = new int[picked.size()];
        int[][] sParts = new int[picked.size()][];
        int[][] tParts = new int[picked.size()][];
        for (int k = 0; k < groups.length; k++) {
            groups[k] = table.ids[picked.get(k)];
            sParts[k] = table.sItems[picked.get(k)];
            tParts[k] = table.tItems[picked.get(k)];
        }
        return new Rows(sample(concat(sParts, s), random), sample(concat(tParts, t), random), groups);
    }

    /** {@code count} items of {@code pool}, distinct while the pool lasts (partial Fisher-Yates). */
    private int[] sample(int[] pool, Random random) {
        int[] out = new int[count];
        int filled = 0;
        while (filled < count) {
            int take = Math.min(count - filled, pool.length);
            for (int i = 0; i < take; i++) {
                int j = i + random.nextInt(pool.length - i);
                int tmp = pool[i];
                pool[i] = pool[j];
                pool[j] = tmp;
                out[filled + i] = pool[i];
            }
            filled += take;
        }
        return out;
    }

    private static int[] concat(int[][] parts, int size) {
        int[] all = new int[size];
        int at = 0;
        for (int[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }

    /** The eligible groups of some pools and their unpaired items, built once per sampler. */
    static final class Table {

        private final int[] ids;
        private final int[][] sItems;
        private final int[][] tItems;
        private final int numS;
        private final int numT;

        private Table(int[] ids, int[][] sItems, int[][] tItems) {
            this.ids = ids;
            this.sItems = sItems;
            this.tItems = tItems;
            this.numS = IntStream.range(0, ids.length).map(g -> sItems[g].length).sum();
            this.numT = IntStream.range(0, ids.length).map(g -> tItems[g].length).sum();
        }

        /** The groups of the pools' unpaired items that hold both S and T items, by ascending id. */
        static Table of(SemiPairedPools pools) {
            Map<Integer, List<Integer>> s = byGroup(pools.unpairedSView(), pools::groupOfS);
            Map<Integer, List<Integer>> t = byGroup(pools.unpairedTView(), pools::groupOfT);
            s.keySet().retainAll(t.keySet());
            int[] ids = s.keySet().stream().mapToInt(Integer::intValue).toArray();
            int[][] sItems = new int[ids.length][];
            int[][] tItems = new int[ids.length][];
            for (int g = 0; g < ids.length; g++) {
                sItems[g] = s.get(ids[g]).stream().mapToInt(Integer::intValue).toArray();
                tItems[g] = t.get(ids[g]).stream().mapToInt(Integer::intValue).toArray();
            }
            return new Table(ids, sItems, tItems);
        }

        private static Map<Integer, List<Integer>> byGroup(int[] pool, java.util.function.IntUnaryOperator group) {
            Map<Integer, List<Integer>> groups = new TreeMap<>();
            for (int item : pool) {
                int g = group.applyAsInt(item);
                if (g >= 0) {
                    groups.computeIfAbsent(g, k -> new ArrayList<>()).add(item);
                }
            }
            return groups;
        }

        /** Number of eligible groups. */
        int numGroups() {
            return ids.length;
        }

        /** Unpaired S items in eligible groups. */
        int numS() {
            return numS;
        }

        /** Unpaired T items in eligible groups. */
        int numT() {
            return numT;
        }

        /**
         * The eligible groups (as table positions) in a random order that picks each next group with
         * probability proportional to its item count among those left: an exponential race, each
         * group finishing after an exponential time of rate equal to its count, earliest first.
         */
        Race race(Random random) {
            double[] keys = new double[ids.length];
            for (int g = 0; g < ids.length; g++) {
                keys[g] = -Math.log(1 - random.nextDouble()) / (sItems[g].length + tItems[g].length);
            }
            return new Race(keys);
        }
    }

    /** Indices by ascending key, produced lazily from a binary min-heap (only the picked few are sorted). */
    private static final class Race {

        private final double[] keys;
        private final int[] heap;
        private int size;

        Race(double[] keys) {
            this.keys = keys;
            this.heap = IntStream.range(0, keys.length).toArray();
            this.size = keys.length;
            for (int i = size / 2 - 1; i >= 0; i--) {
                siftDown(i);
            }
        }

        boolean hasNext() {
            return size > 0;
        }

        int next() {
            int top = heap[0];
            heap[0] = heap[--size];
            siftDown(0);
            return top;
        }

        private void siftDown(int i) {
            while (true) {
                int smallest = i;
                int left = 2 * i + 1;
                int right = left + 1;
                if (left < size && keys[heap[left]] < keys[heap[smallest]]) {
                    smallest = left;
                }
                if (right < size && keys[heap[right]] < keys[heap[smallest]]) {
                    smallest = right;
                }
                if (smallest == i) {
                    return;
                }
                int tmp = heap[i];
                heap[i] = heap[smallest];
                heap[smallest] = tmp;
                i = smallest;
            }
        }
    }
}
