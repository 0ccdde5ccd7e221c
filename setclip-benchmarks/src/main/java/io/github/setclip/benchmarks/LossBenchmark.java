package io.github.setclip.benchmarks;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.github.setclip.losses.ContrastiveLoss;
import io.github.setclip.losses.MultiKernelMmd;
import io.github.setclip.losses.NtXentLoss;
import io.github.setclip.losses.PairwiseGeometry;
import io.github.setclip.losses.SemanticDensityLoss;
import io.github.setclip.losses.SetClipObjective;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Forward + backward time of each loss, of the whole objective, and of the bare Gram matrix product
 * of {@code [S; T]}: the O(N^2 d) floor that SDD and MMD cannot beat. Float32 on the default
 * device, d = 256, L2-normalised random embeddings; a third of the rows are paired.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Dai.djl.offline=true", "-Xmx4g"})
public class LossBenchmark {

    @Param({"256", "1024", "4096"})
    int n;

    @Param({"256"})
    int d;

    private NDManager manager;
    private NDArray s;
    private NDArray t;
    private NDArray sPos;
    private NDArray tPos;
    private int paired;
    private SetClipObjective objective;
    private final ContrastiveLoss contrastive = new ContrastiveLoss();
    private final MultiKernelMmd mmd = MultiKernelMmd.builder().build();
    private final SemanticDensityLoss sdd = SemanticDensityLoss.builder().build();
    private final NtXentLoss ssl = new NtXentLoss();
    private NDArray logScale;
    private NDArray kernelLogits;

    @Setup(Level.Trial)
    public void setUp() {
        manager = NDManager.newBaseManager();
        manager.getEngine().setRandomSeed(42);
        s = unit(manager.randomNormal(new Shape(n, d)));
        t = unit(manager.randomNormal(new Shape(n, d)));
        sPos = unit(s.add(manager.randomNormal(0, 0.1f, new Shape(n, d), DataType.FLOAT32)));
        tPos = unit(t.add(manager.randomNormal(0, 0.1f, new Shape(n, d), DataType.FLOAT32)));
        for (NDArray x : new NDArray[] {s, t, sPos, tPos}) {
            x.setRequiresGradient(true);
        }
        paired = n / 3;
        objective = SetClipObjective.builder().optCheckFinite(false).build();
        objective.initialize(manager, DataType.FLOAT32);
        logScale = manager.create(new float[] {(float) Math.log(1 / 0.07)});
        logScale.setRequiresGradient(true);
        kernelLogits = manager.zeros(new Shape(mmd.kernelCount()));
        kernelLogits.setRequiresGradient(true);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        manager.close();
    }

    private static NDArray unit(NDArray x) {
        return x.div(x.norm(new int[] {1}, true));
    }

    /**
     * Runs one forward + backward. The inputs are attached to a scope for its duration, so every
     * intermediate array (each N x N one is 256 MB at N = 4096) is freed when it closes.
     */
    private float step(Supplier<NDArray> loss) {
        try (NDManager scope = manager.newSubManager()) {
            scope.tempAttachAll(s, t, sPos, tPos, logScale, kernelLogits);
            objective.getParameters().values().forEach(p -> scope.tempAttachAll(p.getArray()));
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray value = loss.get();
                collector.backward(value);
                return value.getFloat();
            }
        }
    }

    @Benchmark
    public float gram() {
        return step(() -> {
            NDArray joint = s.concat(t, 0);
            return joint.matMul(joint.transpose()).sum();
        });
    }

    @Benchmark
    public float contrastive() {
        return step(() -> contrastive.compute(
                s.get("0:{}", paired), t.get("0:{}", paired), logScale));
    }

    @Benchmark
    public float mmd() {
        return step(() -> mmd.compute(s, t, kernelLogits).value());
    }

    @Benchmark
    public float sdd() {
        return step(() -> sdd.compute(s, t));
    }

    /** SDD and MMD sharing one Gram matrix, as the objective evaluates them. */
    @Benchmark
    public float sddAndMmd() {
        return step(() -> {
            PairwiseGeometry geometry = PairwiseGeometry.of(s, t);
            return sdd.compute(geometry).add(mmd.compute(geometry, kernelLogits).value());
        });
    }

    @Benchmark
    public float ssl() {
        return step(() -> ssl.compute(s, sPos).add(ssl.compute(t, tPos)));
    }

    @Benchmark
    public float objective() {
        return step(() -> objective.compute(s, t, sPos, tPos, paired).total());
    }
}
