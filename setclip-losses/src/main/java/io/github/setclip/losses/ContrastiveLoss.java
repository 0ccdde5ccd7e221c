package io.github.setclip.losses;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * CLIP's symmetric contrastive loss on the P positive rows at the top of the batch (term CL).
 *
 * <p>With scale {@code a = min(exp(l), maxScale)}, row i &lt; P scores its partner against a set of
 * candidates, both ways: {@code CE_row_i} is the cross-entropy of {@code a <s_i, t_j>} over the
 * candidates j with target i, {@code CE_col_i} that of {@code a <t_i, s_j>}. The candidates are
 * the P positive rows ({@link ClNegatives#PAIRED}, the default: P x P logits) or all N rows of the
 * other modality ({@link ClNegatives#ALL}: P x N logits each way, unpaired rows as extra
 * negatives), or all N rows of S for {@code CE_col} and the P positive rows of T for {@code
 * CE_row} ({@link ClNegatives#ONE_SIDED}, S-CLIP's released form). With optional row weights
 * {@code omega_i >= 0}:
 *
 * <pre>  CL = 1/2 * sum_{i&lt;P} omega_i (CE_row_i + CE_col_i) / sum_{i&lt;P} omega_i</pre>
 *
 * which is the plain mean over the P rows when every weight is 1 (or no weights are given). With
 * P = 0, or when every weight is 0, the term is absent and evaluates to exactly 0.
 */
public final class ContrastiveLoss {

    /** CLIP's initial log-scale, {@code ln(1/0.07)}. */
    public static final double DEFAULT_INITIAL_LOG_SCALE = Math.log(1 / 0.07);

    /** CLIP's cap on the logit scale {@code exp(l)}. */
    public static final double DEFAULT_MAX_SCALE = 100;

    private final double maxScale;
    private final ClNegatives negatives;
    private final BlockPlan blockPlan;

    private ContrastiveLoss(Builder builder) {
        this.maxScale = builder.maxScale;
        this.negatives = builder.negatives;
        this.blockPlan = builder.blockPlan;
    }

    /**
     * Creates the loss on the positive rows only ({@link ClNegatives#PAIRED}).
     *
     * @param maxScale the cap on {@code exp(l)} (CLIP uses 100); positive
     */
    public ContrastiveLoss(double maxScale) {
        this(builder().optMaxScale(maxScale));
    }

    /** Creates the loss with CLIP's cap of 100 on the logit scale, positive rows only. */
    public ContrastiveLoss() {
        this(builder());
    }

    /** A builder with CLIP's defaults: cap 100, negatives from the positive rows only. */
    public static Builder builder() {
        return new Builder();
    }

    /** Which rows serve as candidates. */
    public ClNegatives negatives() {
        return negatives;
    }

    /** The cap on {@code exp(l)}. */
    public double maxScale() {
        return maxScale;
    }

    /**
     * Evaluates CL when every row is a positive pair (P = M, no unpaired rows, unit weights).
     *
     * @param sPaired paired embeddings of modality S, shape (M, d); row i matches row i of {@code
     *     tPaired}
     * @param tPaired paired embeddings of modality T, shape (M, d)
     * @param logScale the learnable log-scale l, a 1-element array (any shape of size 1)
     * @return the loss, a scalar of the inputs' data type; exactly 0 when M = 0
     */
    public NDArray compute(NDArray sPaired, NDArray tPaired, NDArray logScale) {
        InputChecks.requireSameShape("paired S", sPaired, "paired T", tPaired);
        int rows = Math.toIntExact(sPaired.getShape().get(0));
        return compute(sPaired, tPaired, rows, null, logScale);
    }

    /**
     * Evaluates CL on a batch whose first P rows are positive pairs.
     *
     * @param s embeddings of modality S, shape (N, d); row i &lt; P matches row i of {@code t}
     * @param t embeddings of modality T, shape (N, d)
     * @param positives P, the number of positive rows at the top, {@code 0 <= P <= N}
     * @param positiveWeights the weights {@code omega_i}, shape (P), finite and &gt;= 0, treated as
     *     constants (no gradient); {@code null} for unit weights
     * @param logScale the learnable log-scale l, a 1-element array of the embeddings' data type
     * @return the loss, a scalar of the inputs' data type; exactly 0 when P = 0 or every weight
     *     is 0
     * @throws IllegalArgumentException on mismatched shapes, P out of range or bad weights
     */
    public NDArray compute(
            NDArray s, NDArray t, int positives, NDArray positiveWeights, NDArray logScale) {
        return compute(s, t, positives, positiveWeights, logScale, true);
    }

    /** As the public overload; {@code differentiable = false} skips the blocked gradient work. */
    NDArray compute(
            NDArray s,
            NDArray t,
            int positives,
            NDArray positiveWeights,
            NDArray logScale,
            boolean differentiable) {
        InputChecks.requireSameShape("S", s, "T", t);
        long n = s.getShape().get(0);
        if (positives < 0 || positives > n) {
            throw new IllegalArgumentException(
                    "positive rows P must satisfy 0 <= P <= N = " + n + ", got " + positives);
        }
        if (logScale == null || logScale.size() != 1) {
            throw new IllegalArgumentException(
                    "logScale must hold exactly one value, got "
                            + (logScale == null ? "null" : logScale.getShape()));
        }
        double weightSum = positives;
        if (positiveWeights != null) {
            weightSum =
                    InputChecks.requireRowWeights(
                            "positive-row weights", positiveWeights, positives);
        }
        if (positives == 0 || weightSum == 0) {
            return s.getManager().zeros(new Shape(), s.getDataType());
        }
        Scalars.requireType("logScale", logScale, s.getDataType());
        long candidates = negatives.sCandidates(positives, n);
        if (blockPlan.blocks(candidates)) {
            return computeInTiles(s, t, positives, positiveWeights, weightSum, logScale,
                    differentiable && Autograd.isRecording(s));
        }
        NDArray perRow = perRowLosses(s, t, positives, logScale);
        if (positiveWeights == null) {
            return Scalars.times(perRow.mean(), 0.5);
        }
        NDArray normalised =
                positiveWeights.stopGradient().toType(s.getDataType(), false).div(weightSum);
        return Scalars.times(perRow.mul(normalised).sum(), 0.5);
    }

    /**
     * The same value and gradients from tiles of the logits: O(N d + B^2) memory. The log-sum-exp
     * part comes from {@link BlockedContrastive}; the matched logits {@code a <s_i, t_i>} (O(P d))
     * keep their autograd.
     */
    private NDArray computeInTiles(
            NDArray s,
            NDArray t,
            int positives,
            NDArray positiveWeights,
            double weightSum,
            NDArray logScale,
            boolean gradient) {
        NDArray scale = logScale.reshape(1).exp().clip(0, maxScale);
        NDArray weights =
                positiveWeights == null
                        ? s.getManager().ones(new Shape(positives), s.getDataType())
                        : positiveWeights.stopGradient().toType(s.getDataType(), false);
        weights = weights.div(weightSum);
        long candidates = negatives.sCandidates(positives, s.getShape().get(0));
        NDArray sCandidates = s.get("0:{}", candidates);
        NDArray tCandidates = t.get("0:{}", candidates);
        BlockedContrastive.Result result =
                BlockedContrastive.compute(
                        sCandidates.stopGradient(),
                        tCandidates.stopGradient(),
                        positives,
                        weights,
                        scale.stopGradient(),
                        negatives,
                        blockPlan.blockSize(),
                        gradient);
        NDArray logSumExps =
                LinearSurrogate.attach(
                        result.value(),
                        new NDArray[] {
                            result.gradientS(), result.gradientT(), result.gradientScale()
                        },
                        new NDArray[] {sCandidates, tCandidates, scale});
        NDArray matched =
                s.get("0:{}", positives)
                        .mul(t.get("0:{}", positives))
                        .sum(new int[] {1})
                        .mul(scale);
        return logSumExps.sub(matched.mul(weights).sum());
    }

    /** {@code CE_row_i + CE_col_i} for each positive row, shape (P). */
    private NDArray perRowLosses(NDArray s, NDArray t, int positives, NDArray logScale) {
        // Shape (1), not 0-d, so that the capping number does not promote float32 to float64.
        NDArray scale = logScale.reshape(1).exp().clip(0, maxScale);
        NDArray sPositive = s.get("0:{}", positives);
        NDArray tPositive = t.get("0:{}", positives);
        NDArray matched = sPositive.mul(tPositive).sum(new int[] {1}).mul(scale);
        NDArray rowLse;
        NDArray colLse;
        if (negatives == ClNegatives.PAIRED) {
            NDArray logits = sPositive.matMul(tPositive.transpose()).mul(scale);
            rowLse = LogSumExp.along(logits, 1).squeeze(1);
            colLse = LogSumExp.along(logits, 0).squeeze(0);
        } else if (negatives == ClNegatives.ONE_SIDED) {
            rowLse = LogSumExp.along(sPositive.matMul(tPositive.transpose()).mul(scale), 1).squeeze(1);
            colLse = LogSumExp.along(tPositive.matMul(s.transpose()).mul(scale), 1).squeeze(1);
        } else {
            rowLse = LogSumExp.along(sPositive.matMul(t.transpose()).mul(scale), 1).squeeze(1);
            colLse = LogSumExp.along(tPositive.matMul(s.transpose()).mul(scale), 1).squeeze(1);
        }
        return rowLse.add(colLse).sub(matched).sub(matched);
    }

    /** Configures the loss. */
    public static final class Builder extends TiledLossBuilder<Builder> {
        private double maxScale = DEFAULT_MAX_SCALE;
        private ClNegatives negatives = ClNegatives.PAIRED;

        Builder() {}

        @Override
        Builder self() {
            return this;
        }

        /**
         * Sets the cap on the logit scale {@code exp(l)} (default 100, as CLIP).
         *
         * @param maxScale the cap, positive
         * @return this builder
         */
        public Builder optMaxScale(double maxScale) {
            this.maxScale = InputChecks.requirePositive("maxScale", maxScale);
            return this;
        }

        /**
         * Sets the candidate rows (default {@link ClNegatives#PAIRED}).
         *
         * @param negatives the candidates
         * @return this builder
         */
        public Builder optNegatives(ClNegatives negatives) {
            if (negatives == null) {
                throw new IllegalArgumentException("CL negatives must not be null");
            }
            this.negatives = negatives;
            return this;
        }

        /** Builds the loss. */
        public ContrastiveLoss build() {
            return new ContrastiveLoss(this);
        }
    }
}
