package io.github.setclip.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import io.github.setclip.core.ProjectionHead;
import io.github.setclip.core.Towers;
import io.github.setclip.core.TwoStreamModel;
import io.github.setclip.core.encoders.MlpEncoder;
import io.github.setclip.data.batch.BatchComposition;
import io.github.setclip.data.batch.MixedBatchPlan;
import io.github.setclip.data.batch.MixedBatchSampler;
import io.github.setclip.data.batch.SemiPairedPools;
import io.github.setclip.losses.ClNegatives;
import io.github.setclip.losses.ObjectiveBatch;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Exact chunked gradients (GradCache): embedding a batch in chunks, taking the objective's gradient
 * at the whole batch's embeddings and back-propagating it chunk by chunk gives the parameters the
 * gradient of the whole-batch objective.
 */
class GradientCacheTest {

    private static final SyntheticPairs DATA = new SyntheticPairs(60, 5, 12, 10, 3);

    private static TrainingConfig config() {
        return TrainingConfig.builder().optBatchSize(8).optPairedFraction(0.4).optSeed(5)
                .optObjective(ObjectiveSettings.builder().optClNegatives(ClNegatives.ALL).build()).build();
    }

    private static TwoStreamModel model(NDManager manager, TrainingConfig config, float dropout) {
        Engine.getInstance().setRandomSeed(9);
        TwoStreamModel model = new TwoStreamModel(
                Towers.of(MlpEncoder.build(dropout, 24), ProjectionHead.build(8, dropout)), 1,
                Towers.of(MlpEncoder.build(dropout, 24), ProjectionHead.build(8, dropout)),
                config.newObjective());
        model.initialize(manager, DataType.FLOAT32, new Shape[] {new Shape(4, 12)}, new Shape[] {new Shape(4, 10)});
        return model;
    }

    private static MixedBatchPlan plan(TrainingConfig config) {
        SemiPairedPools pools = SemiPairedPools.builder().setNumItems(60).setPairedFraction(0.4).optSeed(5).build();
        return MixedBatchSampler.builder().setPools(pools).optComposition(BatchComposition.ADDITIVE)
                .optPairedPerBatch(9).optUnpairedPerBatch(10).optSeed(5).build().plans(0).get(0);
    }

    /** Every parameter's gradient after one BatchStep, copied out. */
    private static Map<String, float[]> gradients(TwoStreamModel model, TrainingConfig config, GradientCache cache,
            NDManager manager) {
        BatchStep step = new BatchStep(config, model, model.objective() instanceof io.github.setclip.losses.SetClipObjective o
                ? o : null, DATA.input(DATA.s), DATA.input(DATA.t), null, null, cache, manager);
        ParameterStore ps = new ParameterStore(manager, false);
        step.run(plan(config), 3, 0, ps, false).kept().close();
        return collect(model);
    }

