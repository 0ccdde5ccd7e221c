package io.github.setclip.losses;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * CLIP's symmetric contrastive loss on the M matched pairs (term CL).
 *
 * <p>{@code logits_ij = min(exp(l), maxScale) <s_i, t_j>} for {@code i, j < M}; the loss is the mean
 * of the row-wise and column-wise cross-entropies with the diagonal as targets, each averaged over
 * the M rows. With M = 0 the term is absent and evaluates to exactly 0.
 */
public final class ContrastiveLoss {

    /** CLIP's initial log-scale, {@code ln(1/0.07)}. */
    public static final double DEFAULT_INITIAL_LOG_SCALE = Math.log(1 / 0.07);

    /** CLIP's cap on the logit scale {@code exp(l)}. */
    public static final double DEFAULT_MAX_SCALE = 100;

    private final double maxScale;

    /**
     * Creates the loss.
     *
     * @param maxScale the cap on {@code exp(l)} (CLIP uses 100); positive
     */
    public ContrastiveLoss(double maxScale) {
        this.maxScale = InputChecks.requirePositive("maxScale", maxScale);
    }

    /** Creates the loss with CLIP's cap of 100 on the logit scale. */
    public ContrastiveLoss() {
        this(DEFAULT_MAX_SCALE);
    }

    /**
     * Evaluates CL on matched pairs.
     *
     * @param sPaired paired embeddings of modality S, shape (M, d); row i matches row i of {@code
     *     tPaired}
     * @param tPaired paired embeddings of modality T, shape (M, d)
     * @param logScale the learnable log-scale l, a 1-element array (any shape of size 1)
     * @return the loss, a scalar of the inputs' data type; exactly 0 when M = 0
     */
    public NDArray compute(NDArray sPaired, NDArray tPaired, NDArray logScale) {
        InputChecks.requireSameShape("paired S", sPaired, "paired T", tPaired);
        if (logScale == null || logScale.size() != 1) {
            throw new IllegalArgumentException(
                    "logScale must hold exactly one value, got "
                            + (logScale == null ? "null" : logScale.getShape()));
        }
        if (sPaired.getShape().get(0) == 0) {
            return sPaired.getManager().zeros(new Shape(), sPaired.getDataType());
        }
        Scalars.requireType("logScale", logScale, sPaired.getDataType());
        // Shape (1), not 0-d, so that the capping number does not promote float32 to float64.
        NDArray scale = logScale.reshape(1).exp().clip(0, maxScale);
        NDArray logits = sPaired.matMul(tPaired.transpose()).mul(scale);
        NDArray matched = sPaired.mul(tPaired).sum(new int[] {1}).mul(scale);
        NDArray rowLse = LogSumExp.along(logits, 1).squeeze(1);
        NDArray colLse = LogSumExp.along(logits, 0).squeeze(0);
        return Scalars.times(rowLse.add(colLse).sub(matched).sub(matched).mean(), 0.5);
    }
}
