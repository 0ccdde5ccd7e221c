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
 * The large-batch comparison of issue 12: SDD + MMD and the whole objective beside the Gram
 * product's forward + backward at N = 4096, 8192, 16384 (d = 256), one call per iteration (a call
 * takes seconds to minutes). Tiles by default; {@code -p blocking=NEVER} for whole matrices, only
 * where they fit in memory (see docs/benchmarks.md). Each parameter combination runs in its own
 * JVM, whose peak resident set is printed at the end of the trial.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = {"-Dai.djl.offline=true", "-Xmx2g"})
public class LargeBatchBenchmark {

    @Param({"4096", "8192", "16384"})
    int n;

    @Param({"256"})
    int d;

    @Param({"ALWAYS"})
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
        System.out.println(
                "\n[peak RSS] n=" + n + " blocking=" + blocking + ": " + PeakMemory.describe());
    }

    @Benchmark
    public float gram() {
        return workload.run(Computation.GRAM);
    }

    @Benchmark
    public float sddAndMmd() {
        return workload.run(Computation.SDD_AND_MMD);
    }

    @Benchmark
    public float objective() {
        return workload.run(Computation.OBJECTIVE);
    }
}
