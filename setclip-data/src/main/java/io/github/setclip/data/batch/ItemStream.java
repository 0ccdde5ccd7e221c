package io.github.setclip.data.batch;

/** A sequence of pool items read a batch at a time. */
interface ItemStream {

    /** The next {@code count} items; distinct whenever the pool holds at least {@code count} items. */
    int[] next(int count);
}
