package io.github.setclip.data.batch;

/**
 * Unpaired rows that are the two sides of the same hidden pairs: a stream over the hidden pairs
 * picks {@code U} of them; S rows list their S sides in stream order, T rows their T sides in an
 * independent random order (seeded by seed, epoch and step).
 */
final class AlignedRows implements UnpairedRows {

    private final ItemStream hiddenPairs;
    private final int[] sSide;
    private final int[] tSide;
    private final int count;
    private final long seed;
    private final long epoch;
    private final long orderStream;

    /**
     * @param hiddenPairs a stream over the hidden-pair indices {@code 0..H-1}
     * @param sSide S item of every hidden pair
     * @param tSide T item of every hidden pair
     */
    AlignedRows(ItemStream hiddenPairs, int[] sSide, int[] tSide, int count, long seed, long epoch, long orderStream) {
        this.hiddenPairs = hiddenPairs;
        this.sSide = sSide;
        this.tSide = tSide;
        this.count = count;
        this.seed = seed;
        this.epoch = epoch;
        this.orderStream = orderStream;
    }

    @Override
    public Rows next(int step) {
        int[] pairs = hiddenPairs.next(count);
        int[] s = new int[count];
        for (int i = 0; i < count; i++) {
            s[i] = sSide[pairs[i]];
        }
        SeedStreams.shuffle(pairs, SeedStreams.stream(seed, epoch, orderStream, step));
        int[] t = new int[count];
        for (int i = 0; i < count; i++) {
            t[i] = tSide[pairs[i]];
        }
        return new Rows(s, t, new int[0]);
    }
}
