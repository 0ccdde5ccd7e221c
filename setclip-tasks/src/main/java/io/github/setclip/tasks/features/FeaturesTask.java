package io.github.setclip.tasks.features;

import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.github.setclip.core.ProjectionHead;
import io.github.setclip.core.Towers;
import io.github.setclip.core.TwoStreamModel;
import io.github.setclip.core.encoders.MlpEncoder;
import io.github.setclip.data.BadRows;
import io.github.setclip.data.batch.GroupNumbering;
import io.github.setclip.data.batch.SemiPairedPools;
import io.github.setclip.data.features.FeaturePairs;
import io.github.setclip.data.features.FeatureTable;
import io.github.setclip.data.features.GroupFile;
import io.github.setclip.data.features.PairFile;
import io.github.setclip.losses.SetClipObjective;
import io.github.setclip.train.AlignmentTask;
import io.github.setclip.train.EmbeddedSplit;
import io.github.setclip.train.ModalityInput;
import io.github.setclip.train.TrainingConfig;
import io.github.setclip.train.ViewSeeds;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Two modalities of precomputed features (e.g. ESM sequence embeddings against structure
 * embeddings), each encoded by an MLP. The pairs file declares the matched rows; every other row is
 * unpaired. A fixed 10% of the declared pairs (seed 0, at least one) is held out for validation and
 * another 10% for test; the paired fraction of a run is the share of the remaining declared pairs
 * kept as pairs (the rest join the unpaired rows), 1 by default.
 */
public final class FeaturesTask implements AlignmentTask {

    /** Width of the shared space. */
    public static final int EMBEDDING_DIM = 128;

    private static final int CHUNK = 4096;

    private final FeatureTable s;
    private final FeatureTable t;
    private final String warnings;
    private final int[][] validation;
    private final int[][] test;
    private final int[] trainPairedS;
    private final int[] trainPairedT;
    private final int[] unpairedS;
    private final int[] unpairedT;
    private final List<String> sGroups;
    private final List<String> tGroups;

    private FeaturesTask(FeatureTable s, FeatureTable t, FeaturePairs pairs, String warnings, int limit,
            List<String> sGroups, List<String> tGroups) {
        this.s = s;
        this.t = t;
        this.warnings = warnings;
        int n = pairs.numPaired();
        if (n < 3) {
            throw new IllegalArgumentException("the pairs file declares " + n + " usable pairs; at least 3"
                    + " are needed (one each for training, validation and test)");
        }
        int[] order = permutation(n);
        int held = Math.max(1, n / 10);
        this.validation = take(pairs, order, 0, held);
        this.test = take(pairs, order, held, 2 * held);
        int[][] train = take(pairs, order, 2 * held, n);
        int keep = limit > 0 ? Math.min(limit, train[0].length) : train[0].length;
        this.trainPairedS = Arrays.copyOf(train[0], keep);
        this.trainPairedT = Arrays.copyOf(train[1], keep);
        this.unpairedS = pairs.unpairedS();
        this.unpairedT = pairs.unpairedT();
        this.sGroups = sGroups;
        this.tGroups = tGroups;
    }

    /**
     * Reads both tables and the pairs.
     *
     * @param sFiles the S matrix and ids file
     * @param tFiles the T matrix and ids file
     * @param pairsFile the matched pairs
     * @param skipBad skip and count bad rows instead of failing
     * @param limit use only this many training pairs (0: all)
     * @param sGroupFile the groups of S rows ({@code id group} per line), or {@code null}
     * @param tGroupFile the groups of T rows, or {@code null}
     * @return the task
     * @throws IOException if a file cannot be read
     */
    public static FeaturesTask open(List<Path> sFiles, List<Path> tFiles, Path pairsFile,
            boolean skipBad, int limit, Path sGroupFile, Path tGroupFile) throws IOException {
        BadRows policy = skipBad ? BadRows.skip() : BadRows.fail();
        FeatureTable s = FeatureTable.read(sFiles.get(0), sFiles.get(1), 0, policy);
        FeatureTable t = FeatureTable.read(tFiles.get(0), tFiles.get(1), 0, policy);
        FeaturePairs pairs = PairFile.read(pairsFile, s, t, policy);
        List<String> sGroups = sGroupFile == null ? null : GroupFile.read(sGroupFile, s, policy);
        List<String> tGroups = tGroupFile == null ? null : GroupFile.read(tGroupFile, t, policy);
        return new FeaturesTask(s, t, pairs, policy.summary(), limit, sGroups, tGroups);
    }

    @Override
    public String name() {
        return "features";
    }

