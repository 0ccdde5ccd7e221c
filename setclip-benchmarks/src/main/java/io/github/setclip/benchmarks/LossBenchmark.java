package io.github.setclip.benchmarks;

import io.github.setclip.benchmarks.LossWorkload.Computation;
import io.github.setclip.losses.Blocking;
import java.util.concurrent.TimeUnit;
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
 * device, d = 256, L2-normalised random embeddings; a third of the rows are paired. Whole
 * matrices by default ({@code -p blocking=ALWAYS} for tiles).
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

    @Param({"NEVER"})
    Blocking blocking;

    @Param({"1024"})
    int blockSize;

    private LossWorkload workload;

    @Setup(Level.Trial)
    public void setUp() {
        workload = new LossWorkload(n, d, blocking, blockSize);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        workload.close();
    }

    @Benchmark
    public float gram() {
        return workload.run(Computation.GRAM);
    }

    @Benchmark
    public float contrastive() {
        return workload.run(Computation.CONTRASTIVE);
    }

    @Benchmark
    public float mmd() {
        return workload.run(Computation.MMD);
    }

    @Benchmark
    public float sdd() {
        return workload.run(Computation.SDD);
    }

    /** SDD and MMD sharing one geometry, as the objective evaluates them. */
    @Benchmark
    public float sddAndMmd() {
        return workload.run(Computation.SDD_AND_MMD);
    }

    @Benchmark
    public float ssl() {
        return workload.run(Computation.SSL);
    }

    @Benchmark
    public float objective() {
        return workload.run(Computation.OBJECTIVE);
    }
}
