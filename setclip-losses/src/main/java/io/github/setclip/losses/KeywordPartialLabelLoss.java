package io.github.setclip.losses;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * S-CLIP's keyword-level partial-label loss: an unpaired row of modality X is classified among K
 * keywords (embedded by the tower of modality Y), knowing only a candidate set {@code C_u} that
 * should contain the right one (see {@link KeywordCandidates}).
 *
 * <p>With the capped logit scale {@code tau = min(exp(l), maxScale)}:
 *
 * <pre>
 *   z_uk = tau &lt;x_u, w_k&gt;
 *   PREDICTED: l_u = ln sum_k exp(z_uk) - ln sum_{k in C_u} exp(z_uk)  (= -ln sum_{k in C_u} p_uk)
 *   UNIFORM:   l_u = ln sum_k exp(z_uk) - 1/|C_u| sum_{k in C_u} z_uk
 *   loss = 1/U sum_{u : C_u not empty} l_u
 * </pre>
 *
 * <p>A row without candidates adds 0 but still counts in U, as in S-CLIP. The loss is exactly 0
 * when U = 0, K = 0 or no row has a candidate. Gradients flow into the unpaired rows, the keyword
 * embeddings and the logit scale; no target needs detaching.
 */
public final class KeywordPartialLabelLoss {

    /** Added to the logits of non-candidates so that they drop out of the log-sum-exp. */
    private static final double NON_CANDIDATE = -1e9;

    private final CandidateWeighting weighting;
    private final double maxScale;
    private final boolean checkFinite;

    private KeywordPartialLabelLoss(Builder builder) {
        this.weighting = builder.weighting;
        this.maxScale = builder.maxScale;
        this.checkFinite = builder.checkFinite;
    }

    /** A builder with the defaults: predicted weighting, scale cap 100. */
    public static Builder builder() {
        return new Builder();
    }

    /** How the target is spread over the candidates. */
    public CandidateWeighting weighting() {
        return weighting;
    }

    /**
     * Evaluates the loss.
     *
     * @param unpaired unpaired rows of X, shape (U, d)
     * @param keywords keyword embeddings from the tower of Y, shape (K, d)
     * @param candidates the candidate mask, shape (U, K), values 0 or 1 of any numeric or boolean
     *     type (e.g. from {@link KeywordCandidates#ofNearestPaired})
     * @param logScale the learnable log-scale l, a 1-element array
     * @return the loss, a scalar of the embeddings' data type
     */
    public NDArray compute(
            NDArray unpaired, NDArray keywords, NDArray candidates, NDArray logScale) {
        InputChecks.requireCompatible("unpaired", unpaired, "keywords", keywords);
        if (logScale == null || logScale.size() != 1) {
            throw new IllegalArgumentException(
                    "logScale must hold exactly one value, got "
                            + (logScale == null ? "null" : logScale.getShape()));
        }
        DataType type = unpaired.getDataType();
        if (logScale.getDataType() != type) {
            throw new IllegalArgumentException(
                    "logScale must be " + type + " like the embeddings, got "
                            + logScale.getDataType());
        }
        long u = unpaired.getShape().get(0);
        long k = keywords.getShape().get(0);
        if (candidates == null || !candidates.getShape().equals(new Shape(u, k))) {
            throw new IllegalArgumentException(
                    "candidates must have shape (U, K) = (" + u + ", " + k + "), got "
                            + (candidates == null ? "null" : candidates.getShape()));
        }
        if (u == 0 || k == 0) {
            return unpaired.getManager().zeros(new Shape(), type);
        }
        NDArray mask = candidates.toType(type, false);
        try (NDArray notBinary = mask.neq(0).logicalAnd(mask.neq(1)).any()) {
            if (notBinary.getBoolean()) {
                throw new IllegalArgumentException("candidates must hold only 0 and 1");
            }
        }
        if (checkFinite) {
            InputChecks.requireFinite("unpaired", unpaired);
            InputChecks.requireFinite("keywords", keywords);
        }
        NDArray logits =
                unpaired.matMul(keywords.transpose())
                        .mul(logScale.reshape(1).exp().clip(0, maxScale));
        NDArray all = LogSumExp.along(logits, 1).squeeze(1);
        NDArray count = mask.sum(new int[] {1});
        NDArray candidateTerm;
        if (weighting == CandidateWeighting.PREDICTED) {
            NDArray excluded = Scalars.times(mask.sub(1), -NON_CANDIDATE);
            candidateTerm = LogSumExp.along(logits.add(excluded), 1).squeeze(1);
        } else {
            candidateTerm = logits.mul(mask).sum(new int[] {1}).div(count.clip(1, Float.MAX_VALUE));
        }
        NDArray hasCandidates = count.gt(0).toType(type, false);
        return Scalars.times(all.sub(candidateTerm).mul(hasCandidates).sum(), 1.0 / u);
    }

    /** Configures the loss. */
    public static final class Builder {
        private CandidateWeighting weighting = CandidateWeighting.PREDICTED;
        private double maxScale = ContrastiveLoss.DEFAULT_MAX_SCALE;
        private boolean checkFinite = true;

        Builder() {}

        /**
         * Sets how the target is spread over the candidates (default {@link
         * CandidateWeighting#PREDICTED}).
         *
         * @param weighting the weighting
         * @return this builder
         */
        public Builder optWeighting(CandidateWeighting weighting) {
            if (weighting == null) {
                throw new IllegalArgumentException("weighting must not be null");
            }
            this.weighting = weighting;
            return this;
        }

        /**
         * Sets the cap on the logit scale {@code exp(l)} (default 100, as CLIP).
         *
         * @param maxScale positive
         * @return this builder
         */
        public Builder optMaxScale(double maxScale) {
            this.maxScale = InputChecks.requirePositive("maxScale", maxScale);
            return this;
        }

        /**
         * Checks the embeddings for NaN and infinity (default true; one device read per input).
         *
         * @param checkFinite whether to check
         * @return this builder
         */
        public Builder optCheckFinite(boolean checkFinite) {
            this.checkFinite = checkFinite;
            return this;
        }

        /** Builds the loss. */
        public KeywordPartialLabelLoss build() {
            return new KeywordPartialLabelLoss(this);
        }
    }
}
