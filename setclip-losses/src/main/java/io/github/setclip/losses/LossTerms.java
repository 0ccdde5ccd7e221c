package io.github.setclip.losses;

import ai.djl.ndarray.NDArray;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every term of one evaluation of the objective, each a scalar NDArray. Only {@code total} is
 * meant for {@code backward}; the terms are unweighted.
 *
 * @param total the weighted sum
 * @param cl the contrastive term (0 when the batch has no pairs)
 * @param mmd the squared MMD under the current kernel weights
 * @param sdd the SDD divergence
 * @param ssl the sum of both modalities' NT-Xent losses (0 without second views)
 */
public record LossTerms(NDArray total, NDArray cl, NDArray mmd, NDArray sdd, NDArray ssl) {

    /** Term names, in the order used in reports: cl, mmd, sdd, ssl, total. */
    public static final String[] NAMES = {"cl", "mmd", "sdd", "ssl", "total"};

    /**
     * Reads every term back to the host (one synchronisation per term).
     *
     * @return name to value, in the order of {@link #NAMES}
     */
    public Map<String, Double> toMap() {
        Map<String, Double> values = new LinkedHashMap<>();
        values.put("cl", scalar(cl));
        values.put("mmd", scalar(mmd));
        values.put("sdd", scalar(sdd));
        values.put("ssl", scalar(ssl));
        values.put("total", scalar(total));
        return values;
    }

    private static double scalar(NDArray x) {
        return x.toType(ai.djl.ndarray.types.DataType.FLOAT64, false).getDouble();
    }
}
