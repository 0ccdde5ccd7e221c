package io.github.setclip.data.batch;

import java.util.HashSet;
import java.util.Set;

/**
 * An endless stream of permutations of one pool that runs on across epochs, read in batches of a
 * fixed size {@code U}: batch {@code b} is the items at stream positions {@code [b U, (b + 1) U)}.
 * The item at any position is a pure function of (pool, seed, stream id, U, position), so a resumed
 * run can start reading anywhere ({@link #from(long)}) without replaying what came before.
 *
 * <p>Cycle {@code c} (positions {@code [c L, (c + 1) L)} of a pool of {@code L} items) is the
 * pool shuffled by the stream {@code (seed, streamId, c)}, with one correction: when a batch
 * straddles cycles {@code c - 1} and {@code c}, having taken the last {@code k = c L mod U} items
 * of cycle {@code c - 1}, those {@code k} items are moved (in order) behind the other items of the
 * first {@code U} positions of cycle {@code c}. So a batch repeats no item when {@code L >= U}, and
 * every cycle is still a permutation: any {@code L} consecutive positions starting at a cycle
 * boundary hold every item exactly once. When {@code L < U} batches simply hold repeats.
 *
 * <p>The correction touches only the first {@code U} positions of a cycle, so the items it needs
 * from cycle {@code c - 1} are that cycle's uncorrected tail whenever {@code L - k >= U} (always
 * when {@code L >= 2U}); for smaller pools the cycles are replayed from the last one that needs no
 * correction, at most {@code U} cycles of fewer than {@code 2U} items.
 */
final class ContinuingStream {

    private final int[] pool;
    private final long seed;
    private final long streamId;
    private final int batch;

    /**
     * @param pool the items, non-empty
     * @param batch {@code U}, the items every draw takes, at least 1
     */
    ContinuingStream(int[] pool, long seed, long streamId, int batch) {
        if (pool.length == 0) {
            throw new IllegalStateException("cannot draw from an empty pool");
        }
        this.pool = pool;
        this.seed = seed;
        this.streamId = streamId;
        this.batch = batch;
    }

    /**
     * A reader starting at stream position {@code position}, a multiple of {@code U}; each {@code
     * next(U)} returns the next batch.
     */
    ItemStream from(long position) {
        return new Reader(position);
    }

    /** The corrected permutation of cycle {@code c}. */
    int[] cycle(long c) {
        long start = c;
        while (!selfContained(start)) {
            start--;
        }
        int[] current = raw(start);
        if (corrected(start)) {
            current = correct(current, raw(start - 1), taken(start));
        }
        for (long d = start + 1; d <= c; d++) {
            current = following(current, d);
        }
        return current;
    }

    /** Cycle {@code c}, given the corrected cycle {@code c - 1}. */
    private int[] following(int[] previous, long c) {
        int[] next = raw(c);
        return corrected(c) ? correct(next, previous, taken(c)) : next;
    }

    private int[] raw(long c) {
        int[] items = pool.clone();
        SeedStreams.shuffle(items, SeedStreams.stream(seed, streamId, c));
        return items;
    }

    /** Items of cycle {@code c - 1} in the batch that straddles into cycle {@code c}. */
    private int taken(long c) {
        return (int) Math.floorMod(c * pool.length, (long) batch);
    }

    private boolean corrected(long c) {
        return c > 0 && pool.length >= batch && taken(c) > 0;
    }

    /** Whether cycle {@code c} follows from uncorrected permutations alone. */
    private boolean selfContained(long c) {
        return !corrected(c) || pool.length - taken(c) >= batch;
    }

    /** Moves the last {@code k} items of {@code previous} behind the rest of the first U positions. */
    private int[] correct(int[] permutation, int[] previous, int k) {
        Set<Integer> taken = new HashSet<>();
        for (int i = previous.length - k; i < previous.length; i++) {
            taken.add(previous[i]);
        }
        int window = Math.min(batch, permutation.length);
        int[] out = permutation.clone();
        int front = 0;
        for (int i = 0; i < window; i++) {
            if (!taken.contains(permutation[i])) {
                out[front++] = permutation[i];
            }
        }
        for (int i = 0; i < window; i++) {
            if (taken.contains(permutation[i])) {
                out[front++] = permutation[i];
            }
        }
        return out;
    }

    /** Reads the stream forward from a position, one cycle in memory. */
    private final class Reader implements ItemStream {

        private long cycleIndex;
        private int[] permutation;
        private int offset;

        Reader(long position) {
            cycleIndex = position / pool.length;
            offset = (int) (position % pool.length);
            permutation = cycle(cycleIndex);
        }

        @Override
        public int[] next(int count) {
            int[] out = new int[count];
            int filled = 0;
            while (filled < count) {
                if (offset == permutation.length) {
                    permutation = following(permutation, ++cycleIndex);
                    offset = 0;
                }
                int take = Math.min(count - filled, permutation.length - offset);
                System.arraycopy(permutation, offset, out, filled, take);
                offset += take;
                filled += take;
            }
            return out;
        }
    }
}
