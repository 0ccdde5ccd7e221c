package io.github.setclip.benchmarks;

import io.github.setclip.benchmarks.LossWorkload.Computation;
import io.github.setclip.losses.Blocking;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Peak resident memory of one configuration, in a JVM of its own: runs a few forward + backward
 * passes and prints the time per pass and the process's peak resident set (VmHWM from {@code
 * /proc/self/status}, Linux only). Tensors live in native memory, so the Java heap says nothing.
 *
 * <pre>
 *   PeakMemory &lt;gram|sdd_and_mmd|objective|...&gt; &lt;N&gt; &lt;NEVER|ALWAYS|AUTO&gt;
 *              [passes=2] [d=256] [B=1024]
 * </pre>
 */
public final class PeakMemory {

    private PeakMemory() {}

    /**
     * Runs one configuration.
     *
     * @param args computation, N, blocking, and optionally passes, d and B
     */
    public static void main(String[] args) {
        if (args.length < 3) {
            System.err.println(
                    "usage: PeakMemory <gram|contrastive|mmd|sdd|sdd_and_mmd|ssl|objective> <N>"
                            + " <NEVER|ALWAYS|AUTO> [passes=2] [d=256] [B=1024]");
            System.exit(2);
        }
        Computation computation = Computation.valueOf(args[0].toUpperCase(Locale.ROOT));
        int n = Integer.parseInt(args[1]);
        Blocking blocking = Blocking.valueOf(args[2].toUpperCase(Locale.ROOT));
        int passes = args.length > 3 ? Integer.parseInt(args[3]) : 2;
        int d = args.length > 4 ? Integer.parseInt(args[4]) : 256;
        int blockSize = args.length > 5 ? Integer.parseInt(args[5]) : 1024;
        try (LossWorkload workload = new LossWorkload(n, d, blocking, blockSize)) {
            long best = Long.MAX_VALUE;
            for (int pass = 0; pass < passes; pass++) {
                long start = System.nanoTime();
                workload.run(computation);
                best = Math.min(best, System.nanoTime() - start);
            }
            System.out.printf(
                    Locale.ROOT,
                    "%s N=%d d=%d blocking=%s B=%d: best pass %.0f ms, %s%n",
                    computation, n, d, blocking, blockSize, best / 1e6, describe());
        }
    }

    /** The process's peak and current resident set, e.g. {@code "VmHWM 1.23 GB, VmRSS 0.80 GB"}. */
    static String describe() {
        try {
            long peak = -1;
            long current = -1;
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    peak = kilobytes(line);
                } else if (line.startsWith("VmRSS:")) {
                    current = kilobytes(line);
                }
            }
            return String.format(
                    Locale.ROOT,
                    "VmHWM %.2f GB, VmRSS %.2f GB",
                    peak / 1048576.0,
                    current / 1048576.0);
        } catch (IOException | RuntimeException e) {
            return "peak RSS unavailable (" + e.getMessage() + ")";
        }
    }

    private static long kilobytes(String statusLine) {
        return Long.parseLong(statusLine.replaceAll("[^0-9]", ""));
    }
}
