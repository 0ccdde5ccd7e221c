package io.github.setclip.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.util.JsonUtils;
import io.github.setclip.data.batch.SemiPairedPools;
import io.github.setclip.losses.MutualNearestNeighbours;
import io.github.setclip.losses.PseudoPairs;
import io.github.setclip.train.session.CheckpointState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Mutual-nearest-neighbour pseudo-pairs over a bank of the unpaired items.
 *
 * <p>The bank holds the most recent embedding of every unpaired S item and every unpaired T item
 * the batches have shown (each step writes its unpaired rows' detached first views; an item's row
 * is refreshed whenever it reappears). After a warm-up, and then every {@code nnRefresh} steps,
 * the bank is mined: an (s, t) whose embeddings are each other's nearest neighbour across the
 * modalities, with a margin of at least {@code nnMargin} over the runner-up on both sides, becomes
 * a pseudo-pair; the pairs are kept most confident first. Each later step takes the next {@code
 * nnPerBatch} of them (cycling through the list) as extra positive rows of weight {@code nnWeight}.
 * With independent unpaired rows, a row's true partner is in its batch only by chance, so mining
 * over the bank, which covers the pools over time, is what makes the pairs meaningful.
 *
 * <p>When the pools know the truth (hidden pairs), every pair used is checked against it: the
 * per-epoch record reports how many were used and what share were true pairs. The bank, the mined
 * list and the counts are saved in every checkpoint ({@code nn-bank.ndlist}, {@code nn-pairs.json}).
 */
final class PseudoPairBank implements CheckpointState {

    private static final String BANK = "nn-bank.ndlist";
    private static final String PAIRS = "nn-pairs.json";

    private final SemiSupervisedSettings settings;
    private final SemiPairedPools pools;
    private final NDManager manager;
    private final int sItems;
    private final int tItems;
    private final MutualNearestNeighbours miner;
    private NDArray sBank;
    private NDArray tBank;
    private NDArray sSeen;
    private NDArray tSeen;
    private State state = new State(new int[0], new int[0], 0, 0, 0, 0);

    /**
     * The mined list and the counts since the epoch began.
     *
     * @param sPairs S items of the mined pairs, most confident first
     * @param tPairs T items of the mined pairs
     * @param mined pairs found at the last mining
     * @param minedTrue of those, true pairs (when the truth is known)
     * @param used pseudo-pair rows used this epoch
     * @param usedTrue of those, true pairs
     */
    record State(int[] sPairs, int[] tPairs, int mined, int minedTrue, long used, long usedTrue) {}

    /**
     * An empty bank.
     *
     * @param settings the pseudo-pair settings
     * @param pools the pools (their item numbering and, where known, the truth)
     * @param manager the long-lived manager that owns the bank
     */
    PseudoPairBank(SemiSupervisedSettings settings, SemiPairedPools pools, NDManager manager) {
        this.settings = settings;
        this.pools = pools;
        this.manager = manager;
        this.sItems = 1 + Math.max(max(pools.pairedIndices()), max(pools.unpairedS()));
        this.tItems = 1 + Math.max(max(pools.pairedIndices()), max(pools.unpairedT()));
        this.miner = MutualNearestNeighbours.builder().optMargin(settings.nnMargin()).build();
    }

    private static int max(int[] items) {
        return Arrays.stream(items).max().orElse(-1);
    }

    /** Whether the bank is mined after this many steps. */
    boolean due(long stepsTaken) {
        return stepsTaken >= settings.nnWarmup()
                && (stepsTaken - settings.nnWarmup()) % settings.nnRefresh() == 0;
    }

    /**
     * Writes a step's unpaired rows into the bank.
     *
     * @param sRows the unpaired S items of the step
     * @param s their embeddings, (U, d)
     * @param tRows the unpaired T items
     * @param t their embeddings, (U, d)
     */
    void update(int[] sRows, NDArray s, int[] tRows, NDArray t) {
        if (sRows.length == 0) {
            return;
        }
        if (sBank == null) {
            long d = s.getShape().get(1);
            sBank = manager.zeros(new Shape(sItems, d), s.getDataType());
            tBank = manager.zeros(new Shape(tItems, d), t.getDataType());
            sSeen = manager.zeros(new Shape(sItems), DataType.FLOAT32);
            tSeen = manager.zeros(new Shape(tItems), DataType.FLOAT32);
        }
        try (NDManager scope = manager.newSubManager()) {
            NDArray sIndex = scope.create(toLong(sRows));
            NDArray tIndex = scope.create(toLong(tRows));
            sBank.set(new NDIndex("{}", sIndex), s.stopGradient());
            tBank.set(new NDIndex("{}", tIndex), t.stopGradient());
            sSeen.set(new NDIndex("{}", sIndex), scope.ones(new Shape(sRows.length)));
            tSeen.set(new NDIndex("{}", tIndex), scope.ones(new Shape(tRows.length)));
        }
    }

