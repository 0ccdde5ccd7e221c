package io.github.setclip.losses;

/**
 * When to block a term's pairwise matrix, and into tiles of how many rows.
 *
 * @param mode the choice: automatic by size, always or never
 * @param blockSize B, the rows of a tile's side (the last tiles of a segment may be smaller)
 */
record BlockPlan(Blocking mode, int blockSize) {

    /**
     * The default tile side B: a float32 tile is 4 MB, small enough for the allocator to recycle
     * and measured faster than 512 or 2048 on CPU (docs/benchmarks.md).
     */
    static final int DEFAULT_BLOCK_SIZE = 1024;

    /**
     * Under {@link Blocking#AUTO}, matrices with more rows than this are blocked (N &gt; 1024 for
     * the joint matrices of MMD, SDD and SSL). Below it the two paths take about the same time,
     * and the whole-matrix path keeps the values of earlier releases bit for bit.
     */
    static final int AUTO_MIN_ROWS = 2048;

    /** The default: automatic choice, B = 1024. */
    static final BlockPlan DEFAULT = new BlockPlan(Blocking.AUTO, DEFAULT_BLOCK_SIZE);

    BlockPlan {
        if (mode == null) {
            throw new IllegalArgumentException("blocking mode must not be null");
        }
        if (blockSize < 1) {
            throw new IllegalArgumentException("block size must be >= 1 row, got " + blockSize);
        }
    }

    /**
     * Whether a matrix with this many rows is computed in tiles.
     *
     * @param rows the side of the largest matrix the unblocked path would build
     */
    boolean blocks(long rows) {
        return switch (mode) {
            case ALWAYS -> true;
            case NEVER -> false;
            case AUTO -> rows > AUTO_MIN_ROWS;
        };
    }

    BlockPlan withMode(Blocking newMode) {
        return new BlockPlan(newMode, blockSize);
    }

    BlockPlan withBlockSize(int newBlockSize) {
        return new BlockPlan(mode, newBlockSize);
    }
}
