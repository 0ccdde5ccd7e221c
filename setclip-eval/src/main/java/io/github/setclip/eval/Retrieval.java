package io.github.setclip.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Full-gallery cross-modal retrieval: Recall@1/5/10, median and mean rank.
 *
 * <p>A query may have several true partners in the gallery (a caption with two pictures, say): its
 * rank is that of its best-ranked partner, and it counts as a hit at K when any partner is within
 * the top K. Ties are resolved in the query's favour: the rank is 1 plus the number of gallery items
 * scoring strictly higher than the best partner. Computed with batched NDArray operations, a block
 * of query rows at a time.
 */
public final class Retrieval {

    /** Query rows scored at once, so memory stays O(BLOCK x G) for large galleries. */
    private static final int BLOCK = 1024;

    private Retrieval() {}

    /**
     * Scores every query against the whole gallery.
     *
     * @param similarity (Q, G) similarities, higher is better
     * @param partners (Q, G) mask, non-zero where the gallery item is a true partner of the query;
     *     every query needs at least one partner
     * @return the metrics
     */
    public static Result rank(NDArray similarity, NDArray partners) {
        if (!similarity.getShape().equals(partners.getShape()) || similarity.getShape().dimension() != 2) {
            throw new IllegalArgumentException("similarity and partners must both be (Q, G), got "
                    + similarity.getShape() + " and " + partners.getShape());
        }
        return Result.of(ranks(similarity, partners));
    }

    /** Best-partner ranks of every query, a block of query rows at a time. */
    private static long[] ranks(NDArray similarity, NDArray partners) {
        int q = (int) similarity.getShape().get(0);
        long[] ranks = new long[q];
        for (int start = 0; start < q; start += BLOCK) {
            int end = Math.min(q, start + BLOCK);
            try (NDManager scope = similarity.getManager().newSubManager()) {
                NDArray simBlock = similarity.get(start + ":" + end);
                NDArray partnerBlock = partners.get(start + ":" + end);
                simBlock.attach(scope); // everything derived from the block is freed with it
                partnerBlock.attach(scope);
                long[] block = blockRanks(simBlock, partnerBlock);
                System.arraycopy(block, 0, ranks, start, block.length);
            }
        }
        return ranks;
    }

    private static long[] blockRanks(NDArray similarity, NDArray partners) {
        NDArray sim = similarity.toType(DataType.FLOAT64, false);
        NDArray isPartner = partners.toType(DataType.BOOLEAN, false);
        if (isPartner.toType(DataType.INT32, false).sum(new int[] {1}).min().toType(DataType.INT64, false).getLong() == 0) {
            throw new IllegalArgumentException("every query needs at least one true partner");
        }
        NDArray floor = sim.getManager().full(sim.getShape(), Float.NEGATIVE_INFINITY, DataType.FLOAT64);
        NDArray best = ai.djl.ndarray.NDArrays.where(isPartner, sim, floor).max(new int[] {1}, true);
        return sim.gt(best).sum(new int[] {1}).add(1).toType(DataType.INT64, false).toLongArray();
    }

    /**
     * Image-to-text and text-to-image retrieval between two embedding sets.
     *
     * @param s (Qs, d) embeddings of modality S (unit vectors: cosine similarity)
     * @param t (Qt, d) embeddings of modality T
     * @param partners (Qs, Qt) mask of true pairs
     * @return S-to-T and T-to-S metrics
     */
    public static Bidirectional between(NDArray s, NDArray t, NDArray partners) {
        NDArray sim = s.matMul(t.transpose());
        return new Bidirectional(rank(sim, partners), rank(sim.transpose(), partners.transpose()));
    }

    /**
     * Retrieval metrics of one direction.
     *
     * @param recallAt1 share of queries with a partner at rank 1
     * @param recallAt5 share with a partner within the top 5
     * @param recallAt10 share with a partner within the top 10
     * @param medianRank median rank of the best partner (1-based)
     * @param meanRank mean rank of the best partner
     * @param queries number of queries
     */
    public record Result(
            double recallAt1, double recallAt5, double recallAt10, double medianRank,
            double meanRank, int queries) {

        static Result of(long[] ranks) {
            long[] sorted = ranks.clone();
            Arrays.sort(sorted);
            int q = sorted.length;
            double median = q % 2 == 1 ? sorted[q / 2] : (sorted[q / 2 - 1] + sorted[q / 2]) / 2.0;
            return new Result(
                    recall(ranks, 1), recall(ranks, 5), recall(ranks, 10), median,
                    Arrays.stream(ranks).average().orElse(Double.NaN), q);
        }

        private static double recall(long[] ranks, int k) {
            return Arrays.stream(ranks).filter(r -> r <= k).count() / (double) ranks.length;
        }

        /** The metrics by name, each prefixed (e.g. {@code i2t_R@1}). */
        public Map<String, Double> toMap(String prefix) {
            Map<String, Double> map = new LinkedHashMap<>();
            map.put(prefix + "R@1", recallAt1);
            map.put(prefix + "R@5", recallAt5);
            map.put(prefix + "R@10", recallAt10);
            map.put(prefix + "median_rank", medianRank);
            map.put(prefix + "mean_rank", meanRank);
            return map;
        }
    }

    /**
     * Both directions.
     *
     * @param sToT S queries against the T gallery (image-to-text)
     * @param tToS T queries against the S gallery (text-to-image)
     */
    public record Bidirectional(Result sToT, Result tToS) {

        /** Both directions' metrics with the given prefixes. */
        public Map<String, Double> toMap(String sToTPrefix, String tToSPrefix) {
            Map<String, Double> map = new LinkedHashMap<>(sToT.toMap(sToTPrefix));
            map.putAll(tToS.toMap(tToSPrefix));
            return map;
        }
    }
}
