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
    void withDropoutChunkedGradientsEqualTheWholeBatchOnes() {
        TrainingConfig config = config();
        try (NDManager m1 = NDManager.newBaseManager(); NDManager m2 = NDManager.newBaseManager()) {
            Map<String, float[]> whole = gradients(model(m1, config, 0.3f), config, null, m1);
            Map<String, float[]> chunked = gradients(model(m2, config, 0.3f), config, new GradientCache(4, List.of()), m2);
            assertClose(whole, chunked);
        }
    }

    @Test
    void withDropoutAChunkedStepReportsTheWholeBatchLosses() {
        TrainingConfig config = config();
        try (NDManager m1 = NDManager.newBaseManager(); NDManager m2 = NDManager.newBaseManager()) {
            Map<String, Double> whole = terms(model(m1, config, 0.3f), config, null, m1);
            for (int rows : new int[] {1, 3, 7}) {
                Map<String, Double> chunked = terms(model(m2, config, 0.3f), config,
                        new GradientCache(rows, List.of()), m2);
                assertEquals(whole.keySet(), chunked.keySet());
                for (String term : whole.keySet()) {
                    assertEquals(whole.get(term), chunked.get(term), 1e-5 * Math.max(1, Math.abs(whole.get(term))),
                            term + " with chunks of " + rows);
                }
            }
        }
    }

    /** Every term's value in one BatchStep. */
    private static Map<String, Double> terms(TwoStreamModel model, TrainingConfig config, GradientCache cache,
            NDManager manager) {
        BatchStep step = new BatchStep(config, model, (io.github.setclip.losses.SetClipObjective) model.objective(),
                DATA.input(DATA.s), DATA.input(DATA.t), null, null, cache, manager);
        BatchStep.Result result = step.run(plan(config), 3, 0, new ParameterStore(manager, false), false);
        result.kept().close();
        return result.terms();
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
