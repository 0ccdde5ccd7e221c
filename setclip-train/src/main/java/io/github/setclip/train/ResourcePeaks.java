package io.github.setclip.train;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Peak memory of this JVM so far: the Java heap (sum of the heap pools' peak usage, as the garbage
 * collector reports it) and the resident set of the whole process, which also counts the native
 * tensor memory PyTorch allocates outside the heap ({@code VmHWM} of /proc/self/status; -1 where
 * that file does not exist).
 */
final class ResourcePeaks {

    private ResourcePeaks() {}

    /** Peak heap usage in bytes. */
    static long peakHeapBytes() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }

    /** Peak resident set size of the process in bytes, or -1 when unknown. */
    static long peakResidentBytes() {
        Path status = Path.of("/proc/self/status");
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("VmHWM:")) {
                    String[] parts = line.substring(6).trim().split("\\s+");
                    return Long.parseLong(parts[0]) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
