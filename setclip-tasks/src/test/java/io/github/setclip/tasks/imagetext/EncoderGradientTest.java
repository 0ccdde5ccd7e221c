package io.github.setclip.tasks.imagetext;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import io.github.setclip.core.pretrained.EncoderEngine;
import io.github.setclip.core.pretrained.EncoderFile;
import io.github.setclip.core.pretrained.PretrainedTextEncoder;
import java.nio.FloatBuffer;
import org.junit.jupiter.api.Test;

/**
 * Gradients flow into a TorchScript encoder's own parameters, and they are the right ones: the
 * gradient of a fixed linear read-out of the tiny text encoder (embedding, linear, tanh: smooth,
 * so central differences are exact to second order) with respect to its mixing weights matches
 * central differences of the read-out.
 */
class EncoderGradientTest {

    @Test
    void aMixingWeightsGradientMatchesCentralDifferences() {
        try (NDManager manager = NDManager.newBaseManager()) {
            PretrainedTextEncoder encoder = PretrainedTextEncoder.builder()
                    .setFile(EncoderFile.of(Encoders.file("text.pt")), EncoderEngine.TORCHSCRIPT).build();
            encoder.initialize(manager, DataType.FLOAT32, new Shape(2, 6), new Shape(2, 6));
            manager.getEngine().setRandomSeed(3);
            NDArray ids = manager.randomInteger(2, 40, new Shape(4, 6), DataType.INT64);
            NDArray mask = manager.create(new long[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 1, 1, 0, 0, 0, 0,
                1, 1, 1, 1, 1, 0}, new Shape(4, 6));
            NDList tokens = new NDList(ids, mask);
            NDArray readOut = manager.randomNormal(new Shape(4, encoder.width()));
            Parameter weight = null;
            for (Pair<String, Parameter> p : encoder.getParameters()) {
                if (p.getKey().contains("mix") && p.getKey().contains("weight")) {
                    weight = p.getValue();
                }
            }
            assertTrue(weight != null && weight.requiresGradient(), "a trainable mixing weight");
            ParameterStore ps = new ParameterStore(manager, false);
            float[] analytic;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray value = encoder.forward(ps, tokens, true).head().mul(readOut).sum();
                collector.backward(value);
            }
            analytic = weight.getArray().getGradient().toFloatArray();
            float[] values = weight.getArray().toFloatArray();
            double eps = 1e-2;
            int checked = 0;
            for (int k = 0; k < values.length; k += 7) {
                double plus = readOut(encoder, ps, tokens, readOut, weight, values, k, eps);
                double minus = readOut(encoder, ps, tokens, readOut, weight, values, k, -eps);
                double numeric = (plus - minus) / (2 * eps);
                assertEquals(numeric, analytic[k], 1e-3 + 1e-2 * Math.abs(numeric), "weight element " + k);
                checked++;
            }
            set(weight, values);
            assertTrue(checked >= 5);
            encoder.close();
        }
    }

    private static double readOut(PretrainedTextEncoder encoder, ParameterStore ps, NDList tokens,
            NDArray readOut, Parameter weight, float[] values, int k, double step) {
        float[] moved = values.clone();
        moved[k] = (float) (values[k] + step);
        set(weight, moved);
        return encoder.forward(ps, tokens, false).head().mul(readOut).sum()
                .toType(DataType.FLOAT64, false).getDouble();
    }

    private static void set(Parameter weight, float[] values) {
        weight.getArray().setRequiresGradient(false);
        weight.getArray().set(FloatBuffer.wrap(values));
        weight.getArray().setRequiresGradient(true);
    }
}
