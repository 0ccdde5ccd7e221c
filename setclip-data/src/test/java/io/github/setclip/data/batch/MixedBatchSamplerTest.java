package io.github.setclip.data.batch;

import static io.github.setclip.data.batch.SemiPairedPoolsTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MixedBatchSamplerTest {

    private static SemiPairedPools pools(int n, double fraction) {
        return SemiPairedPools.builder().setNumItems(n).setPairedFraction(fraction).optSeed(1).build();
    }

    private static MixedBatchSampler sampler(SemiPairedPools pools, int n, int m, long seed) {
        return MixedBatchSampler.builder().setPools(pools).setBatchSize(n).optPairedPerBatch(m).optSeed(seed).build();
    }

    @ParameterizedTest(name = "N={0}, M={1}")
    @CsvSource({"8, 0", "8, 3", "8, 8", "2, 1"})
    void everyBatchHasMPairedRowsAndNMinusMIndependentUnpairedRows(int n, int m) {
        SemiPairedPools pools = pools(100, m == n ? 1.0 : m == 0 ? 0.0 : 0.2);
        MixedBatchSampler sampler = sampler(pools, n, m, 5);
        Set<Integer> paired = asSet(pools.pairedIndices());
        Set<Integer> unpaired = asSet(pools.unpairedS());
        for (MixedBatchPlan plan : sampler.plans(0)) {
            assertEquals(n, plan.batchSize());
            assertEquals(m, plan.numPaired());
            assertEquals(n - m, plan.unpairedS().length);
            assertEquals(n - m, plan.unpairedT().length);
            for (int i : plan.paired()) {
                assertTrue(paired.contains(i));
            }
            for (int i : plan.unpairedS()) {
                assertTrue(unpaired.contains(i));
            }
            for (int i : plan.unpairedT()) {
                assertTrue(unpaired.contains(i));
            }
            assertEquals(m, asSet(plan.paired()).size(), "no repeated pair inside a batch");
            assertEquals(n - m, asSet(plan.unpairedS()).size(), "no repeated S item inside a batch");
            assertEquals(n - m, asSet(plan.unpairedT()).size(), "no repeated T item inside a batch");
        }
    }

    @Test
    void unpairedSAndTRowsDoNotFollowThePairing() {
        SemiPairedPools pools = pools(1000, 0.0);
        MixedBatchSampler sampler = sampler(pools, 50, 0, 2);
        int rows = 0;
        int same = 0;
        for (MixedBatchPlan plan : sampler.plans(0)) {
            int[] s = plan.unpairedS();
            int[] t = plan.unpairedT();
            for (int i = 0; i < s.length; i++) {
                rows++;
                same += s[i] == t[i] ? 1 : 0;
            }
        }
        assertEquals(1000, rows);
        // Chance level is one match in 1000 rows; a leaked order would give 1000.
        assertTrue(same <= 6, "S and T rows agree at " + same + " of " + rows + " positions");
    }

    @Test
    void everyItemOfEveryPoolAppearsInEachEpoch() {
        SemiPairedPools pools = pools(103, 0.3); // 31 pairs, 72 unpaired
        MixedBatchSampler sampler = sampler(pools, 10, 4, 9);
        assertEquals(Math.max(8, 12), sampler.stepsPerEpoch()); // ceil(31/4)=8, ceil(72/6)=12
        for (int epoch = 0; epoch < 3; epoch++) {
            Set<Integer> paired = new HashSet<>();
            Set<Integer> s = new HashSet<>();
            Set<Integer> t = new HashSet<>();
            for (MixedBatchPlan plan : sampler.plans(epoch)) {
                paired.addAll(asSet(plan.paired()));
                s.addAll(asSet(plan.unpairedS()));
                t.addAll(asSet(plan.unpairedT()));
            }
            assertEquals(asSet(pools.pairedIndices()), paired);
            assertEquals(asSet(pools.unpairedS()), s);
            assertEquals(asSet(pools.unpairedT()), t);
        }
    }

    @Test
    void smallPairedPoolCyclesWithBalancedReuse() {
        SemiPairedPools pools = SemiPairedPools.of(new int[] {0, 1, 2}, range(3, 63), range(63, 123));
        MixedBatchSampler sampler = sampler(pools, 6, 2, 4);
        assertEquals(15, sampler.stepsPerEpoch()); // ceil(60/4)
        Map<Integer, Integer> counts = new HashMap<>();
        for (MixedBatchPlan plan : sampler.plans(0)) {
            for (int i : plan.paired()) {
                counts.merge(i, 1, Integer::sum);
            }
        }
        // 30 paired draws over 3 items, whole permutations each: 10 each.
        assertEquals(Map.of(0, 10, 1, 10, 2, 10), counts);
    }

    @Test
    void poolSmallerThanTheBatchCyclesAndRepeats() {
        SemiPairedPools pools = SemiPairedPools.of(new int[0], new int[] {0, 1, 2}, new int[] {5, 6});
        MixedBatchSampler sampler = sampler(pools, 7, 0, 0);
        assertEquals(1, sampler.stepsPerEpoch());
        MixedBatchPlan plan = sampler.plan(0, 0);
        assertEquals(Set.of(0, 1, 2), asSet(plan.unpairedS()));
        assertEquals(Set.of(5, 6), asSet(plan.unpairedT()));
    }

    @Test
    void plansArePureFunctionsOfSeedAndEpoch() {
        SemiPairedPools pools = pools(200, 0.2);
        MixedBatchSampler a = sampler(pools, 16, 4, 42);
        MixedBatchSampler b = sampler(pools, 16, 4, 42);
        List<MixedBatchPlan> epoch3 = a.plans(3);
        a.plans(0);
        assertEquals(epoch3, b.plans(3), "same (seed, epoch) gives the same plans, whatever came before");
        assertEquals(epoch3.get(5), b.plan(3, 5));
        assertEquals(3, epoch3.get(5).epoch());
        assertEquals(5, epoch3.get(5).step());
        assertNotEquals(epoch3.get(0), a.plans(4).get(0));
        assertNotEquals(epoch3, sampler(pools, 16, 4, 43).plans(3), "another seed gives other plans");
    }

    @Test
    void derivedPairedCountFollowsThePoolsAndKeepsEveryPoolInUse() {
        MixedBatchSampler tenth = MixedBatchSampler.builder().setPools(pools(1000, 0.1)).setBatchSize(40).build();
        assertEquals(4, tenth.pairedPerBatch());
        MixedBatchSampler few = MixedBatchSampler.builder().setPools(pools(1000, 0.005)).setBatchSize(16).build();
        assertEquals(1, few.pairedPerBatch(), "pairs exist, so at least one paired row");
        MixedBatchSampler none = MixedBatchSampler.builder().setPools(pools(1000, 0.0)).setBatchSize(16).build();
        assertEquals(0, none.pairedPerBatch());
        MixedBatchSampler all = MixedBatchSampler.builder().setPools(pools(100, 1.0)).setBatchSize(16).build();
        assertEquals(16, all.pairedPerBatch());
        assertEquals(7, all.stepsPerEpoch());
        MixedBatchSampler byFraction =
                MixedBatchSampler.builder().setPools(pools(100, 0.5)).setBatchSize(10).optPairedFraction(0.25).build();
        assertEquals(3, byFraction.pairedPerBatch()); // round(2.5) = 3
    }

    @Test
    void badArgumentsAreRejectedWithMessages() {
        SemiPairedPools pools = pools(100, 0.2);
        assertMessage("pools must be set", () -> MixedBatchSampler.builder().setBatchSize(4).build());
        assertMessage("batchSize must be >= 2 (MMD and SDD need two rows per modality), got 1",
                () -> sampler(pools, 1, 0, 0));
        assertMessage("pairedPerBatch must be in [0, batchSize=8], got 9", () -> sampler(pools, 8, 9, 0));
        assertMessage("pairedPerBatch must be in [0, batchSize=8], got -1", () -> sampler(pools, 8, -1, 0));
        assertMessage("pairedFraction must be in [0, 1], got 2.0", () -> MixedBatchSampler.builder()
                .setPools(pools).setBatchSize(8).optPairedFraction(2.0).build());
        assertMessage("set at most one of pairedPerBatch (2) and pairedFraction (0.5)", () -> MixedBatchSampler
                .builder().setPools(pools).setBatchSize(8).optPairedPerBatch(2).optPairedFraction(0.5).build());
        assertMessage("pairedPerBatch=2 but the pools hold no paired items; use pairedPerBatch=0",
                () -> sampler(pools(10, 0.0), 8, 2, 0));
        assertMessage("each batch needs 2 unpaired rows per modality (batchSize=8, pairedPerBatch=6) but the "
                        + "unpaired pools hold S=0, T=0 items; use pairedPerBatch=batchSize for paired-only data",
                () -> sampler(pools(10, 1.0), 8, 6, 0));
        MixedBatchSampler ok = sampler(pools, 8, 2, 0);
        assertMessage("epoch must be >= 0, got -1", () -> ok.plans(-1));
        assertMessage("step must be in [0, stepsPerEpoch=14), got 14", () -> ok.plan(0, 14));
    }

    @Test
    void proportionalPlansAreUnchangedFromBeforeCompositions() throws Exception {
        // Digests of the plans of the implementation before BatchComposition existed (commit 6e13229),
        // recorded on these configurations: PROPORTIONAL batches must stay bit-identical.
        SemiPairedPools a = pools(103, 0.3);
        SemiPairedPools b = SemiPairedPools.of(new int[] {0, 1, 2}, range(3, 63), range(63, 123));
        SemiPairedPools c = SemiPairedPools.builder().setNumItems(500).setPairedFraction(0.1).optSeed(7)
                .optDisjointUnpaired(true).build();
        assertEquals("58a58c03dadf5eeb",
                digest(MixedBatchSampler.builder().setPools(a).setBatchSize(10).optSeed(9).build(), 3));
        assertEquals("2d69163971f61bef", digest(sampler(a, 10, 4, 9), 3));
        assertEquals("e257add7d419f791", digest(sampler(b, 6, 2, 4), 2));
        assertEquals("83e94c5f3f70a634", digest(MixedBatchSampler.builder().setPools(c).setBatchSize(32)
                .optPairedFraction(0.25).optSeed(3).build(), 2));
        assertEquals("89d1eea6cf3a462f", digest(sampler(c, 7, 0, 3), 2));
        assertEquals(new MixedBatchPlan(1, 2, new int[] {58, 52, 24, 15}, new int[] {49, 32, 63, 26, 4, 81},
                new int[] {76, 56, 93, 9, 1, 28}), sampler(a, 10, 4, 9).plan(1, 2));
        assertEquals(BatchComposition.PROPORTIONAL, sampler(a, 10, 4, 9).composition());
    }

    @Test
    void rowsListThePairsFirstThenTheUnpairedItemsOfEachModality() {
        MixedBatchPlan plan = new MixedBatchPlan(0, 0, new int[] {7, 3}, new int[] {10, 11, 12},
                new int[] {20, 21, 22});
        assertArrayEquals(new int[] {7, 3, 10, 11, 12}, plan.sRows());
        assertArrayEquals(new int[] {7, 3, 20, 21, 22}, plan.tRows());
        assertEquals(2, plan.numPaired());
        assertEquals(3, plan.numUnpaired());
        assertEquals(5, plan.batchSize());
        MixedBatchPlan sampled = sampler(pools(100, 0.2), 8, 3, 1).plan(0, 4);
        assertArrayEquals(Arrays.copyOf(sampled.sRows(), 3), sampled.paired());
        assertArrayEquals(Arrays.copyOf(sampled.tRows(), 3), sampled.paired());
        assertArrayEquals(Arrays.copyOfRange(sampled.sRows(), 3, 8), sampled.unpairedS());
        assertArrayEquals(Arrays.copyOfRange(sampled.tRows(), 3, 8), sampled.unpairedT());
    }

    @Test
    void additiveBatchesHoldMPairsPlusUUnpairedRowsAndAnEpochIsOnePassOverThePairs() {
        SemiPairedPools pools = pools(103, 0.3); // 31 pairs, 72 unpaired
        MixedBatchSampler sampler = additive(pools, 4, 12, 9);
        assertEquals(BatchComposition.ADDITIVE, sampler.composition());
        assertEquals(16, sampler.batchSize());
        assertEquals(8, sampler.stepsPerEpoch()); // ceil(31 / 4), whatever the unpaired pools
        for (int epoch = 0; epoch < 3; epoch++) {
            Set<Integer> paired = new HashSet<>();
            for (MixedBatchPlan plan : sampler.plans(epoch)) {
                assertEquals(4, plan.numPaired());
                assertEquals(12, plan.numUnpaired());
                assertEquals(4, asSet(plan.paired()).size(), "no repeated pair inside a batch");
                assertEquals(12, asSet(plan.unpairedS()).size(), "no repeated S item inside a batch");
                assertEquals(12, asSet(plan.unpairedT()).size(), "no repeated T item inside a batch");
                paired.addAll(asSet(plan.paired()));
            }
            assertEquals(asSet(pools.pairedIndices()), paired, "every pair in every epoch");
        }
    }

    @Test
    void additiveEpochWithoutPairsIsOnePassOverTheLargerUnpairedPool() {
        SemiPairedPools pools = SemiPairedPools.of(new int[0], range(0, 50), range(0, 23));
        assertEquals(7, additive(pools, 0, 8, 0).stepsPerEpoch()); // ceil(50 / 8)
        assertEquals(20, additive(pools(40, 1.0), 2, 0, 0).stepsPerEpoch()); // paired only: ceil(40 / 2)
    }

    @ParameterizedTest(name = "pool {0}, U={1}")
    @CsvSource({"72, 12", "72, 10", "13, 8", "9, 8", "5, 8", "40, 40"})
    void additiveUnpairedStreamsRunOnAcrossEpochsAndCoverThePoolOncePerCycle(int poolSize, int u) {
        SemiPairedPools pools = SemiPairedPools.of(range(1000, 1031), range(0, poolSize), range(0, poolSize));
        MixedBatchSampler sampler = additive(pools, 4, u, 3);
        List<Integer> sStream = new ArrayList<>();
        List<Integer> tStream = new ArrayList<>();
        for (int epoch = 0; epoch < 6; epoch++) {
            for (MixedBatchPlan plan : sampler.plans(epoch)) {
                if (poolSize >= u) {
                    assertEquals(u, asSet(plan.unpairedS()).size(), "no repeated S item inside a batch");
                    assertEquals(u, asSet(plan.unpairedT()).size(), "no repeated T item inside a batch");
                }
                Arrays.stream(plan.unpairedS()).forEach(sStream::add);
                Arrays.stream(plan.unpairedT()).forEach(tStream::add);
            }
        }
        // 6 epochs of 8 steps: the stream spans several cycles and crosses epochs mid-cycle.
        Set<Integer> pool = asSet(range(0, poolSize));
        for (int start = 0; start + poolSize <= sStream.size(); start += poolSize) {
            assertEquals(poolSize, new HashSet<>(sStream.subList(start, start + poolSize)).size(),
                    "S positions [" + start + ", " + (start + poolSize) + ") hold every item once");
            assertEquals(pool, new HashSet<>(tStream.subList(start, start + poolSize)));
        }
        assertNotEquals(sStream.subList(0, u), sStream.subList(8 * u, 9 * u), "epoch 1 does not restart the stream");
    }

    @Test
    void additivePlansArePureFunctionsOfSeedAndEpoch() {
        SemiPairedPools pools = pools(200, 0.2);
        List<MixedBatchPlan> direct = additive(pools, 4, 30, 42).plans(5);
        MixedBatchSampler replayed = additive(pools, 4, 30, 42);
        for (int epoch = 0; epoch < 5; epoch++) {
            replayed.plans(epoch);
        }
        assertEquals(direct, replayed.plans(5));
        assertEquals(direct.get(3), replayed.plan(5, 3));
        assertNotEquals(direct, additive(pools, 4, 30, 43).plans(5), "another seed gives other plans");
    }

    @Test
    void additiveMoreRowsThanItemsCyclesThePool() {
        SemiPairedPools pools = SemiPairedPools.of(new int[] {0, 1, 2}, range(3, 7), range(7, 11));
        MixedBatchSampler sampler = additive(pools, 6, 8, 1);
        assertEquals(1, sampler.stepsPerEpoch());
        MixedBatchPlan plan = sampler.plan(0, 0);
        assertEquals(Set.of(0, 1, 2), asSet(plan.paired()));
        assertEquals(asSet(range(3, 7)), asSet(plan.unpairedS()));
        assertEquals(asSet(range(7, 11)), asSet(plan.unpairedT()));
    }

    @Test
    void impossibleCompositionsAreRejectedWithMessages() {
        SemiPairedPools pools = pools(100, 0.2);
        MixedBatchSampler.Builder additive = MixedBatchSampler.builder().setPools(pools)
                .optComposition(BatchComposition.ADDITIVE);
        assertMessage("composition must not be null", () -> MixedBatchSampler.builder().setPools(pools)
                .setBatchSize(8).optComposition(null).build());
        assertMessage("an ADDITIVE batch needs optPairedPerBatch(M) and optUnpairedPerBatch(U); missing: "
                + "pairedPerBatch, unpairedPerBatch", additive::build);
        assertMessage("an ADDITIVE batch needs optPairedPerBatch(M) and optUnpairedPerBatch(U); missing: "
                + "unpairedPerBatch", () -> MixedBatchSampler.builder().setPools(pools)
                .optComposition(BatchComposition.ADDITIVE).optPairedPerBatch(2).build());
        assertMessage("an ADDITIVE batch needs optPairedPerBatch(M) and optUnpairedPerBatch(U); missing: "
                + "pairedPerBatch", () -> MixedBatchSampler.builder().setPools(pools)
                .optComposition(BatchComposition.ADDITIVE).optUnpairedPerBatch(2).build());
        assertMessage("pairedPerBatch must be >= 0, got -1", () -> additive(pools, -1, 4, 0));
        assertMessage("unpairedPerBatch must be >= 0, got -4", () -> additive(pools, 4, -4, 0));
        assertMessage("pairedPerBatch + unpairedPerBatch must be in [2, 2147483647] (MMD and SDD need two rows"
                + " per modality), got 1 + 0", () -> additive(pools, 1, 0, 0));
        assertMessage("batchSize=10 but pairedPerBatch + unpairedPerBatch = 4 + 8 = 12; an ADDITIVE batch has"
                + " M + U rows, leave batchSize unset", () -> MixedBatchSampler.builder().setPools(pools)
                .optComposition(BatchComposition.ADDITIVE).setBatchSize(10).optPairedPerBatch(4)
                .optUnpairedPerBatch(8).build());
        assertEquals(12, MixedBatchSampler.builder().setPools(pools).optComposition(BatchComposition.ADDITIVE)
                .setBatchSize(12).optPairedPerBatch(4).optUnpairedPerBatch(8).build().batchSize());
        assertMessage("pairedFraction (0.5) applies to PROPORTIONAL batches; an ADDITIVE batch takes"
                + " pairedPerBatch and unpairedPerBatch", () -> MixedBatchSampler.builder().setPools(pools)
                .optComposition(BatchComposition.ADDITIVE).optPairedFraction(0.5).optPairedPerBatch(4)
                .optUnpairedPerBatch(8).build());
        assertMessage("unpairedPerBatch (8) applies to ADDITIVE batches; a PROPORTIONAL batch has batchSize"
                + " - pairedPerBatch unpaired rows (use optComposition(BatchComposition.ADDITIVE) to set M and"
                + " U independently)", () -> MixedBatchSampler.builder().setPools(pools).setBatchSize(16)
                .optUnpairedPerBatch(8).build());
        assertMessage("pairedPerBatch=2 but the pools hold no paired items; use pairedPerBatch=0",
                () -> additive(pools(10, 0.0), 2, 4, 0));
        assertMessage("each batch needs 4 unpaired rows per modality (unpairedPerBatch=4) but the unpaired pools"
                + " hold S=0, T=0 items; use unpairedPerBatch=0 for paired-only data",
                () -> additive(pools(10, 1.0), 2, 4, 0));
    }

    private static MixedBatchSampler.Builder unpairedSets(SemiPairedPools pools, BatchComposition composition,
            UnpairedSets sets) {
        MixedBatchSampler.Builder builder = MixedBatchSampler.builder().setPools(pools).optComposition(composition)
                .optUnpairedSets(sets).optSeed(6);
        return composition == BatchComposition.ADDITIVE
                ? builder.optPairedPerBatch(6).optUnpairedPerBatch(20) : builder.setBatchSize(26).optPairedPerBatch(6);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"PROPORTIONAL", "ADDITIVE"})
    void alignedHalvesHoldTheSameHiddenItemsInDifferentOrders(BatchComposition composition) {
        SemiPairedPools pools = pools(300, 0.2);
        MixedBatchSampler sampler = unpairedSets(pools, composition, UnpairedSets.ALIGNED).build();
        assertEquals(UnpairedSets.ALIGNED, sampler.unpairedSets());
        int rows = 0;
        int sameRow = 0;
        for (int epoch = 0; epoch < 2; epoch++) {
            for (MixedBatchPlan plan : sampler.plans(epoch)) {
                int[] s = plan.unpairedS();
                int[] t = plan.unpairedT();
                assertEquals(asSet(s), asSet(t), "the T rows are the S rows' hidden partners (same index here)");
                assertEquals(20, asSet(s).size());
                assertFalse(Arrays.equals(s, t), "the two sides come in different orders");
                for (int j = 0; j < s.length; j++) {
                    rows++;
                    sameRow += s[j] == t[j] ? 1 : 0;
                }
            }
        }
        assertTrue(sameRow * 20 <= rows * 3, "rows agree at " + sameRow + " of " + rows + " positions (chance: 1 in 20)");
    }

    @Test
    void alignedHalvesFollowDeclaredHiddenPairsAcrossIndexSpaces() {
        // S items 100.., T items 500..; hidden pair k is (100 + k, 500 + 2k) for even k only.
        int[] sHidden = java.util.stream.IntStream.range(0, 20).map(k -> 100 + 2 * k).toArray();
        int[] tHidden = java.util.stream.IntStream.range(0, 20).map(k -> 500 + 4 * k).toArray();
        SemiPairedPools pools = SemiPairedPools.of(range(0, 10), range(100, 140), range(500, 580))
                .withHiddenPairs(sHidden, tHidden);
        MixedBatchSampler proportional = MixedBatchSampler.builder().setPools(pools).setBatchSize(10)
                .optPairedPerBatch(2).optUnpairedSets(UnpairedSets.ALIGNED).build();
        assertEquals(5, proportional.stepsPerEpoch()); // max(ceil(10 / 2), ceil(20 hidden pairs / 8))
        Set<Integer> drawn = new HashSet<>();
        for (MixedBatchPlan plan : proportional.plans(0)) {
            Set<Integer> partners = new HashSet<>();
            for (int s : plan.unpairedS()) {
                partners.add(pools.hiddenPartnerOfS(s));
                drawn.add(s);
            }
            assertEquals(partners, asSet(plan.unpairedT()));
        }
        assertEquals(asSet(sHidden), drawn, "every hidden pair in every epoch, nothing else");
        MixedBatchSampler additive = MixedBatchSampler.builder().setPools(pools)
                .optComposition(BatchComposition.ADDITIVE).optPairedPerBatch(0).optUnpairedPerBatch(8)
                .optUnpairedSets(UnpairedSets.ALIGNED).build();
        assertEquals(3, additive.stepsPerEpoch()); // ceil(20 hidden pairs / 8)
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"PROPORTIONAL", "ADDITIVE"})
    void groupedRowsOfBothSidesComeFromTheBatchsFewGroups(BatchComposition composition) {
        SemiPairedPools pools = groupedPools();
        MixedBatchSampler sampler = unpairedSets(pools, composition, UnpairedSets.GROUPED).build();
        Set<Integer> drawnS = new HashSet<>();
        for (int epoch = 0; epoch < 3; epoch++) {
            for (MixedBatchPlan plan : sampler.plans(epoch)) {
                Set<Integer> groups = asSet(plan.groups());
                assertEquals(plan.groups().length, groups.size(), "a group is picked once");
                assertTrue(groups.size() <= 4, "a few groups: " + groups);
                int sInGroups = 0;
                int tInGroups = 0;
                int sInLast = 0;
                int tInLast = 0;
                int last = plan.groups()[plan.groups().length - 1];
                for (int item : pools.unpairedS()) {
                    sInGroups += groups.contains(pools.groupOfS(item)) ? 1 : 0;
                    sInLast += pools.groupOfS(item) == last ? 1 : 0;
                }
                for (int item : pools.unpairedT()) {
                    tInGroups += groups.contains(pools.groupOfT(item)) ? 1 : 0;
                    tInLast += pools.groupOfT(item) == last ? 1 : 0;
                }
                assertTrue(sInGroups >= 20 && tInGroups >= 20, "the groups hold U items of each side");
                assertTrue(sInGroups - sInLast < 20 || tInGroups - tInLast < 20, "no group more than needed");
                for (int item : plan.unpairedS()) {
                    assertTrue(groups.contains(pools.groupOfS(item)), "S item " + item + " outside " + groups);
                    drawnS.add(item);
                }
                for (int item : plan.unpairedT()) {
                    assertTrue(groups.contains(pools.groupOfT(item)), "T item " + item + " outside " + groups);
                }
                assertEquals(20, asSet(plan.unpairedS()).size(), "no repeated S item inside a batch");
                assertEquals(20, asSet(plan.unpairedT()).size(), "no repeated T item inside a batch");
            }
        }
        for (int item : drawnS) {
            assertTrue(pools.groupOfS(item) >= 0 && pools.groupOfS(item) != 99,
                    "never an item without a group, nor one of a group without T items");
        }
    }

    @Test
    void groupedEpochsCountTheItemsOfEligibleGroupsAndArePureFunctionsOfSeedAndEpoch() {
        SemiPairedPools pools = groupedPools();
        MixedBatchSampler sampler = unpairedSets(pools, BatchComposition.PROPORTIONAL, UnpairedSets.GROUPED).build();
        // 200 pairs at M = 6: 34 steps; eligible unpaired items: S 350 - 30 (no group) - 20 (group 99) = 300,
        // T 350 - 30 (no group) = 320: ceil(320 / 20) = 16.
        assertEquals(34, sampler.stepsPerEpoch());
        MixedBatchSampler additive = MixedBatchSampler.builder().setPools(pools).optComposition(BatchComposition.ADDITIVE)
                .optPairedPerBatch(0).optUnpairedPerBatch(20).optUnpairedSets(UnpairedSets.GROUPED).build();
        assertEquals(16, additive.stepsPerEpoch());
        List<MixedBatchPlan> epoch2 = sampler.plans(2);
        sampler.plans(0);
        assertEquals(epoch2, unpairedSets(pools, BatchComposition.PROPORTIONAL, UnpairedSets.GROUPED).build().plans(2));
        assertNotEquals(epoch2.get(0), sampler.plans(3).get(0));
    }

    @Test
    void groupsArePickedWithProbabilityProportionalToTheirItems() {
        // Group 0 holds 5 S + 5 T unpaired items, group 1 holds 15 + 15; with U = 2 the first group suffices.
        int[] groupOf = new int[40];
        for (int i = 0; i < 40; i++) {
            groupOf[i] = i < 10 ? 0 : 1;
        }
        int[] sPool = java.util.stream.IntStream.range(0, 40).filter(i -> i % 2 == 0).toArray();
        int[] tPool = java.util.stream.IntStream.range(0, 40).filter(i -> i % 2 == 1).toArray();
        SemiPairedPools pools = SemiPairedPools.of(new int[0], sPool, tPool).withGroups(groupOf, groupOf);
        MixedBatchSampler sampler = MixedBatchSampler.builder().setPools(pools).optComposition(BatchComposition.ADDITIVE)
                .optPairedPerBatch(0).optUnpairedPerBatch(2).optUnpairedSets(UnpairedSets.GROUPED).build();
        int batches = 0;
        int large = 0;
        for (int epoch = 0; epoch < 200; epoch++) {
            for (MixedBatchPlan plan : sampler.plans(epoch)) {
                assertEquals(1, plan.groups().length);
                batches++;
                large += plan.groups()[0] == 1 ? 1 : 0;
            }
        }
        assertEquals(2000, batches);
        assertEquals(0.75, large / (double) batches, 0.04, "the large group holds 30 of the 40 items");
    }

    @Test
    void noUnpairedRowIsEverAPositive() {
        SemiPairedPools pools = groupedPools();
        Set<Integer> paired = asSet(pools.pairedIndices());
        for (BatchComposition composition : BatchComposition.values()) {
            for (UnpairedSets sets : UnpairedSets.values()) {
                MixedBatchSampler sampler = unpairedSets(pools, composition, sets).build();
                for (MixedBatchPlan plan : sampler.plans(1)) {
                    int[] s = plan.sRows();
                    int[] t = plan.tRows();
                    int m = plan.numPaired();
                    for (int i = 0; i < s.length; i++) {
                        boolean positive = i < m;
                        assertEquals(positive, paired.contains(s[i]), composition + "/" + sets + " S row " + i);
                        assertEquals(positive, paired.contains(t[i]), composition + "/" + sets + " T row " + i);
                        if (positive) {
                            assertEquals(s[i], t[i], "row i < M is one matched item on both sides");
                        }
                    }
                }
            }
        }
    }

    @Test
    void unpairedSetsNeedWhatThePoolsKnow() {
        SemiPairedPools explicit = SemiPairedPools.of(range(0, 10), range(10, 30), range(30, 50));
        String alignedMessage = "unpairedSets=ALIGNED needs hidden pairs (which unpaired S and T items are the"
                + " same item) but the pools declare none; pools from SemiPairedPools.builder() without"
                + " optDisjointUnpaired have them, pools from of(...) need withHiddenPairs(sItems, tItems)";
        assertMessage(alignedMessage, () -> MixedBatchSampler.builder().setPools(explicit).setBatchSize(8)
                .optUnpairedSets(UnpairedSets.ALIGNED).build());
        SemiPairedPools disjoint = SemiPairedPools.builder().setNumItems(50).setPairedFraction(0.2)
                .optDisjointUnpaired(true).build();
        assertMessage(alignedMessage, () -> MixedBatchSampler.builder().setPools(disjoint).setBatchSize(8)
                .optUnpairedSets(UnpairedSets.ALIGNED).build());
        assertMessage("unpairedSets=GROUPED needs the groups of the unpaired items but the pools have none;"
                + " declare them with SemiPairedPools.withGroups(groupOfSItem, groupOfTItem)",
                () -> MixedBatchSampler.builder().setPools(explicit).setBatchSize(8)
                        .optUnpairedSets(UnpairedSets.GROUPED).build());
        int[] sOnly = new int[50];
        int[] tOnly = new int[50];
        Arrays.fill(sOnly, 1);
        Arrays.fill(tOnly, 2);
        assertMessage("unpairedSets=GROUPED needs a group holding both unpaired S and unpaired T items but no"
                + " group of the pools does", () -> MixedBatchSampler.builder()
                .setPools(explicit.withGroups(sOnly, tOnly)).setBatchSize(8)
                .optUnpairedSets(UnpairedSets.GROUPED).build());
        assertMessage("unpairedSets must not be null", () -> MixedBatchSampler.builder().setPools(explicit)
                .setBatchSize(8).optUnpairedSets(null).build());
        MixedBatchSampler pairedOnly = MixedBatchSampler.builder().setPools(explicit).setBatchSize(8)
                .optPairedPerBatch(8).optUnpairedSets(UnpairedSets.GROUPED).build();
        assertEquals(0, pairedOnly.plan(0, 0).numUnpaired(), "without unpaired rows nothing is needed");
    }

    /**
     * 550 items, 200 paired; the 350 unpaired items are in 12 groups of unequal sizes (about 57 items in
     * groups 0 to 2, 17 in the others) on both sides, except 30 items without a group and 20 whose S
     * side is in group 99, which has no T items.
     */
    private static SemiPairedPools groupedPools() {
        SemiPairedPools pools = SemiPairedPools.builder().setNumItems(550).setNumPaired(200).optSeed(2).build();
        int[] groupOfS = new int[550];
        int[] groupOfT = new int[550];
        int[] unpaired = pools.unpairedS();
        Arrays.sort(unpaired);
        for (int k = 0; k < unpaired.length; k++) {
            int item = unpaired[k];
            int group = k < 30 ? -1 : k < 230 ? k % 12 : k % 3;
            groupOfS[item] = k >= 30 && k < 50 ? 99 : group;
            groupOfT[item] = group;
        }
        return pools.withGroups(groupOfS, groupOfT);
    }

    @Test
    void planCopiesItsArraysAndComparesByContent() {
        int[] paired = {1, 2};
        MixedBatchPlan plan = new MixedBatchPlan(0, 0, paired, new int[] {3}, new int[] {4});
        paired[0] = 99;
        assertArrayEquals(new int[] {1, 2}, plan.paired());
        assertEquals(plan, new MixedBatchPlan(0, 0, new int[] {1, 2}, new int[] {3}, new int[] {4}));
        assertThrows(IllegalArgumentException.class,
                () -> new MixedBatchPlan(0, 0, new int[0], new int[] {1}, new int[0]));
    }

    private static MixedBatchSampler additive(SemiPairedPools pools, int m, int u, long seed) {
        return MixedBatchSampler.builder().setPools(pools).optComposition(BatchComposition.ADDITIVE)
                .optPairedPerBatch(m).optUnpairedPerBatch(u).optSeed(seed).build();
    }

    /** A short digest of the item indices of every plan of the first epochs. */
    private static String digest(MixedBatchSampler sampler, int epochs) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        for (int e = 0; e < epochs; e++) {
            for (MixedBatchPlan p : sampler.plans(e)) {
                int[][] parts = {{p.epoch(), p.step()}, p.paired(), {-1}, p.unpairedS(), {-1}, p.unpairedT(), {-2}};
                for (int[] part : parts) {
                    for (int v : part) {
                        md.update(ByteBuffer.allocate(4).putInt(v).array());
                    }
                }
            }
        }
        return HexFormat.of().formatHex(md.digest()).substring(0, 16);
    }

    private static int[] range(int from, int to) {
        return java.util.stream.IntStream.range(from, to).toArray();
    }

    private static Set<Integer> asSet(int[] values) {
        Set<Integer> set = new HashSet<>();
        for (int v : values) {
            set.add(v);
        }
        return set;
    }
}
