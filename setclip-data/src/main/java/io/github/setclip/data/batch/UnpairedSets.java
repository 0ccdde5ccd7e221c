package io.github.setclip.data.batch;

/**
 * How the {@code U} unpaired S rows and the {@code U} unpaired T rows of one batch relate. Whatever
 * the choice, no unpaired row is ever a positive: positives are the first {@code M} rows only (see
 * {@link MixedBatchPlan}).
 */
public enum UnpairedSets {
    /**
     * The S rows and the T rows are drawn independently from their pools: a row's hidden partner is
     * in the batch only by chance (about {@code U / pool size}).
     */
    INDEPENDENT,
    /**
     * The S rows and the T rows are the two sides of the same {@code U} hidden pairs ({@link
     * SemiPairedPools#isHiddenPair(int, int)}), each side in its own random order: the two unpaired
     * sets correspond as sets, not row by row. Only hidden pairs are drawn; unpaired items without a
     * hidden partner are not used. Needs pools with hidden pairs.
     */
    ALIGNED,
    /**
     * The S rows and the T rows come from the same few groups ({@link
     * SemiPairedPools#withGroups(int[], int[])}), the weak supervision of a shared album, page,
     * class or site. Only groups holding both unpaired S and unpaired T items are drawn from; items
     * without a group, or in a group lacking the other modality, are not used. Needs pools with
     * groups.
     */
    GROUPED
}
