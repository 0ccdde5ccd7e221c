package io.github.setclip.data.batch;

import java.util.Random;

/**
 * Independent, reproducible random streams derived from one seed.
 *
 * <p>Each stream is named by a tuple of longs (seed, epoch, stream id, cycle, ...); the tuple is
 * hashed with the SplitMix64 finaliser into the seed of a {@link java.util.Random}, whose algorithm
 * the JDK specifies, so the same tuple gives the same numbers on every JVM.
 */
final class SeedStreams {

    private SeedStreams() {}

    /** A generator for the stream named by {@code parts}. */
    static Random stream(long... parts) {
        long h = 0x9E3779B97F4A7C15L;
        for (long part : parts) {
            h = mix(h ^ mix(part + 0x632BE59BD9B4E019L));
        }
        return new Random(h);
    }

    /** Fisher-Yates shuffle of {@code values} in place. */
    static void shuffle(int[] values, Random random) {
        for (int i = values.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int tmp = values[i];
            values[i] = values[j];
            values[j] = tmp;
        }
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
