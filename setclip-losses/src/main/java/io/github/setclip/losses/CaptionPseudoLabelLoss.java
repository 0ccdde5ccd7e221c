package io.github.setclip.losses;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * S-CLIP's caption-level pseudo-label loss: every unpaired row of one modality X learns a soft
 * target over the partners, in the other modality Y, of the batch's paired rows.
 *
 * <p>With unpaired rows {@code x_u} ({@code u < U}), paired rows {@code x_j} of X matched with
 * {@code y_j} of Y ({@code j < P}) and the capped logit scale {@code tau = min(exp(l), maxScale)}:
 *
 * <pre>
 *   z_uj = tau &lt;x_u, y_j&gt;                              logits against the partners
 *   q_u  = rule(&lt;x_u, x_1&gt;, ..., &lt;x_u, x_P&gt;)          the target, a distribution over j
 *   loss = 1/U sum_u sum_j q_uj (ln sum_k exp(z_uk) - z_uj)   mean cross-entropy
 * </pre>
 *
 * <p>The rule ({@link PseudoLabelRule}) is S-CLIP's optimal transport by default, with {@code
 * epsilon = 1/tau}, or its Hard-PL / Soft-PL baselines. The targets are held fixed (no gradient
 * flows into them) unless {@link Builder#optTargetGradient}. One instance serves both directions:
 * {@code compute(sUnpaired, sPaired, tPaired, l)} gives unpaired S rows targets over the paired T
 * rows, {@code compute(tUnpaired, tPaired, sPaired, l)} the reverse. With U = 0 or P = 0 the loss
 * is exactly 0.
 */
public final class CaptionPseudoLabelLoss {

    private final PseudoLabelRule rule;
    private final double maxScale;
    private final double targetTemperature;
    private final boolean targetGradient;
    private final boolean checkFinite;
    private final Sinkhorn sinkhorn;

    private CaptionPseudoLabelLoss(Builder builder) {
        this.rule = builder.rule;
        this.maxScale = builder.maxScale;
        this.targetTemperature = builder.targetTemperature;
        this.targetGradient = builder.targetGradient;
        this.checkFinite = builder.checkFinite;
        this.sinkhorn =
                Sinkhorn.builder()
                        .optIterations(builder.sinkhornIterations)
                        .optCheckFinite(false)
                        .build();
    }

    /** A builder with S-CLIP's choices: optimal transport, 10 iterations, detached targets. */
    public static Builder builder() {
        return new Builder();
    }

    /** The rule that forms the targets. */
    public PseudoLabelRule rule() {
        return rule;
    }

    /**
     * Evaluates the loss: the targets from the paired rows of X, the logits against their
     * partners.
     *
     * @param unpaired unpaired rows of X, shape (U, d)
     * @param paired paired rows of X, shape (P, d); row j is matched with row j of {@code
     *     partners}
     * @param partners paired rows of Y, shape (P, d)
     * @param logScale the learnable log-scale l, a 1-element array
     * @return the loss, a scalar of the inputs' data type; exactly 0 when U = 0 or P = 0
     */
    public NDArray compute(NDArray unpaired, NDArray paired, NDArray partners, NDArray logScale) {
        InputChecks.requireCompatible("unpaired", unpaired, "paired", paired);
        InputChecks.requireSameShape("paired", paired, "partners", partners);
        requireLogScale(logScale, unpaired);
        requireFinite("unpaired", unpaired);
        requireFinite("paired", paired);
        requireFinite("partners", partners);
        if (unpaired.getShape().get(0) == 0 || paired.getShape().get(0) == 0) {
            return unpaired.getManager().zeros(new Shape(), unpaired.getDataType());
        }
        return crossEntropy(unpaired, partners, formTargets(unpaired, paired, logScale), logScale);
    }

    /**
     * The pseudo-labels: for each unpaired row, a distribution over the P paired rows (and so over
     * their partners). Detached from the graph unless {@link Builder#optTargetGradient}.
     *
     * @param unpaired unpaired rows of X, shape (U, d)
     * @param paired paired rows of X, shape (P, d)
     * @param logScale the log-scale l, a 1-element array (sets {@code epsilon = 1/min(exp(l),
     *     maxScale)} unless a fixed target temperature is set)
     * @return the targets, shape (U, P), each row non-negative and summing to 1
     */
    public NDArray targets(NDArray unpaired, NDArray paired, NDArray logScale) {
        InputChecks.requireCompatible("unpaired", unpaired, "paired", paired);
        requireLogScale(logScale, unpaired);
        requireFinite("unpaired", unpaired);
        requireFinite("paired", paired);
        long u = unpaired.getShape().get(0);
        long p = paired.getShape().get(0);
        if (u == 0 || p == 0) {
            return unpaired.getManager().zeros(new Shape(u, p), unpaired.getDataType());
        }
        return formTargets(unpaired, paired, logScale);
    }

    /**
     * The cross-entropy of the unpaired rows' logits against given targets.
     *
     * @param unpaired unpaired rows of X, shape (U, d)
     * @param partners paired rows of Y, shape (P, d)
     * @param targets the targets, shape (U, P), rows summing to 1 (e.g. from {@link #targets})
     * @param logScale the learnable log-scale l, a 1-element array
     * @return the loss, a scalar of the inputs' data type; exactly 0 when U = 0 or P = 0
     */
    public NDArray loss(NDArray unpaired, NDArray partners, NDArray targets, NDArray logScale) {
        InputChecks.requireCompatible("unpaired", unpaired, "partners", partners);
        requireLogScale(logScale, unpaired);
        long u = unpaired.getShape().get(0);
        long p = partners.getShape().get(0);
        if (targets == null || !targets.getShape().equals(new Shape(u, p))) {
            throw new IllegalArgumentException(
                    "targets must have shape (U, P) = (" + u + ", " + p + "), got "
                            + (targets == null ? "null" : targets.getShape()));
        }
        requireType("targets", targets, unpaired);
        requireFinite("unpaired", unpaired);
        requireFinite("partners", partners);
        if (u == 0 || p == 0) {
            return unpaired.getManager().zeros(new Shape(), unpaired.getDataType());
        }
        return crossEntropy(unpaired, partners, targets, logScale);
    }

    private NDArray formTargets(NDArray unpaired, NDArray paired, NDArray logScale) {
        NDArray x = targetGradient ? unpaired : unpaired.stopGradient();
        NDArray xp = targetGradient ? paired : paired.stopGradient();
        NDArray similarity = x.matMul(xp.transpose());
        if (rule == PseudoLabelRule.HARD_NEAREST) {
            int p = Math.toIntExact(paired.getShape().get(0));
            return similarity.argMax(1).oneHot(p, unpaired.getDataType());
        }
        NDArray logits;
        if (Double.isNaN(targetTemperature)) {
            NDArray l = targetGradient ? logScale : logScale.stopGradient();
            logits = similarity.mul(cappedScale(l));
        } else {
            logits = Scalars.times(similarity, 1 / targetTemperature);
        }
        if (rule == PseudoLabelRule.OPTIMAL_TRANSPORT) {
            // The cost 1 - c at epsilon = 1/tau is the log-kernel tau c minus a constant.
            logits = sinkhorn.logPlan(logits);
        }
        return logits.sub(LogSumExp.along(logits, 1)).exp();
    }

    private NDArray crossEntropy(
            NDArray unpaired, NDArray partners, NDArray targets, NDArray logScale) {
        NDArray logits = unpaired.matMul(partners.transpose()).mul(cappedScale(logScale));
        NDArray logProbabilities = logits.sub(LogSumExp.along(logits, 1));
        long u = unpaired.getShape().get(0);
        return Scalars.times(targets.mul(logProbabilities).sum(), -1.0 / u);
    }

    /** {@code min(exp(l), maxScale)} with shape (1), so a float32 scale stays float32. */
    private NDArray cappedScale(NDArray logScale) {
        return logScale.reshape(1).exp().clip(0, maxScale);
    }

    private void requireFinite(String name, NDArray x) {
        if (checkFinite) {
            InputChecks.requireFinite(name, x);
        }
    }

    private static void requireLogScale(NDArray logScale, NDArray like) {
        if (logScale == null || logScale.size() != 1) {
            throw new IllegalArgumentException(
                    "logScale must hold exactly one value, got "
                            + (logScale == null ? "null" : logScale.getShape()));
        }
        requireType("logScale", logScale, like);
    }

    /** Requires the data type of the embeddings: a cast would cut the array from the graph. */
    private static void requireType(String name, NDArray x, NDArray like) {
        if (x.getDataType() != like.getDataType()) {
            throw new IllegalArgumentException(
                    name + " must be " + like.getDataType() + " like the embeddings, got "
                            + x.getDataType());
        }
    }

    /** Configures the loss; the defaults are S-CLIP's. */
    public static final class Builder {
        private PseudoLabelRule rule = PseudoLabelRule.OPTIMAL_TRANSPORT;
        private int sinkhornIterations = Sinkhorn.DEFAULT_ITERATIONS;
        private double maxScale = ContrastiveLoss.DEFAULT_MAX_SCALE;
        private double targetTemperature = Double.NaN;
        private boolean targetGradient;
        private boolean checkFinite = true;

        Builder() {}

        /**
         * Sets how the targets are formed (default {@link PseudoLabelRule#OPTIMAL_TRANSPORT}).
         *
         * @param rule the rule
         * @return this builder
         */
        public Builder optRule(PseudoLabelRule rule) {
            if (rule == null) {
                throw new IllegalArgumentException("rule must not be null");
            }
            this.rule = rule;
            return this;
        }

        /**
         * Sets the Sinkhorn iterations of the optimal-transport rule (default 10, as S-CLIP).
         *
         * @param iterations at least 1
         * @return this builder
         */
        public Builder optSinkhornIterations(int iterations) {
            if (iterations < 1) {
                throw new IllegalArgumentException(
                        "Sinkhorn iterations must be >= 1, got " + iterations);
            }
            this.sinkhornIterations = iterations;
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
         * Fixes the temperature of the targets: epsilon of the transport, the softmax temperature
         * of Soft-PL (default: tied to the logit scale, {@code 1/min(exp(l), maxScale)}, as
         * S-CLIP).
         *
         * @param temperature positive, in units of cosine similarity
         * @return this builder
         */
        public Builder optTargetTemperature(double temperature) {
            this.targetTemperature = InputChecks.requirePositive("targetTemperature", temperature);
            return this;
        }

        /**
         * Lets gradients flow into the targets (default false: targets are constants). True
         * reproduces S-CLIP's released code, which differentiates through the Sinkhorn iterations
         * (into the embeddings and the logit scale).
         *
         * @param targetGradient whether the targets are differentiated
         * @return this builder
         */
        public Builder optTargetGradient(boolean targetGradient) {
            this.targetGradient = targetGradient;
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
        public CaptionPseudoLabelLoss build() {
            return new CaptionPseudoLabelLoss(this);
        }
    }
}
