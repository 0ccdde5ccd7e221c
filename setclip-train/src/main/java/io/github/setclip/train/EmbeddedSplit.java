package io.github.setclip.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Map;

/**
 * Both modalities of one split in the shared space, with their true partners and class labels.
 *
 * @param s (Qs, d) unit embeddings of the S elements (e.g. every picture)
 * @param t (Qt, d) unit embeddings of the T elements (e.g. every caption)
 * @param sPartners for each S row, the T rows that are its true partners (at least one)
 * @param labels label sets by name (e.g. group, subgroup), each labelling the S rows
 * @param sIds an id per S row, for exports
 * @param tIds an id per T row
 */
public record EmbeddedSplit(NDArray s, NDArray t, int[][] sPartners, Map<String, Labels> labels,
        List<String> sIds, List<String> tIds) {

    /**
     * One labelling of the S rows.
     *
     * @param s the class index of each S row
     * @param t the class index of each T row, or {@code null} when T rows carry no label
     * @param classNames the class names, indexed by class
     */
    public record Labels(int[] s, int[] t, List<String> classNames) {}

    /** The (Qs, Qt) partner mask as float32 ones and zeros. */
    public NDArray partnerMask(NDManager manager) {
        int qt = (int) t.getShape().get(0);
        float[] mask = new float[sPartners.length * qt];
        for (int i = 0; i < sPartners.length; i++) {
            for (int j : sPartners[i]) {
                mask[i * qt + j] = 1;
            }
        }
        return manager.create(mask, new Shape(sPartners.length, qt));
    }

    /** For each S row, its first true partner's T row: the pairs used for pair geometry. */
    public int[] firstPartners() {
        int[] first = new int[sPartners.length];
        for (int i = 0; i < first.length; i++) {
            first[i] = sPartners[i][0];
        }
        return first;
    }
}
