package io.github.setclip.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import io.github.setclip.data.DamagedFileException;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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

    /** Whether every moment is finite (a checkpoint of infinite moments would diverge again). */
    boolean isFinite(NDManager manager) {
        try (NDManager scope = manager.newSubManager()) {
            for (NDArray[] mv : moments) {
                scope.tempAttachAll(mv[0], mv[1]);
                if (!Finite.all(mv[0]) || !Finite.all(mv[1])) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Restores what {@link #save} wrote, checking it against the model's parameters.
     *
     * @param file the saved moments ({@code optimizer.bin})
     * @param manager the long-lived manager for the moments
     * @param parameters the model's parameters, in the order the moments follow
     * @throws DamagedFileException if the file is cut short, damaged or another model's
     * @throws IOException if it cannot be read
     */
    void load(Path file, NDManager manager, List<Parameter> parameters) throws IOException {
        long fileBytes = Files.size(file);
        List<NDArray[]> read = new ArrayList<>();
        long savedSteps;
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            savedSteps = in.readLong();
            int count = in.readInt();
            if (savedSteps < 0 || (count != 0 && count != parameters.size())) {
                throw new DamagedFileException(file, "is damaged or another model's: it holds the moments of "
                        + count + " parameters, the model has " + parameters.size());
            }
            for (int i = 0; i < count; i++) {
                read.add(readMoments(in, file, fileBytes, manager, parameters.get(i), i));
            }
        } catch (EOFException e) {
            read.forEach(mv -> new NDList(mv).close());
            throw new DamagedFileException(file, "is damaged: it ends before every moment was read"
                    + " (cut short?)", e);
        } catch (IOException | RuntimeException e) {
            read.forEach(mv -> new NDList(mv).close());
            throw e;
        }
        moments.forEach(mv -> new NDList(mv).close());
        moments.clear();
        moments.addAll(read);
        steps = savedSteps;
    }

    private static NDArray[] readMoments(DataInputStream in, Path file, long fileBytes, NDManager manager,
            Parameter parameter, int i) throws IOException {
        int length = in.readInt();
        if (length <= 0 || length > fileBytes) {
            throw new DamagedFileException(file, "is damaged: moment " + i + " claims " + length + " bytes");
        }
        byte[] encoded = new byte[length];
        in.readFully(encoded);
        NDList mv;
        try {
            mv = NDList.decode(manager, encoded);
        } catch (RuntimeException e) {
            throw new DamagedFileException(file, "is damaged: moment " + i + " cannot be decoded ("
                    + e.getMessage() + ")", e);
        }
        Shape expected = parameter.getArray().getShape();
        if (mv.size() != 2 || !mv.get(0).getShape().equals(expected) || !mv.get(1).getShape().equals(expected)) {
            String found = mv.size() == 2 ? "shape " + mv.get(0).getShape() : mv.size() + " arrays";
            mv.close();
            throw new DamagedFileException(file, "is damaged or another model's: the moments of parameter "
                    + parameter.getName() + " have " + found + ", the parameter has shape " + expected);
        }
        return new NDArray[] {mv.get(0), mv.get(1)};
    }
}
