package io.github.setclip.data.batch;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Plans mixed paired/unpaired batches over {@link SemiPairedPools}: every batch has {@code N} rows
 * per modality, the first {@code M} matched pairs and the other {@code U = N - M} drawn from the
 * unpaired S and T pools independently of each other.
 *
 * <p><b>Streams.</b> The paired pool, the S pool and the T pool are each read as an endless stream
 * of fresh permutations of the pool ("cycles"), each permutation from its own random stream, so the
 * S rows and the T rows of a batch never share an order. A batch takes the next {@code M}, {@code
 * U} and {@code U} items of the three streams. When a draw crosses into a new cycle, items already
 * in the batch are moved to the end of the new permutation, so a batch repeats no item of a pool
 * unless the pool is smaller than the rows it feeds ({@code M > P} or {@code U > |S|}); a smaller
 * pool simply cycles, and then a batch holds repeats (for pairs that means duplicate positives in
 * the contrastive term; prefer {@code M <= P}).
 *
 * <p><b>Epochs.</b> An epoch is the smallest number of full batches in which every item of every
 * pool feeding rows is drawn at least once: {@code max(ceil(P / M), ceil(|S| / U), ceil(|T| / U))}
 * steps, ignoring a pool whose row count is 0. Batches are always full (no short last batch), so a
 * few items are drawn twice per epoch. Every epoch restarts all three streams from new
 * permutations: the plans of epoch {@code e} are a pure function of (pools, N, M, seed, e). To resume
 * a killed run at (epoch e, step k), call {@code plans(e).subList(k, stepsPerEpoch())}.
 *
 * <p><b>Edge cases.</b> {@code M = 0}: no pairs, all rows unpaired (the paired pool may be empty).
 * {@code M = N}: plain paired data, the unpaired pools may be empty.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class MixedBatchSampler {

    private static final long STREAM_PAIRED = 11;
    private static final long STREAM_S = 12;
    private static final long STREAM_T = 13;

    private final SemiPairedPools pools;
    private final int batchSize;
    private final int pairedPerBatch;
    private final long seed;
    private final int stepsPerEpoch;

    private MixedBatchSampler(SemiPairedPools pools, int batchSize, int pairedPerBatch, long seed) {
        this.pools = pools;
        this.batchSize = batchSize;
        this.pairedPerBatch = pairedPerBatch;
        this.seed = seed;
        int unpaired = batchSize - pairedPerBatch;
        long steps = 1;
        if (pairedPerBatch > 0) {
            steps = Math.max(steps, ceilDiv(pools.numPaired(), pairedPerBatch));
        }
        if (unpaired > 0) {
            steps = Math.max(steps, ceilDiv(pools.numUnpairedS(), unpaired));
            steps = Math.max(steps, ceilDiv(pools.numUnpairedT(), unpaired));
        }
        this.stepsPerEpoch = (int) steps;
    }

    /** A builder for a sampler. */
    public static Builder builder() {
        return new Builder();
    }

    /** {@code N}, rows per modality in every batch. */
    public int batchSize() {
        return batchSize;
    }

    /** {@code M}, matched rows in every batch. */
    public int pairedPerBatch() {
        return pairedPerBatch;
    }

    /** {@code N - M}, unpaired rows per modality in every batch. */
    public int unpairedPerBatch() {
        return batchSize - pairedPerBatch;
    }

    /** The seed all plans derive from. */
    public long seed() {
        return seed;
    }

    /** The pools the plans draw from. */
    public SemiPairedPools pools() {
        return pools;
    }

    /** Number of batches in every epoch (see the class documentation). */
    public int stepsPerEpoch() {
        return stepsPerEpoch;
    }

    /**
     * All batch plans of one epoch, in order; a pure function of the configuration and {@code epoch}.
     *
     * @param epoch the epoch, from 0
     * @return an unmodifiable list of {@link #stepsPerEpoch()} plans
     */
    public List<MixedBatchPlan> plans(int epoch) {
        checkEpoch(epoch);
        int unpaired = unpairedPerBatch();
        CyclingStream pairedStream = new CyclingStream(pools.pairedView(), seed, epoch, STREAM_PAIRED);
        CyclingStream sStream = new CyclingStream(pools.unpairedSView(), seed, epoch, STREAM_S);
        CyclingStream tStream = new CyclingStream(pools.unpairedTView(), seed, epoch, STREAM_T);
        List<MixedBatchPlan> plans = new ArrayList<>(stepsPerEpoch);
        for (int step = 0; step < stepsPerEpoch; step++) {
            plans.add(new MixedBatchPlan(epoch, step,
                    pairedStream.next(pairedPerBatch), sStream.next(unpaired), tStream.next(unpaired)));
        }
        return Collections.unmodifiableList(plans);
    }

    /**
     * One batch plan; equal to {@code plans(epoch).get(step)} (and as costly: it replays the epoch).
     *
     * @throws IllegalArgumentException if {@code epoch < 0} or {@code step} is outside the epoch
     */
    public MixedBatchPlan plan(int epoch, int step) {
        checkEpoch(epoch);
        if (step < 0 || step >= stepsPerEpoch) {
            throw new IllegalArgumentException(
                    "step must be in [0, stepsPerEpoch=" + stepsPerEpoch + "), got " + step);
        }
        return plans(epoch).get(step);
    }

    @Override
    public String toString() {
        return "MixedBatchSampler{batchSize=" + batchSize + ", pairedPerBatch=" + pairedPerBatch
                + ", seed=" + seed + ", stepsPerEpoch=" + stepsPerEpoch + ", pools=" + pools + '}';
    }

    private static void checkEpoch(int epoch) {
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must be >= 0, got " + epoch);
        }
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }

    /** An endless stream of fresh permutations of one pool. */
    static final class CyclingStream {

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

        /** The next {@code count} items; distinct whenever the pool holds at least {@code count} items. */
        int[] next(int count) {
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

    /** Configures a {@link MixedBatchSampler}. */
    public static final class Builder {

        private SemiPairedPools pools;
        private int batchSize = -1;
        private int pairedPerBatch;
        private boolean pairedPerBatchSet;
        private double pairedFraction = Double.NaN;
        private long seed;

        private Builder() {}

        /** The pools to draw from; required. */
        public Builder setPools(SemiPairedPools pools) {
            this.pools = pools;
            return this;
        }

        /** {@code N}, rows per modality in every batch; required, at least 2 (MMD and SDD need 2 rows). */
        public Builder setBatchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /** {@code M}, matched rows per batch, in [0, N]. Set this, or the fraction, or neither. */
        public Builder optPairedPerBatch(int pairedPerBatch) {
            this.pairedPerBatch = pairedPerBatch;
            this.pairedPerBatchSet = true;
            return this;
        }

        /**
         * Share of matched rows per batch in [0, 1]; {@code M = round(f * N)}. Without this or
         * {@link #optPairedPerBatch(int)}, {@code M = round(N * pools.pairedFraction())}, kept at
         * least 1 when pairs exist and at most {@code N - 1} when unpaired items exist, so that no
         * pool is silently ignored.
         */
        public Builder optPairedFraction(double pairedFraction) {
            this.pairedFraction = pairedFraction;
            return this;
        }

        /** Seed of every plan; default 0. */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Builds the sampler.
         *
         * @throws IllegalArgumentException if an argument is missing or out of range, or a pool that
         *     must feed rows is empty
         */
        public MixedBatchSampler build() {
            if (pools == null) {
                throw new IllegalArgumentException("pools must be set");
            }
            if (batchSize < 2) {
                throw new IllegalArgumentException(
                        "batchSize must be >= 2 (MMD and SDD need two rows per modality), got " + batchSize);
            }
            boolean hasCount = pairedPerBatchSet;
            boolean hasFraction = !Double.isNaN(pairedFraction);
            if (hasCount && hasFraction) {
                throw new IllegalArgumentException("set at most one of pairedPerBatch (" + pairedPerBatch
                        + ") and pairedFraction (" + pairedFraction + ")");
            }
            int m;
            if (hasCount) {
                if (pairedPerBatch < 0 || pairedPerBatch > batchSize) {
                    throw new IllegalArgumentException("pairedPerBatch must be in [0, batchSize=" + batchSize
                            + "], got " + pairedPerBatch);
                }
                m = pairedPerBatch;
            } else if (hasFraction) {
                if (!(pairedFraction >= 0 && pairedFraction <= 1)) {
                    throw new IllegalArgumentException("pairedFraction must be in [0, 1], got " + pairedFraction);
                }
                m = (int) Math.round(pairedFraction * batchSize);
            } else {
                m = (int) Math.round(batchSize * pools.pairedFraction());
                if (pools.numPaired() > 0) {
                    m = Math.max(m, 1);
                }
                if (pools.numUnpairedS() > 0 && pools.numUnpairedT() > 0) {
                    m = Math.min(m, batchSize - 1);
                }
            }
            if (m > 0 && pools.numPaired() == 0) {
                throw new IllegalArgumentException(
                        "pairedPerBatch=" + m + " but the pools hold no paired items; use pairedPerBatch=0");
            }
            int unpaired = batchSize - m;
            if (unpaired > 0 && (pools.numUnpairedS() == 0 || pools.numUnpairedT() == 0)) {
                throw new IllegalArgumentException("each batch needs " + unpaired
                        + " unpaired rows per modality (batchSize=" + batchSize + ", pairedPerBatch=" + m
                        + ") but the unpaired pools hold S=" + pools.numUnpairedS() + ", T="
                        + pools.numUnpairedT() + " items; use pairedPerBatch=batchSize for paired-only data");
            }
            return new MixedBatchSampler(pools, batchSize, m, seed);
        }
    }
}
