package io.github.setclip.train;

import ai.djl.ndarray.NDArray;
import ai.djl.training.GradientCollector;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.util.concurrent.locks.LockSupport;

/**
 * A test mode that makes a read of freed memory under autograd show in the numbers.
 *
 * <p>DJL keeps an array made from Java data (a number, a {@code float[]}) in a direct buffer that
 * the JVM frees when the array is closed and collected. PyTorch does not copy such data: if the
 * autograd graph saved the array for the backward pass, the backward pass reads memory that may
 * by then be freed. Normally that happens only when a garbage collection falls between the forward
 * and the backward pass, rarely and differently each run. With the system property {@value
 * #PROPERTY} set to {@code true}, {@link #backward} collects garbage before every backward pass (and
 * {@link #freeUnreachable} before every step's forward pass) until the JVM's pool of direct buffers
 * stops shrinking, so every such buffer is freed every time. Run
 * the JVM with glibc's per-thread cache off and freed memory filled with a byte pattern
 * ({@code GLIBC_TUNABLES=glibc.malloc.tcache_count=0 MALLOC_PERTURB_=165}) and any such read
 * changes the gradients: a seeded run with the probe must be bit-identical to one without.
 *
 * <p>Off by default; it slows a step by one or more full garbage collections.
 */
public final class FreedBufferProbe {

    /** The system property that turns the probe on. */
    public static final String PROPERTY = "setclip.probeFreedBuffers";

    private static final int MAX_COLLECTIONS = 20;

    private FreedBufferProbe() {}

    /** Whether the probe is on in this JVM. */
    public static boolean enabled() {
        return Boolean.getBoolean(PROPERTY);
    }

    /**
     * Back-propagates {@code value}, first freeing every unreachable direct buffer when the probe
     * is on. Every backward pass of the library goes through here.
     *
     * @param collector the open gradient collector
     * @param value the scalar to differentiate
     */
    public static void backward(GradientCollector collector, NDArray value) {
        freeUnreachable();
        collector.backward(value);
    }

    /**
     * When the probe is on, frees every unreachable direct buffer now; called before a step's
     * forward pass too, so that an input that is a view of a closed array (which keeps no
     * reference to its source's buffer) shows as well.
     */
    public static void freeUnreachable() {
        if (enabled()) {
            releaseUnreachableBuffers();
        }
    }

    /**
     * Collects garbage until the direct-buffer pool's count has not changed for two collections
     * in a row (the JVM frees a collected buffer on its reference-handler thread, shortly after
     * the collection).
     */
    static void releaseUnreachableBuffers() {
        BufferPoolMXBean direct = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .filter(pool -> pool.getName().equals("direct")).findFirst().orElseThrow();
        long last = -1;
        int unchanged = 0;
        for (int i = 0; i < MAX_COLLECTIONS && unchanged < 2; i++) {
            System.gc();
            LockSupport.parkNanos(2_000_000);
            long count = direct.getCount();
            unchanged = count == last ? unchanged + 1 : 0;
            last = count;
        }
    }
}
