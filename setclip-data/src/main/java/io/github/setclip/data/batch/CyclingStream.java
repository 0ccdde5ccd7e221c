package io.github.setclip.data.batch;

import java.util.HashSet;
import java.util.Set;

/**
 * An endless stream of fresh permutations ("cycles") of one pool, restarted for every epoch: cycle
 * {@code c} of epoch {@code e} is shuffled by the stream {@code (seed, e, streamId, c)}. When a draw
 * crosses into a new cycle, the items already in the batch are moved to the end of the new
 * permutation, so a batch repeats no item unless the pool is smaller than the batch.
 */
final class CyclingStream implements ItemStream {

    private final int[] pool;
    private final long seed;
    private final long epoch;
    private final long streamId;
    private int[] permutation = new int[0];
    private int position;
    private long cycle;

    CyclingStream(int[] pool, long seed, long epoch, long streamId) {
        this.pool = pool;
        this.seed = seed;
        this.epoch = epoch;
        this.streamId = streamId;
    }

    @Override
    public int[] next(int count) {
        int[] out = new int[count];
        int filled = 0;
        while (filled < count) {
            if (position == permutation.length) {
                startCycle(out, filled, count);
            }
            int take = Math.min(count - filled, permutation.length - position);
            System.arraycopy(permutation, position, out, filled, take);
            position += take;
            filled += take;
        }
        return out;
    }

    private void startCycle(int[] batch, int filled, int count) {
        if (pool.length == 0) {
            throw new IllegalStateException("cannot draw from an empty pool");
        }
        int[] next = pool.clone();
        SeedStreams.shuffle(next, SeedStreams.stream(seed, epoch, streamId, cycle++));
        if (filled > 0 && pool.length >= count) {
            // Stable partition: items already in this batch go to the end of the new cycle.
            Set<Integer> taken = new HashSet<>();
            for (int i = 0; i < filled; i++) {
                taken.add(batch[i]);
            }
            int[] reordered = new int[next.length];
            int front = 0;
            for (int item : next) {
                if (!taken.contains(item)) {
                    reordered[front++] = item;
                }
            }
            for (int item : next) {
                if (taken.contains(item)) {
                    reordered[front++] = item;
                }
            }
            next = reordered;
        }
        permutation = next;
        position = 0;
    }
}