    private static Map<String, float[]> collect(TwoStreamModel model) {
        Map<String, float[]> out = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : model.getParameters()) {
            if (p.getValue().requiresGradient()) {
                out.put(p.getKey(), p.getValue().getArray().getGradient().toFloatArray());
            }
        }
        return out;
    }

    private static void assertClose(Map<String, float[]> expected, Map<String, float[]> actual) {
        assertEquals(expected.keySet(), actual.keySet());
        double largest = 0;
        for (String name : expected.keySet()) {
            float[] e = expected.get(name);
            float[] a = actual.get(name);
            double scale = 1e-6;
            for (float v : e) {
                scale = Math.max(scale, Math.abs(v));
            }
            for (int i = 0; i < e.length; i++) {
                assertEquals(e[i], a[i], 2e-5 * scale, name + "[" + i + "]");
            }
            largest = Math.max(largest, scale);
        }
        assertTrue(largest > 1e-4, "the gradients are not all zero");
    }

    @Test
    void chunkedGradientsEqualTheWholeBatchOnesWithoutDropout() {
        TrainingConfig config = config();
        try (NDManager m1 = NDManager.newBaseManager(); NDManager m2 = NDManager.newBaseManager()) {
            Map<String, float[]> whole = gradients(model(m1, config, 0f), config, null, m1);
            Map<String, float[]> chunked = gradients(model(m2, config, 0f), config, new GradientCache(4, List.of()), m2);
            assertClose(whole, chunked);
        }
    }

    @Test
    void withDropoutBothPassesSeeTheSameMasksAndTheGradientIsTheChunkedForwardsOne() {
        TrainingConfig config = config();
        MixedBatchPlan plan = plan(config);
        long step = 3;
        long stepSeed = config.seed() * 1_000_003L + step;
        try (NDManager m1 = NDManager.newBaseManager(); NDManager m2 = NDManager.newBaseManager()) {
            // Reference: the same chunks, seeded the same way, all embedded with a graph at once.
            TwoStreamModel reference = model(m1, config, 0.3f);
            ParameterStore ps = new ParameterStore(m1, false);
            Engine.getInstance().setRandomSeed((int) (stepSeed ^ (stepSeed >>> 32)));
            ViewSeeds sSeeds = new ViewSeeds(stepSeed, stepSeed + 2);
            ViewSeeds tSeeds = new ViewSeeds(stepSeed + 1, stepSeed + 3);
            NDList sIn = DATA.input(DATA.s).batch(m1, plan.sRows(), sSeeds);
            NDList tIn = DATA.input(DATA.t).batch(m1, plan.tRows(), tSeeds);
            NDList sPosIn = DATA.input(DATA.s).secondView(m1, plan.sRows(), sSeeds);
            NDList tPosIn = DATA.input(DATA.t).secondView(m1, plan.tRows(), tSeeds);
            try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
                NDArray s = chunks(reference, ps, true, 0, sIn, stepSeed);
                NDArray t = chunks(reference, ps, false, 0, tIn, stepSeed);
                NDArray sp = chunks(reference, ps, true, 1, sPosIn, stepSeed);
                NDArray tp = chunks(reference, ps, false, 1, tPosIn, stepSeed);
                c.backward(((io.github.setclip.losses.SetClipObjective) reference.objective()).compute(ps,
                        ObjectiveBatch.builder().setEmbeddings(s, t).optSecondViews(sp, tp)
                                .setPositiveRows(plan.numPositives()).build()).total());
            }
            Map<String, float[]> expected = collect(reference);
            Map<String, float[]> chunked = gradients(model(m2, config, 0.3f), config, new GradientCache(4, List.of()), m2);
            assertClose(expected, chunked);
        }
    }

    private static NDArray chunks(TwoStreamModel model, ParameterStore ps, boolean s, int view, NDList input,
            long stepSeed) {
        long rows = input.head().getShape().get(0);
        NDList parts = new NDList();
        for (int c = 0, start = 0; start < rows; c++, start += 4) {
            Engine.getInstance().setRandomSeed(GradientCache.chunkSeed(stepSeed, s, view, c));
            NDList chunk = new NDList(input.head().get("{}:{}", start, Math.min(rows, start + 4)));
            parts.add(s ? model.embedS(ps, chunk, true) : model.embedT(ps, chunk, true));
        }
        return NDArrays.concat(parts);
    }

    @Test
    void chunksPlacedOnDevicesGiveTheSingleDevicesGradients() {
        TrainingConfig config = config();
        try (NDManager m1 = NDManager.newBaseManager(); NDManager m2 = NDManager.newBaseManager()) {
            Map<String, float[]> one = gradients(model(m1, config, 0.2f), config, new GradientCache(4, List.of()), m1);
            Map<String, float[]> two = gradients(model(m2, config, 0.2f), config,
                    new GradientCache(4, List.of(Device.cpu(), Device.cpu())), m2);
            assertClose(one, two);
        }
    }
}
