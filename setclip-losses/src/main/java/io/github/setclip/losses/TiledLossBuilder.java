package io.github.setclip.losses;

/**
 * What the builders of every term that can be computed in tiles share: when to tile and the tile
 * side. Tiles keep memory at O(N d + B^2) instead of O(N^2) and give the same values and gradients
 * (docs/losses.md, "Blocked computation").
 *
 * @param <B> the concrete builder, returned by every setter so calls chain
 */
public abstract class TiledLossBuilder<B extends TiledLossBuilder<B>> {

    BlockPlan blockPlan = BlockPlan.DEFAULT;

    TiledLossBuilder() {}

    abstract B self();

    /**
     * Sets when the term's pairwise matrix is computed in tiles (default {@link Blocking#AUTO}:
     * whole up to 2048 rows, tiles above; for CL the rows are its candidates, P with {@link
     * ClNegatives#PAIRED} and N with {@link ClNegatives#ALL}).
     *
     * @param blocking the choice
     * @return this builder
     */
    public B optBlocking(Blocking blocking) {
        this.blockPlan = blockPlan.withMode(blocking);
        return self();
    }

    /**
     * Sets the tile side B in rows (default 1024).
     *
     * @param blockSize B, &gt;= 1
     * @return this builder
     */
    public B optBlockSize(int blockSize) {
        this.blockPlan = blockPlan.withBlockSize(blockSize);
        return self();
    }

    B optBlockPlan(BlockPlan plan) {
        this.blockPlan = plan;
        return self();
    }
}
