package io.github.setclip.examples;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.github.setclip.losses.LossTerms;
import io.github.setclip.losses.SetClipObjective;

/**
 * The README's loss example: the Set-CLIP objective on a batch of 256 rows per modality, the
 * first 64 of them matched pairs, with gradients at the embeddings.
 */
public final class LossQuickstart {

    private LossQuickstart() {}

    /**
     * Runs the example.
     *
     * @param args unused
     */
    public static void main(String[] args) {
        try (NDManager manager = NDManager.newBaseManager()) {
            SetClipObjective objective = SetClipObjective.builder().optBandwidth(0.2).build();
            objective.initialize(manager, DataType.FLOAT32); // owns the logit scale and kernel weights
            NDArray s = unit(manager.randomNormal(new Shape(256, 128))); // e.g. image embeddings
            NDArray t = unit(manager.randomNormal(new Shape(256, 128))); // e.g. caption embeddings
            s.setRequiresGradient(true);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                LossTerms terms = objective.compute(s, t, 64); // rows 0..63 are matched pairs
                collector.backward(terms.total());
                System.out.println(terms.toMap()); // {cl=..., mmd=..., sdd=..., ssl=0.0, total=...}
            }
            System.out.println("|dL/dS| = " + s.getGradient().norm().getFloat());
        }
    }

    private static NDArray unit(NDArray x) {
        return x.div(x.norm(new int[] {1}, true));
    }
}