    @Override
    public Map<String, Object> describe() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("s", s.source().toAbsolutePath() + " (" + s.size() + " x " + s.width() + ")");
        d.put("t", t.source().toAbsolutePath() + " (" + t.size() + " x " + t.width() + ")");
        d.put("train_pairs", trainPairedS.length);
        d.put("validation_pairs", validation[0].length);
        d.put("test_pairs", test[0].length);
        d.put("unpaired_s", unpairedS.length);
        d.put("unpaired_t", unpairedT.length);
        d.put("warnings", warnings);
        return d;
    }

    @Override
    public String warnings() {
        return warnings;
    }

    @Override
    public void prepare(Path runDirectory, boolean create) {
        // Features need no vocabulary.
    }

    /**
     * Items {@code 0..P-1} are the training pairs; S-only items and T-only items follow, each in
     * its own numbering from P. Pairs beyond the paired fraction join both unpaired pools.
     */
    @Override
    public SemiPairedPools pools(TrainingConfig config) {
        int p = trainPairedS.length;
        int kept = (int) Math.round(config.pairedFraction() * p);
        int[] order = new int[p];
        for (int i = 0; i < p; i++) {
            order[i] = i;
        }
        shuffle(order, new Random(config.seed()));
        int[] paired = Arrays.copyOf(order, kept);
        Arrays.sort(paired);
        int[] releasedPairs = Arrays.copyOfRange(order, kept, p);
        int[] onlyS = new int[releasedPairs.length + unpairedS.length];
        int[] onlyT = new int[releasedPairs.length + unpairedT.length];
        for (int i = 0; i < releasedPairs.length; i++) {
            onlyS[i] = releasedPairs[i];
            onlyT[i] = releasedPairs[i];
        }
        for (int i = 0; i < unpairedS.length; i++) {
            onlyS[releasedPairs.length + i] = p + i;
        }
        for (int i = 0; i < unpairedT.length; i++) {
            onlyT[releasedPairs.length + i] = p + i;
        }
        Random random = new Random(config.seed() + 1);
        shuffle(onlyT, random);
        // Released pairs keep one item number on both sides: they are the hidden pairs.
        SemiPairedPools pools = SemiPairedPools.of(paired, onlyS, onlyT)
                .withHiddenPairs(releasedPairs, releasedPairs);
        if (sGroups == null || tGroups == null) {
            return pools;
        }
        List<String> sItemGroups = itemGroups(sGroups, trainPairedS, unpairedS);
        List<String> tItemGroups = itemGroups(tGroups, trainPairedT, unpairedT);
        List<String> all = new ArrayList<>(sItemGroups);
        all.addAll(tItemGroups);
        GroupNumbering numbering = GroupNumbering.of(all);
        return pools.withGroups(numbering.idsOf(sItemGroups), numbering.idsOf(tItemGroups));
    }

    /** The group of every item of one side: the training pairs first, then the unpaired rows. */
    private static List<String> itemGroups(List<String> rowGroups, int[] pairedRows, int[] unpairedRows) {
        List<String> groups = new ArrayList<>(pairedRows.length + unpairedRows.length);
        for (int row : pairedRows) {
            groups.add(rowGroups.get(row));
        }
        for (int row : unpairedRows) {
            groups.add(rowGroups.get(row));
        }
        return groups;
    }

    @Override
    public TwoStreamModel newModel(SetClipObjective objective, NDManager manager) {
        TwoStreamModel model = new TwoStreamModel(
                Towers.of(MlpEncoder.build(0.1f, 512), ProjectionHead.build(EMBEDDING_DIM, 0.1f)), 1,
                Towers.of(MlpEncoder.build(0.1f, 512), ProjectionHead.build(EMBEDDING_DIM, 0.1f)),
                objective);
        model.initialize(manager, DataType.FLOAT32,
                new Shape[] {new Shape(2, s.width())}, new Shape[] {new Shape(2, t.width())});
        return model;
    }

    @Override
    public ModalityInput sInput() {
        return new Rows(s, trainPairedS, unpairedS);
    }

    @Override
    public ModalityInput tInput() {
        return new Rows(t, trainPairedT, unpairedT);
    }

    @Override
    public EmbeddedSplit embed(TwoStreamModel model, NDManager manager, Split split) {
        int[][] rows = switch (split) {
            case TRAIN -> new int[][] {trainPairedS, trainPairedT};
            case VALIDATION -> validation;
            case TEST -> test;
        };
        ParameterStore ps = new ParameterStore(manager, false);
        NDList se = new NDList();
        NDList te = new NDList();
        for (int start = 0; start < rows[0].length; start += CHUNK) {
            int end = Math.min(rows[0].length, start + CHUNK);
            se.add(model.embedS(ps, new NDList(s.rows(manager, Arrays.copyOfRange(rows[0], start, end))), false));
            te.add(model.embedT(ps, new NDList(t.rows(manager, Arrays.copyOfRange(rows[1], start, end))), false));
        }
        int[][] partners = new int[rows[0].length][];
        List<String> sIds = new ArrayList<>();
        List<String> tIds = new ArrayList<>();
        for (int i = 0; i < partners.length; i++) {
            partners[i] = new int[] {i};
            sIds.add(s.ids().get(rows[0][i]));
            tIds.add(t.ids().get(rows[1][i]));
        }
        return new EmbeddedSplit(NDArrays.concat(se), NDArrays.concat(te), partners, Map.of(), sIds, tIds);
    }

    /** Item k below P is training pair k; item P + j is unpaired row j. */
    private static final class Rows implements ModalityInput {
        private final FeatureTable table;
        private final int[] paired;
        private final int[] unpaired;

        Rows(FeatureTable table, int[] paired, int[] unpaired) {
            this.table = table;
            this.paired = paired;
            this.unpaired = unpaired;
        }

        @Override
        public NDList batch(NDManager manager, int[] items, ViewSeeds seeds) {
            int[] rows = new int[items.length];
            for (int i = 0; i < items.length; i++) {
                rows[i] = items[i] < paired.length ? paired[items[i]] : unpaired[items[i] - paired.length];
            }
            return new NDList(table.rows(manager, rows));
        }

        @Override
        public NDList secondView(NDManager manager, int[] items, ViewSeeds seeds) {
            return batch(manager, items, seeds); // dropout in the second pass makes the view
        }
    }

    private static int[][] take(FeaturePairs pairs, int[] order, int from, int to) {
        int[] sRows = new int[to - from];
        int[] tRows = new int[to - from];
        for (int i = from; i < to; i++) {
            sRows[i - from] = pairs.pairedS()[order[i]];
            tRows[i - from] = pairs.pairedT()[order[i]];
        }
        return new int[][] {sRows, tRows};
    }

    private static int[] permutation(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        shuffle(p, new Random(0));
        return p;
    }

    private static void shuffle(int[] a, Random random) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int tmp = a[i];
            a[i] = a[j];
            a[j] = tmp;
        }
    }
}
