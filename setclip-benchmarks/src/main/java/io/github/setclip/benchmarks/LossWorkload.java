package io.github.setclip.benchmarks;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.github.setclip.losses.Blocking;
import io.github.setclip.losses.ContrastiveLoss;
import io.github.setclip.losses.MultiKernelMmd;
import io.github.setclip.losses.NtXentLoss;
import io.github.setclip.losses.PairwiseGeometry;
import io.github.setclip.losses.SemanticDensityLoss;
import io.github.setclip.losses.SetClipObjective;
import java.util.function.Supplier;

/**
 * The inputs and computations every loss benchmark times, in one place so that the JMH benchmarks
 * and {@link PeakMemory} measure the same thing: L2-normalised random float32 embeddings, N rows
 * per modality of width d, second views, a third of the rows paired, on the default device.
 */
final class LossWorkload implements AutoCloseable {

    /** What one forward + backward pass evaluates. */
    enum Computation {
        /** The bare Gram matrix of {@code [S; T]}: the O(N^2 d) floor under MMD and SDD. */
        GRAM,
        /** CL on the paired third. */
        CONTRASTIVE,
        /** MMD alone. */
        MMD,
        /** SDD alone. */
        SDD,
        /** SDD and MMD on one shared geometry, as the objective evaluates them. */
        SDD_AND_MMD,
        /** NT-Xent of both modalities. */
        SSL,
        /** The whole weighted objective with second views, finiteness checks off. */
        OBJECTIVE
    }

    private final NDManager manager;
    private final NDArray s;
    private final NDArray t;
    private final NDArray sPositive;
    private final NDArray tPositive;
    private final NDArray logScale;
    private final NDArray kernelLogits;
    private final int paired;
    private final ContrastiveLoss contrastive;
    private final MultiKernelMmd mmd;
    private final SemanticDensityLoss sdd;
    private final NtXentLoss ssl;
    private final SetClipObjective objective;

    /**
     * @param n rows per modality
     * @param d embedding width
     * @param blocking whole matrices, tiles, or the automatic choice, for every term
     * @param blockSize the tile side B
     */
    LossWorkload(int n, int d, Blocking blocking, int blockSize) {
        manager = NDManager.newBaseManager();
        manager.getEngine().setRandomSeed(42);
        s = unit(manager.randomNormal(new Shape(n, d)));
        t = unit(manager.randomNormal(new Shape(n, d)));
        sPositive = unit(s.add(manager.randomNormal(0, 0.1f, new Shape(n, d), DataType.FLOAT32)));
        tPositive = unit(t.add(manager.randomNormal(0, 0.1f, new Shape(n, d), DataType.FLOAT32)));
        for (NDArray x : new NDArray[] {s, t, sPositive, tPositive}) {
            x.setRequiresGradient(true);
        }
        paired = n / 3;
        contrastive =
                ContrastiveLoss.builder().optBlocking(blocking).optBlockSize(blockSize).build();
        mmd = MultiKernelMmd.builder().optBlocking(blocking).optBlockSize(blockSize).build();
        sdd = SemanticDensityLoss.builder().optBlocking(blocking).optBlockSize(blockSize).build();
        ssl = new NtXentLoss(NtXentLoss.DEFAULT_TEMPERATURE, blocking, blockSize);
        objective =
                SetClipObjective.builder()
                        .optCheckFinite(false)
                        .optBlocking(blocking)
                        .optBlockSize(blockSize)
                        .build();
        objective.initialize(manager, DataType.FLOAT32);
        logScale = manager.create(new float[] {(float) ContrastiveLoss.DEFAULT_INITIAL_LOG_SCALE});
        logScale.setRequiresGradient(true);
        kernelLogits = manager.zeros(new Shape(mmd.kernelCount()));
        kernelLogits.setRequiresGradient(true);
    }

    private static NDArray unit(NDArray x) {
        return x.div(x.norm(new int[] {1}, true));
    }

    /**
     * Runs one forward + backward pass. The inputs are attached to a scope for its duration, so
     * every intermediate array is freed when it closes.
     *
     * @return the loss value, read back (which waits for the computation)
     */
    float run(Computation computation) {
        Supplier<NDArray> loss = loss(computation);
        try (NDManager scope = manager.newSubManager()) {
            scope.tempAttachAll(s, t, sPositive, tPositive, logScale, kernelLogits);
            objective.getParameters().values().forEach(p -> scope.tempAttachAll(p.getArray()));
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray value = loss.get();
                collector.backward(value);
                return value.getFloat();
            }
        }
    }

    private Supplier<NDArray> loss(Computation computation) {
        return switch (computation) {
            case GRAM -> () -> {
                NDArray joint = s.concat(t, 0);
                return joint.matMul(joint.transpose()).sum();
            };
            case CONTRASTIVE -> () -> contrastive.compute(s, t, paired, null, logScale);
            case MMD -> () -> mmd.compute(s, t, kernelLogits).value();
            case SDD -> () -> sdd.compute(s, t);
            case SDD_AND_MMD -> () -> {
                PairwiseGeometry geometry = PairwiseGeometry.of(s, t);
                return sdd.compute(geometry).add(mmd.compute(geometry, kernelLogits).value());
            };
            case SSL -> () -> ssl.compute(s, sPositive).add(ssl.compute(t, tPositive));
            case OBJECTIVE -> () -> objective.compute(s, t, sPositive, tPositive, paired).total();
        };
    }

    @Override
    public void close() {
        manager.close();
    }
}
