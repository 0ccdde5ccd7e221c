package io.github.setclip.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Class precision@K of cross-modal retrieval: for each query, the share of its K nearest gallery
 * items (by similarity) whose class equals the query's, averaged over queries. Labels are used only
 * to score, never to train; this measures whether the shared space groups by meaning even where
 * retrieving the exact partner fails. Ties at the K-th place are broken by gallery order.
 */
public final class ClassPrecision {

    private static final int CHUNK = 2048;

    private ClassPrecision() {}

    /**
     * Class precision@K.
     *
     * @param queries (Q, d) query embeddings
     * @param gallery (G, d) gallery embeddings
     * @param queryLabels class of each query, length Q
     * @param galleryLabels class of each gallery item, length G
     * @param k neighbours per query, 1 &lt;= k &lt;= G
     * @return the mean share of same-class neighbours, in [0, 1]
     */
    public static double atK(NDArray queries, NDArray gallery, int[] queryLabels,
            int[] galleryLabels, int k) {
        long q = queries.getShape().get(0);
        long g = gallery.getShape().get(0);
        if (queryLabels.length != q || galleryLabels.length != g) {
            throw new IllegalArgumentException("labels must match the rows: " + queryLabels.length
                    + " labels for " + q + " queries, " + galleryLabels.length + " for " + g
                    + " gallery items");
        }
        if (k < 1 || k > g) {
            throw new IllegalArgumentException("k must be in [1, " + g + "], got " + k);
        }
        NDManager manager = queries.getManager();
        NDArray galleryClass = manager.create(galleryLabels).toType(DataType.INT64, false);
        double hits = 0;
        for (int start = 0; start < q; start += CHUNK) {
            int end = (int) Math.min(q, start + CHUNK);
            try (NDManager scope = manager.newSubManager()) {
                NDArray chunk = queries.get(start + ":" + end);
                chunk.attach(scope);
                NDArray sim = chunk.matMul(gallery.transpose());
                NDArray top = sim.topK(k, 1, true, true).get(1); // (B, k) gallery indices
                NDArray neighbourClass = galleryClass.take(top.toType(DataType.INT64, false).flatten())
                        .reshape(new Shape(end - start, k));
                int[] own = java.util.Arrays.copyOfRange(queryLabels, start, end);
                NDArray ownClass = scope.create(own).toType(DataType.INT64, false).reshape(end - start, 1);
                hits += neighbourClass.eq(ownClass).toType(DataType.FLOAT64, false).sum().getDouble();
            }
        }
        return hits / ((double) q * k);
    }
}
