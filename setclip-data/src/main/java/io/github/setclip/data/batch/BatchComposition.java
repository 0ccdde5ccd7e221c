package io.github.setclip.data.batch;

/**
 * How many matched and unpaired rows a batch holds, and so what an epoch is.
 *
 * <ul>
 *   <li>{@link #PROPORTIONAL}: the paper's batch. {@code N} rows per modality, of which {@code M =
 *       round(N * f)} are pairs ({@code f} the pools' paired fraction unless given) and {@code U = N
 *       - M} unpaired. An epoch is the smallest number of full batches that draws every item of
 *       every pool feeding rows at least once: {@code max(ceil(P / M), ceil(|S| / U), ceil(|T| /
 *       U))}, and every epoch restarts the streams from fresh permutations.
 *   <li>{@link #ADDITIVE}: {@code M} pairs and {@code U} unpaired rows set independently, {@code N
 *       = M + U}. An epoch is one pass over the paired pool, {@code ceil(P / M)} steps (with {@code
 *       M = 0}: one pass over the larger unpaired pool, {@code ceil(max(|S|, |T|) / U)} steps). The
 *       unpaired streams do not restart: they run on across epochs, so over time every unpaired
 *       item is drawn equally often however small {@code U} is next to its pool.
 * </ul>
 */
public enum BatchComposition {
    /** {@code N} rows split into {@code M = round(N * f)} pairs and {@code N - M} unpaired rows. */
    PROPORTIONAL,
    /** {@code M} pairs plus {@code U} unpaired rows; an epoch is one pass over the pairs. */
    ADDITIVE
}
