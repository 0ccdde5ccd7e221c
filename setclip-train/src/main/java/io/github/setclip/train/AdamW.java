package io.github.setclip.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * AdamW (Loshchilov and Hutter 2019) whose moments can be saved and restored, so that a resumed
 * run continues exactly; DJL's own optimisers keep their moments private and never save them.
 *
 * <p>Per parameter {@code p} with gradient {@code g} at step {@code t} (1-based), learning rate
 * {@code lr}: {@code m = b1 m + (1 - b1) g}, {@code v = b2 v + (1 - b2) g^2}, {@code p -= lr (m /
 * (1 - b1^t) / (sqrt(v / (1 - b2^t)) + eps) + wd p)}. Weight decay applies to weight matrices
 * only (parameters of two or more dimensions), not to biases, norms or the loss's scalars.
 */
final class AdamW {

    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final double weightDecay;
    /** First and second moments per parameter, by position in the model's parameter list. */
    private final List<NDArray[]> moments = new ArrayList<>();
    private long steps;

    AdamW(double beta1, double beta2, double epsilon, double weightDecay) {
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        this.weightDecay = weightDecay;
    }

    /** Number of updates applied so far. */
    long steps() {
        return steps;
    }

    /**
     * Applies one update to every parameter that has a gradient, then zeroes the gradients.
     * Call outside a gradient collector.
     *
     * @param parameters the model's parameters, in a fixed order
     * @param learningRate the learning rate for this step
     * @param manager the long-lived manager that owns the moments
     */
    void step(List<Parameter> parameters, double learningRate, NDManager manager) {
        steps++;
        double correction1 = 1 - Math.pow(beta1, steps);
        double correction2 = 1 - Math.pow(beta2, steps);
        for (int i = 0; i < parameters.size(); i++) {
            Parameter parameter = parameters.get(i);
            NDArray weight = parameter.getArray();
            if (moments.size() <= i) {
                moments.add(new NDArray[] {
                    manager.zeros(weight.getShape(), weight.getDataType()),
                    manager.zeros(weight.getShape(), weight.getDataType())
                });
            }
            if (!parameter.requiresGradient()) {
                continue;
            }
            NDArray grad = weight.getGradient();
            NDArray[] mv = moments.get(i);
            try (NDManager scope = manager.newSubManager()) {
                // Everything computed from these lands in the scope and is freed with it.
                grad.attach(scope); // a fresh handle on the gradient: freed with the scope
                scope.tempAttachAll(weight, mv[0], mv[1]);
                mv[0].muli(beta1).addi(grad.mul(1 - beta1));
                mv[1].muli(beta2).addi(grad.square().muli(1 - beta2));
                NDArray denominator = mv[1].div(correction2).sqrt().addi(epsilon);
                NDArray update = mv[0].div(correction1).divi(denominator);
                if (weightDecay > 0 && weight.getShape().dimension() >= 2) {
                    update.addi(weight.mul(weightDecay));
                }
                weight.subi(update.muli(learningRate));
                grad.subi(grad);
            }
        }
    }

    /** Writes the step count and every moment, in parameter order. */
    void save(DataOutputStream out) throws IOException {
        out.writeLong(steps);
        out.writeInt(moments.size());
        for (NDArray[] mv : moments) {
            byte[] encoded = new NDList(mv).encode();
            out.writeInt(encoded.length);
            out.write(encoded);
        }
    }

    /** Restores what {@link #save} wrote. */
    void load(DataInputStream in, NDManager manager) throws IOException {
        moments.forEach(mv -> new NDList(mv).close());
        moments.clear();
        steps = in.readLong();
        int count = in.readInt();
        for (int i = 0; i < count; i++) {
            byte[] encoded = new byte[in.readInt()];
            in.readFully(encoded);
            NDList mv = NDList.decode(manager, encoded);
            moments.add(new NDArray[] {mv.get(0), mv.get(1)});
        }
    }
}
