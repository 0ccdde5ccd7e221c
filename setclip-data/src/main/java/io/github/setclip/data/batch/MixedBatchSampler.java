package io.github.setclip.data.batch;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Plans mixed paired/unpaired batches over {@link SemiPairedPools}: every batch has {@code N = M +
 * U} rows per modality, the first {@code M} matched pairs and the other {@code U} unpaired (the
 * layout is {@link MixedBatchPlan}'s).
 *
 * <p><b>Composition</b> ({@link Builder#optComposition(BatchComposition)}). {@link
 * BatchComposition#PROPORTIONAL} (default, the paper's batch): {@code N} is set and {@code M} is a
 * share of it. {@link BatchComposition#ADDITIVE}: {@code M} and {@code U} are set independently.
 *
 * <p><b>Unpaired sets</b> ({@link Builder#optUnpairedSets(UnpairedSets)}). {@link
 * UnpairedSets#INDEPENDENT} (default): the unpaired S and T rows come from their own streams, as
 * described below. {@link UnpairedSets#ALIGNED}: one stream over the pools' hidden pairs feeds both
 * sides ({@link AlignedRows}); where the text below says "the S pool and the T pool", read "the
 * hidden pairs" ({@code H} of them). {@link UnpairedSets#GROUPED}: each batch draws both sides from
 * a few random groups ({@link GroupedRows}), with no stream; epochs count the unpaired items of
 * eligible groups as {@code |S|} and {@code |T|}.
 *
 * <p><b>Streams.</b> The paired pool, the S pool and the T pool are each read as an endless stream
 * of fresh permutations of the pool ("cycles"), each permutation from its own random stream, so the
 * S rows and the T rows of a batch never share an order. A batch takes the next {@code M}, {@code
 * U} and {@code U} items of the three streams. When a draw crosses into a new cycle, items already
 * in the batch are moved behind the others, so a batch repeats no item of a pool unless the pool is
 * smaller than the rows it feeds ({@code M > P} or {@code U > |S|}); a smaller pool simply cycles,
 * and then a batch holds repeats (for pairs that means duplicate positives in the contrastive term;
 * prefer {@code M <= P}).
 *
 * <p><b>Epochs.</b> Batches are always full (no short last batch), so a few items are drawn twice
 * per epoch.
 *
 * <ul>
 *   <li>PROPORTIONAL: an epoch is the smallest number of full batches in which every item of every
 *       pool feeding rows is drawn at least once: {@code max(ceil(P / M), ceil(|S| / U), ceil(|T| /
 *       U))} steps, ignoring a pool whose row count is 0. Every epoch restarts all three streams
 *       from new permutations.
 *   <li>ADDITIVE: an epoch is one pass over the paired pool, {@code ceil(P / M)} steps (if {@code M
 *       = 0}, one pass over the larger unpaired pool, {@code ceil(max(|S|, |T|) / U)} steps). The
 *       paired stream restarts every epoch; the unpaired streams run on across epochs (epoch {@code
 *       e} starts at position {@code e * stepsPerEpoch * U} of each, see {@link ContinuingStream}),
 *       so an unpaired pool larger than an epoch's {@code U} draws is covered over successive
 *       epochs, every item once per cycle of the stream.
 * </ul>
 *
 * <p>Either way the plans of epoch {@code e} are a pure function of (pools, composition, unpaired
 * sets, M, U, seed, e). To resume a killed run at (epoch e, step k), call {@code plans(e).subList(k,
 * stepsPerEpoch())}.
 *
 * <p><b>Edge cases.</b> {@code M = 0}: no pairs, all rows unpaired (the paired pool may be empty).
 * {@code U = 0}: plain paired data, the unpaired pools may be empty.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class MixedBatchSampler {

    private static final long STREAM_PAIRED = 11;
    private static final long STREAM_S = 12;
    private static final long STREAM_T = 13;
    private static final long STREAM_S_CONTINUING = 22;
    private static final long STREAM_T_CONTINUING = 23;
    private static final long STREAM_HIDDEN = 14;
    private static final long STREAM_HIDDEN_CONTINUING = 24;
    private static final long STREAM_ALIGNED_ORDER = 15;
    private static final long STREAM_GROUPS = 16;

    private static final ItemStream NOTHING = count -> new int[0];

    private final SemiPairedPools pools;
    private final BatchComposition composition;
    private final UnpairedSets unpairedSets;
    private final GroupedRows.Table groups;
    private final int pairedPerBatch;
    private final int unpairedPerBatch;
    private final long seed;
    private final int stepsPerEpoch;

    private MixedBatchSampler(SemiPairedPools pools, BatchComposition composition, UnpairedSets unpairedSets,
            GroupedRows.Table groups, int pairedPerBatch, int unpairedPerBatch, long seed) {
        this.pools = pools;
        this.composition = composition;
        this.unpairedSets = unpairedSets;
        this.groups = groups;
        this.pairedPerBatch = pairedPerBatch;
        this.unpairedPerBatch = unpairedPerBatch;
        this.seed = seed;
        this.stepsPerEpoch = (int) steps();
    }

    private long steps() {
        int p = pools.numPaired();
        int s = unpairedPerBatch == 0 ? 0 : switch (unpairedSets) {
            case INDEPENDENT -> pools.numUnpairedS();
            case ALIGNED -> pools.numHiddenPairs();
            case GROUPED -> groups.numS();
        };
        int t = unpairedPerBatch == 0 ? 0 : switch (unpairedSets) {
            case INDEPENDENT -> pools.numUnpairedT();
            case ALIGNED -> pools.numHiddenPairs();
            case GROUPED -> groups.numT();
        };
        int m = pairedPerBatch;
        int u = unpairedPerBatch;
        long steps = 1;
        if (composition == BatchComposition.ADDITIVE) {
            return Math.max(steps, m > 0 ? ceilDiv(p, m) : ceilDiv(Math.max(s, t), u));
        }
        if (m > 0) {
            steps = Math.max(steps, ceilDiv(p, m));
        }
        if (u > 0) {
            steps = Math.max(steps, ceilDiv(s, u));
            steps = Math.max(steps, ceilDiv(t, u));
        }
        return steps;
    }

    /** A builder for a sampler. */
    public static Builder builder() {
        return new Builder();
    }

    /** {@code N = M + U}, rows per modality in every batch. */
    public int batchSize() {
        return pairedPerBatch + unpairedPerBatch;
    }

    /** {@code M}, matched rows in every batch. */
    public int pairedPerBatch() {
        return pairedPerBatch;
    }

    /** {@code U = N - M}, unpaired rows per modality in every batch. */
    public int unpairedPerBatch() {
        return unpairedPerBatch;
    }

    /** How {@code M} and {@code U} were set, and so what an epoch is. */
    public BatchComposition composition() {
        return composition;
    }

    /** How the unpaired S rows and T rows of a batch relate. */
    public UnpairedSets unpairedSets() {
        return unpairedSets;
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
        ItemStream paired = new CyclingStream(pools.pairedView(), seed, epoch, STREAM_PAIRED);
        UnpairedRows unpaired = unpairedRows(epoch);
        List<MixedBatchPlan> plans = new ArrayList<>(stepsPerEpoch);
        for (int step = 0; step < stepsPerEpoch; step++) {
            int[] pairs = paired.next(pairedPerBatch);
            UnpairedRows.Rows rows = unpaired.next(step);
            plans.add(new MixedBatchPlan(epoch, step, pairs, rows.s(), rows.t(), rows.groups()));
        }
        return Collections.unmodifiableList(plans);
    }

    private UnpairedRows unpairedRows(int epoch) {
        if (unpairedPerBatch == 0) {
            return UnpairedRows.independent(NOTHING, NOTHING, 0);
        }
        return switch (unpairedSets) {
            case INDEPENDENT -> UnpairedRows.independent(
                    unpairedStream(pools.unpairedSView(), epoch, STREAM_S, STREAM_S_CONTINUING),
                    unpairedStream(pools.unpairedTView(), epoch, STREAM_T, STREAM_T_CONTINUING),
                    unpairedPerBatch);
            case ALIGNED -> new AlignedRows(
                    unpairedStream(IntStream.range(0, pools.numHiddenPairs()).toArray(), epoch, STREAM_HIDDEN,
                            STREAM_HIDDEN_CONTINUING),
                    pools.hiddenSView(), pools.hiddenTView(), unpairedPerBatch, seed, epoch, STREAM_ALIGNED_ORDER);
            case GROUPED -> new GroupedRows(groups, unpairedPerBatch, seed, epoch, STREAM_GROUPS);
        };
    }

    /** The stream of one unpaired pool for an epoch: restarted (PROPORTIONAL) or continued (ADDITIVE). */
    private ItemStream unpairedStream(int[] pool, int epoch, long restartedId, long continuingId) {
        if (composition == BatchComposition.PROPORTIONAL) {
            return new CyclingStream(pool, seed, epoch, restartedId);
        }
        long start = (long) epoch * stepsPerEpoch * unpairedPerBatch;
        return new ContinuingStream(pool, seed, continuingId, unpairedPerBatch).from(start);
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
        return "MixedBatchSampler{composition=" + composition + ", unpairedSets=" + unpairedSets
                + ", batchSize=" + batchSize()
                + ", pairedPerBatch=" + pairedPerBatch + ", seed=" + seed + ", stepsPerEpoch="
                + stepsPerEpoch + ", pools=" + pools + '}';
    }

    private static void checkEpoch(int epoch) {
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must be >= 0, got " + epoch);
        }
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }

    /** Configures a {@link MixedBatchSampler}. */
    public static final class Builder {

        private SemiPairedPools pools;
        private BatchComposition composition = BatchComposition.PROPORTIONAL;
        private UnpairedSets unpairedSets = UnpairedSets.INDEPENDENT;
        private int batchSize = -1;
        private boolean batchSizeSet;
        private int pairedPerBatch;
        private boolean pairedPerBatchSet;
        private int unpairedPerBatch;
        private boolean unpairedPerBatchSet;
        private double pairedFraction = Double.NaN;
        private long seed;

        private Builder() {}

        /** The pools to draw from; required. */
        public Builder setPools(SemiPairedPools pools) {
            this.pools = pools;
            return this;
        }

        /**
         * How the batch is composed; default {@link BatchComposition#PROPORTIONAL}. PROPORTIONAL
         * takes {@link #setBatchSize(int)} and optionally {@code M} or its fraction; ADDITIVE takes
         * {@link #optPairedPerBatch(int)} and {@link #optUnpairedPerBatch(int)}.
         */
        public Builder optComposition(BatchComposition composition) {
            this.composition = composition;
            return this;
        }

        /**
         * How the unpaired S rows and T rows of a batch relate; default {@link
         * UnpairedSets#INDEPENDENT}. {@code ALIGNED} needs pools with hidden pairs, {@code GROUPED}
         * pools with groups (unless the batch has no unpaired rows).
         */
        public Builder optUnpairedSets(UnpairedSets unpairedSets) {
            this.unpairedSets = unpairedSets;
            return this;
        }

        /**
         * {@code N}, rows per modality in every batch, at least 2 (MMD and SDD need 2 rows).
         * Required for PROPORTIONAL batches; for ADDITIVE ones it may be left unset, and if set must
         * equal {@code M + U}.
         */
        public Builder setBatchSize(int batchSize) {
            this.batchSize = batchSize;
            this.batchSizeSet = true;
            return this;
        }

        /**
         * {@code M}, matched rows per batch. PROPORTIONAL: in [0, N]; set this, or the fraction, or
         * neither. ADDITIVE: required, at least 0. {@code M > P} is allowed: the paired pool then
         * cycles and a batch holds repeated pairs.
         */
        public Builder optPairedPerBatch(int pairedPerBatch) {
            this.pairedPerBatch = pairedPerBatch;
            this.pairedPerBatchSet = true;
            return this;
        }

        /**
         * {@code U}, unpaired rows per modality per batch, at least 0; ADDITIVE batches only (where
         * it is required). {@code U} larger than an unpaired pool is allowed: the pool then cycles
         * and a batch holds repeats.
         */
        public Builder optUnpairedPerBatch(int unpairedPerBatch) {
            this.unpairedPerBatch = unpairedPerBatch;
            this.unpairedPerBatchSet = true;
            return this;
        }

        /**
         * Share of matched rows per batch in [0, 1], PROPORTIONAL batches only; {@code M = round(f *
         * N)}. Without this or {@link #optPairedPerBatch(int)}, {@code M = round(N *
         * pools.pairedFraction())}, kept at least 1 when pairs exist and at most {@code N - 1} when
         * unpaired items exist, so that no pool is silently ignored.
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
         * @throws IllegalArgumentException if an argument is missing, out of range or does not apply
         *     to the composition, or a pool that must feed rows is empty
         */
        public MixedBatchSampler build() {
            if (pools == null) {
                throw new IllegalArgumentException("pools must be set");
            }
            if (composition == null) {
                throw new IllegalArgumentException("composition must not be null");
            }
            if (unpairedSets == null) {
                throw new IllegalArgumentException("unpairedSets must not be null");
            }
            int m;
            int u;
            if (composition == BatchComposition.PROPORTIONAL) {
                m = proportionalPaired();
                u = batchSize - m;
            } else {
                checkAdditive();
                m = pairedPerBatch;
                u = unpairedPerBatch;
            }
            if (m > 0 && pools.numPaired() == 0) {
                throw new IllegalArgumentException(
                        "pairedPerBatch=" + m + " but the pools hold no paired items; use pairedPerBatch=0");
            }
            if (u > 0 && (pools.numUnpairedS() == 0 || pools.numUnpairedT() == 0)) {
                String rows = composition == BatchComposition.PROPORTIONAL
                        ? "(batchSize=" + batchSize + ", pairedPerBatch=" + m + ")"
                        : "(unpairedPerBatch=" + u + ")";
                String hint = composition == BatchComposition.PROPORTIONAL
                        ? "use pairedPerBatch=batchSize" : "use unpairedPerBatch=0";
                throw new IllegalArgumentException("each batch needs " + u + " unpaired rows per modality "
                        + rows + " but the unpaired pools hold S=" + pools.numUnpairedS() + ", T="
                        + pools.numUnpairedT() + " items; " + hint + " for paired-only data");
            }
            GroupedRows.Table groups = unpairedSets == UnpairedSets.GROUPED && pools.hasGroups()
                    ? GroupedRows.Table.of(pools) : null;
            if (u > 0) {
                checkUnpairedSets(groups);
            }
            return new MixedBatchSampler(pools, composition, unpairedSets, groups, m, u, seed);
        }

        /** Checks that the pools know what the unpaired sets need. */
        private void checkUnpairedSets(GroupedRows.Table groups) {
            if (unpairedSets == UnpairedSets.ALIGNED && pools.numHiddenPairs() == 0) {
                throw new IllegalArgumentException("unpairedSets=ALIGNED needs hidden pairs (which unpaired S"
                        + " and T items are the same item) but the pools declare none; pools from"
                        + " SemiPairedPools.builder() without optDisjointUnpaired have them, pools from of(...)"
                        + " need withHiddenPairs(sItems, tItems)");
            }
            if (unpairedSets == UnpairedSets.GROUPED && groups == null) {
                throw new IllegalArgumentException("unpairedSets=GROUPED needs the groups of the unpaired items"
                        + " but the pools have none; declare them with SemiPairedPools.withGroups(groupOfSItem,"
                        + " groupOfTItem)");
            }
            if (unpairedSets == UnpairedSets.GROUPED && groups.numGroups() == 0) {
                throw new IllegalArgumentException("unpairedSets=GROUPED needs a group holding both unpaired S"
                        + " and unpaired T items but no group of the pools does");
            }
        }

        /** {@code M} of a PROPORTIONAL batch, checking N and how M was given. */
        private int proportionalPaired() {
            if (batchSize < 2) {
                throw new IllegalArgumentException(
                        "batchSize must be >= 2 (MMD and SDD need two rows per modality), got " + batchSize);
            }
            if (unpairedPerBatchSet) {
                throw new IllegalArgumentException("unpairedPerBatch (" + unpairedPerBatch + ") applies to"
                        + " ADDITIVE batches; a PROPORTIONAL batch has batchSize - pairedPerBatch unpaired rows"
                        + " (use optComposition(BatchComposition.ADDITIVE) to set M and U independently)");
            }
            boolean hasCount = pairedPerBatchSet;
            boolean hasFraction = !Double.isNaN(pairedFraction);
            if (hasCount && hasFraction) {
                throw new IllegalArgumentException("set at most one of pairedPerBatch (" + pairedPerBatch
                        + ") and pairedFraction (" + pairedFraction + ")");
            }
            if (hasCount) {
                if (pairedPerBatch < 0 || pairedPerBatch > batchSize) {
                    throw new IllegalArgumentException("pairedPerBatch must be in [0, batchSize=" + batchSize
                            + "], got " + pairedPerBatch);
                }
                return pairedPerBatch;
            }
            if (hasFraction) {
                if (!(pairedFraction >= 0 && pairedFraction <= 1)) {
                    throw new IllegalArgumentException("pairedFraction must be in [0, 1], got " + pairedFraction);
                }
                return (int) Math.round(pairedFraction * batchSize);
            }
            int m = (int) Math.round(batchSize * pools.pairedFraction());
            if (pools.numPaired() > 0) {
                m = Math.max(m, 1);
            }
            if (pools.numUnpairedS() > 0 && pools.numUnpairedT() > 0) {
                m = Math.min(m, batchSize - 1);
            }
            return m;
        }

        /** Checks M, U and N of an ADDITIVE batch. */
        private void checkAdditive() {
            if (!Double.isNaN(pairedFraction)) {
                throw new IllegalArgumentException("pairedFraction (" + pairedFraction + ") applies to"
                        + " PROPORTIONAL batches; an ADDITIVE batch takes pairedPerBatch and unpairedPerBatch");
            }
            if (!pairedPerBatchSet || !unpairedPerBatchSet) {
                throw new IllegalArgumentException("an ADDITIVE batch needs optPairedPerBatch(M) and"
                        + " optUnpairedPerBatch(U); missing: " + (pairedPerBatchSet ? "" : "pairedPerBatch")
                        + (pairedPerBatchSet || unpairedPerBatchSet ? "" : ", ")
                        + (unpairedPerBatchSet ? "" : "unpairedPerBatch"));
            }
            if (pairedPerBatch < 0) {
                throw new IllegalArgumentException("pairedPerBatch must be >= 0, got " + pairedPerBatch);
            }
            if (unpairedPerBatch < 0) {
                throw new IllegalArgumentException("unpairedPerBatch must be >= 0, got " + unpairedPerBatch);
            }
            long n = (long) pairedPerBatch + unpairedPerBatch;
            if (n < 2 || n > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("pairedPerBatch + unpairedPerBatch must be in [2, "
                        + Integer.MAX_VALUE + "] (MMD and SDD need two rows per modality), got "
                        + pairedPerBatch + " + " + unpairedPerBatch);
            }
            if (batchSizeSet && batchSize != n) {
                throw new IllegalArgumentException("batchSize=" + batchSize + " but pairedPerBatch + unpairedPerBatch = "
                        + pairedPerBatch + " + " + unpairedPerBatch + " = " + n
                        + "; an ADDITIVE batch has M + U rows, leave batchSize unset");
            }
        }
    }
}
