package io.github.setclip.losses;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.List;

/**
 * A partition of the rows {@code 0..n-1} of a matrix into blocks of at most B rows that never
 * straddle a segment boundary (e.g. the S and T halves of {@code [S; T]}, or the positive rows).
 * Each segment is cut into blocks of nearly equal size, so no block is a sliver.
 */
final class RowBlocks {

    private final long[] starts;
    private final long[] ends;
    private final int[] segments;

    private RowBlocks(long[] starts, long[] ends, int[] segments) {
        this.starts = starts;
        this.ends = ends;
        this.segments = segments;
    }

    /**
     * Cuts rows into blocks.
     *
     * @param boundaries segment boundaries {@code 0 = b_0 <= b_1 <= ... <= b_k = n}; segment s is
     *     {@code [b_s, b_{s+1})}, empty segments have no block
     * @param blockSize B, the most rows in one block
     */
    static RowBlocks of(long[] boundaries, int blockSize) {
        List<long[]> blocks = new ArrayList<>();
        for (int segment = 0; segment + 1 < boundaries.length; segment++) {
            long start = boundaries[segment];
            long length = boundaries[segment + 1] - start;
            if (length <= 0) {
                continue;
            }
            long count = (length + blockSize - 1) / blockSize;
            for (long k = 0; k < count; k++) {
                long from = start + length * k / count;
                long to = start + length * (k + 1) / count;
                blocks.add(new long[] {from, to, segment});
            }
        }
        long[] starts = new long[blocks.size()];
        long[] ends = new long[blocks.size()];
        int[] segments = new int[blocks.size()];
        for (int k = 0; k < blocks.size(); k++) {
            starts[k] = blocks.get(k)[0];
            ends[k] = blocks.get(k)[1];
            segments[k] = (int) blocks.get(k)[2];
        }
        return new RowBlocks(starts, ends, segments);
    }

    int count() {
        return starts.length;
    }

    long start(int block) {
        return starts[block];
    }

    long end(int block) {
        return ends[block];
    }

    int size(int block) {
        return Math.toIntExact(ends[block] - starts[block]);
    }

    /** The segment the block lies in, an index into the boundaries it was cut from. */
    int segment(int block) {
        return segments[block];
    }

    /** The block's rows of {@code x}, a view in {@code x}'s manager. */
    NDArray slice(NDArray x, int block) {
        return x.get("{}:{}", starts[block], ends[block]);
    }

    /** Every block's rows of {@code x}, in block order. */
    NDArray[] slices(NDArray x) {
        NDArray[] out = new NDArray[count()];
        for (int k = 0; k < out.length; k++) {
            out[k] = slice(x, k);
        }
        return out;
    }
}