    /** Mines the bank: the pseudo-pairs of the items seen so far, most confident first. */
    void mine() {
        if (sBank == null) {
            return;
        }
        try (NDManager scope = manager.newSubManager()) {
            NDArray sMask = sSeen.gt(0);
            NDArray tMask = tSeen.gt(0);
            sMask.attach(scope);
            tMask.attach(scope);
            NDArray sIds = scope.arange(0, sItems, 1, DataType.INT64).get(sMask);
            NDArray tIds = scope.arange(0, tItems, 1, DataType.INT64).get(tMask);
            NDArray sRows = sBank.get(sMask);
            NDArray tRows = tBank.get(tMask);
            sRows.attach(scope);
            tRows.attach(scope);
            PseudoPairs pairs = miner.mine(sRows, tRows);
            int[] s = toInt(sIds.get(pairs.sIndices()).toLongArray());
            int[] t = toInt(tIds.get(pairs.tIndices()).toLongArray());
            int truth = 0;
            for (int i = 0; i < s.length; i++) {
                truth += pools.isHiddenPair(s[i], t[i]) ? 1 : 0;
            }
            state = new State(s, t, s.length, truth, state.used(), state.usedTrue());
        }
    }

    /**
     * The pseudo-pairs of one step: the next {@code nnPerBatch} of the mined list, cycling.
     *
     * @param step the global step (0-based), which fixes the position in the list
     * @return {@code {sItems, tItems}}, empty before the first mining or when none was found
     */
    int[][] take(long step) {
        int n = state.sPairs().length;
        if (n == 0) {
            return new int[][] {new int[0], new int[0]};
        }
        int k = Math.min(settings.nnPerBatch(), n);
        int[] s = new int[k];
        int[] t = new int[k];
        long start = step * k % n;
        int trueCount = 0;
        for (int i = 0; i < k; i++) {
            int at = (int) ((start + i) % n);
            s[i] = state.sPairs()[at];
            t[i] = state.tPairs()[at];
            trueCount += pools.isHiddenPair(s[i], t[i]) ? 1 : 0;
        }
        state = new State(state.sPairs(), state.tPairs(), state.mined(), state.minedTrue(),
                state.used() + k, state.usedTrue() + trueCount);
        return new int[][] {s, t};
    }

    /**
     * The counts of this epoch for the metrics log, then resets the used counts.
     *
     * @return pairs used, their share of true pairs (left out when the truth is unknown or none
     *     was used), the size and precision of the last mining (likewise)
     */
    Map<String, Double> epochStats() {
        boolean truth = pools.numHiddenPairs() > 0;
        Map<String, Double> d = new LinkedHashMap<>();
        d.put("nn_pairs_used", (double) state.used());
        if (truth && state.used() > 0) {
            d.put("nn_pairs_precision", state.usedTrue() / (double) state.used());
        }
        d.put("nn_pairs_mined", (double) state.mined());
        if (truth && state.mined() > 0) {
            d.put("nn_mined_precision", state.minedTrue() / (double) state.mined());
        }
        state = new State(state.sPairs(), state.tPairs(), state.mined(), state.minedTrue(), 0, 0);
        return d;
    }

    @Override
    public void save(Path checkpoint) throws IOException {
        if (sBank != null) {
            Files.write(checkpoint.resolve(BANK), new NDList(sBank, tBank, sSeen, tSeen).encode());
        }
        Files.writeString(checkpoint.resolve(PAIRS), JsonUtils.GSON.toJson(state) + "\n");
    }

    @Override
    public void restore(Path checkpoint, NDManager into) throws IOException {
        Path bank = checkpoint.resolve(BANK);
        Path pairs = checkpoint.resolve(PAIRS);
        if (Files.exists(bank)) {
            NDList arrays = NDList.decode(manager, Files.readAllBytes(bank));
            if (arrays.size() != 4) {
                throw new IOException(bank + ": expected 4 arrays, found " + arrays.size());
            }
            sBank = arrays.get(0);
            tBank = arrays.get(1);
            sSeen = arrays.get(2);
            tSeen = arrays.get(3);
        }
        if (Files.exists(pairs)) {
            try {
                state = JsonUtils.GSON.fromJson(Files.readString(pairs), State.class);
            } catch (RuntimeException e) {
                throw new IOException(pairs + ": damaged pseudo-pair state: " + e.getMessage(), e);
            }
        }
    }

    private static long[] toLong(int[] a) {
        return Arrays.stream(a).asLongStream().toArray();
    }

    private static int[] toInt(long[] a) {
        return Arrays.stream(a).mapToInt(Math::toIntExact).toArray();
    }
}
