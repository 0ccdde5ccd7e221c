package io.github.setclip.data.batch;

/** The unpaired rows of the batches of one epoch, one batch at a time; one kind per {@link UnpairedSets}. */
interface UnpairedRows {

    /** The unpaired rows of batch {@code step}; called for steps 0, 1, 2, ... in order. */
    Rows next(int step);

    /**
     * The unpaired rows of one batch.
     *
     * @param s the {@code U} S items
     * @param t the {@code U} T items
     * @param groups the groups they were drawn from (empty unless grouped)
     */
    record Rows(int[] s, int[] t, int[] groups) {}

    /** S and T rows drawn independently from their own streams. */
    static UnpairedRows independent(ItemStream s, ItemStream t, int count) {
        return step -> new Rows(s.next(count), t.next(count), new int[0]);
    }
}
