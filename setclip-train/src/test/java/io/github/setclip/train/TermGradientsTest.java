package io.github.setclip.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.github.setclip.losses.ContrastiveLoss;
import io.github.setclip.losses.LossWeights;
import io.github.setclip.losses.ObjectiveBatch;
import io.github.setclip.losses.SetClipObjective;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TermGradientsTest {

    private static NDArray unit(NDManager m, long seed, int n, int d) {
        Engine.getInstance().setRandomSeed((int) seed);
        NDArray x = m.randomNormal(new Shape(n, d), DataType.FLOAT64);
        return x.div(x.norm(new int[] {1}, true));
    }

    private static Map<String, Double> measure(NDManager m, LossWeights weights) {
        SetClipObjective objective = SetClipObjective.builder().optWeights(weights).build();
        objective.initialize(m, DataType.FLOAT64);
        ObjectiveBatch batch = ObjectiveBatch.builder().setEmbeddings(unit(m, 1, 12, 6), unit(m, 2, 12, 6))
                .optSecondViews(unit(m, 3, 12, 6), unit(m, 4, 12, 6)).setPositiveRows(4).build();
        return TermGradients.weighted(TermGradients.measure(objective, null, batch, weights), weights);
    }

    @Test
    void theContrastiveNormMatchesTheGradientOfTheContrastiveLossAlone() {
        try (NDManager m = NDManager.newBaseManager()) {
            double measured = measure(m, new LossWeights(2, 0, 0, 0)).get("grad_norm_cl");
            NDArray s = unit(m, 1, 12, 6);
            NDArray t = unit(m, 2, 12, 6);
            s.setRequiresGradient(true);
            t.setRequiresGradient(true);
            try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
                NDArray scale = m.create(Math.log(1 / 0.07)); // the initial log-scale l
                c.backward(new ContrastiveLoss().compute(s.get("0:4"), t.get("0:4"), scale));
            }
            double direct = Math.sqrt(s.getGradient().square().sum().getDouble()
                    + t.getGradient().square().sum().getDouble());
            assertEquals(2 * direct, measured, 1e-7 * direct, "weight 2 doubles the norm");
        }
    }

    @Test
    void aTermOfWeightZeroPullsWithZeroAndWeightsScaleTheNormLinearly() {
        try (NDManager m = NDManager.newBaseManager()) {
            Map<String, Double> base = measure(m, new LossWeights(1, 0.2, 0.7, 0.15));
            Map<String, Double> doubled = measure(m, new LossWeights(1, 0.4, 1.4, 0.3));
            Map<String, Double> none = measure(m, new LossWeights(1, 0, 0, 0));
            for (String term : new String[] {"mmd", "sdd", "ssl"}) {
                double b = base.get("grad_norm_" + term);
                assertTrue(b > 0, term);
                assertEquals(2 * b, doubled.get("grad_norm_" + term), 1e-9 * b, term);
                assertEquals(0.0, none.get("grad_norm_" + term), term);
            }
        }
    }
}
