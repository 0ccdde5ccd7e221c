package io.github.setclip.losses;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.util.PairList;

/**
 * The weighted Set-CLIP objective {@code L = w_cl CL + w_mmd MMD + w_sdd SDD + w_ssl SSL}, as a DJL
 * {@link ai.djl.nn.Block} that owns the objective's learnable state.
 *
 * <p>Parameters: {@code logit_scale} (the contrastive log-scale l, initialised to {@code
 * ln(1/0.07)}) and, unless the kernel weights are fixed at uniform, {@code mmd_kernel_logits} (the
 * MMD weight logits w, initialised to 0). Add the objective to a model as a child block, or
 * initialise it on its own, so that the optimiser trains these parameters and {@code Model.save}
 * keeps them.
 *
 * <p>A batch holds N rows of each modality, the first P of which are positive pairs (the M
 * matched pairs, and any pseudo-pairs after them; see {@code docs/losses.md}). CL uses rows {@code
 * 0..P-1} (and, with {@link ClNegatives#ALL}, all rows as negatives); MMD and SDD use all N rows of
 * both modalities plus any memory rows, sharing one geometry; SSL compares each modality's rows
 * with their second views. {@link #compute(ParameterStore, ObjectiveBatch)} is the one entry
 * point; the other {@code compute} overloads delegate to it. A term whose weight is 0 is still
 * evaluated and reported, on detached inputs, so it costs no backward pass. Large batches run
 * every term over tiles ({@link Builder#optBlocking}), with the same values and gradients.
 *
 * <p>As a block, {@code forward} takes {@code NDList(S, T, M)} or {@code NDList(S, T, M, S+, T+)}
 * with M an integer scalar array, and returns {@code NDList(total, cl, mmd, sdd, ssl)}.
 */
public final class SetClipObjective extends AbstractBlock {

    private static final byte VERSION = 1;

    private final LossWeights weights;
    private final ContrastiveLoss contrastive;
    private final MultiKernelMmd mmd;
    private final SddLoss sdd;
    private final NtXentLoss ssl;
    private final boolean learnedKernelWeights;
    private final boolean checkFinite;
    private final Parameter logitScale;
    private final Parameter kernelLogits;

    private SetClipObjective(Builder builder) {
        super(VERSION);
        this.weights = builder.weights;
        this.contrastive =
                ContrastiveLoss.builder()
                        .optMaxScale(builder.maxLogitScale)
                        .optNegatives(builder.clNegatives)
                        .optBlockPlan(builder.blockPlan)
                        .build();
        this.mmd = builder.mmd.optBlockPlan(builder.blockPlan).build();
        this.sdd = builder.buildSdd();
        this.ssl = new NtXentLoss(builder.sslTemperature, builder.blockPlan);
        this.learnedKernelWeights = builder.learnedKernelWeights;
        this.checkFinite = builder.checkFinite;
        this.logitScale =
                addParameter(
                        Parameter.builder()
                                .setName("logit_scale")
                                .setType(Parameter.Type.WEIGHT)
                                .optShape(new Shape(1))
                                .optInitializer(
                                        new ConstantInitializer((float) builder.initialLogScale))
                                .build());
        this.kernelLogits =
                learnedKernelWeights
                        ? addParameter(
                                Parameter.builder()
                                        .setName("mmd_kernel_logits")
                                        .setType(Parameter.Type.WEIGHT)
                                        .optShape(new Shape(mmd.kernelCount()))
                                        .optInitializer(new ConstantInitializer(0))
                                        .build())
                        : null;
    }

    /** A builder with the spec's defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** The term weights. */
    public LossWeights weights() {
        return weights;
    }

    /**
     * The SDD term as configured: a {@link SemanticDensityLoss} (form {@link SddForm#SPEC}) or an
     * {@link AuthorsDensityLoss} (form {@link SddForm#AUTHORS}).
     */
    public SddLoss sdd() {
        return sdd;
    }

    /** The contrastive term as configured (logit-scale cap, negatives). */
    public ContrastiveLoss contrastive() {
        return contrastive;
    }

    /** The MMD term as configured. */
    public MultiKernelMmd mmd() {
        return mmd;
    }

    /** The NT-Xent term as configured. */
    public NtXentLoss ssl() {
        return ssl;
    }

    /**
     * Evaluates the objective without second views (SSL is then 0), outside a DJL trainer.
     *
     * @param s embeddings of modality S, shape (N, d); rows {@code 0..paired-1} are matched
     * @param t embeddings of modality T, shape (N, d)
     * @param paired M, the number of matched pairs, {@code 0 <= M <= N}
     * @return every term and the weighted total
     */
    public LossTerms compute(NDArray s, NDArray t, int paired) {
        return compute(null, s, t, null, null, paired);
    }

    /**
     * Evaluates the objective with second views, outside a DJL trainer.
     *
     * @param s embeddings of modality S, shape (N, d); rows {@code 0..paired-1} are matched
     * @param t embeddings of modality T, shape (N, d)
     * @param sPositive second views of S, shape (N, d), or {@code null} together with {@code
     *     tPositive} for no SSL term
     * @param tPositive second views of T, shape (N, d), or {@code null}
     * @param paired M, the number of matched pairs, {@code 0 <= M <= N}
     * @return every term and the weighted total
     */
    public LossTerms compute(
            NDArray s, NDArray t, NDArray sPositive, NDArray tPositive, int paired) {
        return compute(null, s, t, sPositive, tPositive, paired);
    }

    /**
     * Evaluates the objective, reading parameters through a trainer's parameter store.
     *
     * @param parameterStore the store, or {@code null} to use the parameters' own arrays
     * @param s embeddings of modality S, shape (N, d), N &gt;= 2
     * @param t embeddings of modality T, shape (N, d)
     * @param sPositive second views of S or {@code null}
     * @param tPositive second views of T or {@code null}
     * @param paired M, {@code 0 <= M <= N}
     * @return every term and the weighted total
     * @throws IllegalArgumentException on mismatched shapes, N &lt; 2, M out of range or
     *     non-finite embeddings
     */
    public LossTerms compute(
            ParameterStore parameterStore,
            NDArray s,
            NDArray t,
            NDArray sPositive,
            NDArray tPositive,
            int paired) {
        if (paired < 0) {
            throw new IllegalArgumentException(
                    "paired count M must satisfy 0 <= M <= N, got " + paired);
        }
        return compute(
                parameterStore,
                ObjectiveBatch.builder()
                        .setEmbeddings(s, t)
                        .setPositiveRows(paired)
                        .optSecondViews(sPositive, tPositive)
                        .build());
    }

    /**
     * Evaluates the objective on a batch, reading parameters through a trainer's parameter store.
     *
     * <p>CL uses the batch's P positive rows (with their weights, if any); MMD and SDD use all N
     * rows of both modalities plus the memory rows, if any; SSL uses the second views, if any. The
     * batch's term weights, when set, replace the objective's for this call.
     *
     * @param parameterStore the store, or {@code null} to use the parameters' own arrays
     * @param batch the embeddings and everything else the terms read
     * @return every term and the weighted total
     * @throws IllegalArgumentException on mismatched shapes, N &lt; 2, P out of range, bad
     *     positive-row weights or non-finite embeddings
     */
    public LossTerms compute(ParameterStore parameterStore, ObjectiveBatch batch) {
        requireInputs(batch);
        LossWeights w = batch.weights() == null ? weights : batch.weights();
        NDArray s = batch.s();
        NDArray t = batch.t();
        NDArray scale = parameter(parameterStore, logitScale, s);
        NDArray logits = kernelLogits == null ? null : parameter(parameterStore, kernelLogits, s);

        NDArray cl =
                contrastive.compute(
                        active(s, w.cl()),
                        active(t, w.cl()),
                        batch.positiveRows(),
                        batch.positiveWeights(),
                        scale,
                        w.cl() > 0);
        double distributionWeight = w.mmd() + w.sdd();
        PairwiseGeometry geometry =
                PairwiseGeometry.of(
                        active(s, distributionWeight),
                        active(t, distributionWeight),
                        batch.memoryS(),
                        batch.memoryT(),
                        distributionWeight > 0);
        NDArray mmdValue =
                mmd.compute(w.mmd() > 0 ? geometry : geometry.withoutGradient(), logits).value();
        NDArray sddValue = sdd.compute(w.sdd() > 0 ? geometry : geometry.withoutGradient());
        if (w.sdd() == 0) {
            sddValue = sddValue.stopGradient();
        }
        if (w.mmd() == 0) {
            mmdValue = mmdValue.stopGradient();
        }
        NDArray sslValue;
        if (!batch.hasSecondViews()) {
            sslValue = s.getManager().zeros(new Shape(), s.getDataType());
        } else {
            boolean sslActive = w.ssl() > 0;
            sslValue =
                    ssl.compute(
                                    active(s, w.ssl()),
                                    active(batch.sPositive(), w.ssl()),
                                    sslActive)
                            .add(
                                    ssl.compute(
                                            active(t, w.ssl()),
                                            active(batch.tPositive(), w.ssl()),
                                            sslActive));
        }
        NDArray total =
                Scalars.times(cl, w.cl())
                        .add(Scalars.times(mmdValue, w.mmd()))
                        .add(Scalars.times(sddValue, w.sdd()))
                        .add(Scalars.times(sslValue, w.ssl()));
        return new LossTerms(total, cl, mmdValue, sddValue, sslValue);
    }

    /**
     * The current logit scale {@code min(exp(l), maxScale)}, for logging.
     *
     * @return the scale as a double
     */
    public double currentLogitScale() {
        requireInitialized();
        double l = logitScale.getArray().toType(DataType.FLOAT64, false).getDouble();
        return Math.min(Math.exp(l), contrastive.maxScale());
    }

    /**
     * The current MMD kernel weights {@code softmax(w)}, in kernel order (Gaussians by ascending
     * bandwidth, then the polynomial kernel), for logging.
     *
     * @return the weights; uniform when they are not learned
     */
    public double[] currentKernelWeights() {
        requireInitialized();
        int k = mmd.kernelCount();
        if (kernelLogits == null) {
            double[] uniform = new double[k];
            java.util.Arrays.fill(uniform, 1.0 / k);
            return uniform;
        }
        return kernelLogits.getArray().toType(DataType.FLOAT64, false).softmax(0).toDoubleArray();
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        if (inputs.size() != 3 && inputs.size() != 5) {
            throw new IllegalArgumentException(
                    "SetClipObjective expects NDList(S, T, M) or NDList(S, T, M, S+, T+), got "
                            + inputs.size() + " arrays");
        }
        int paired = Math.toIntExact(inputs.get(2).toType(DataType.INT64, false).getLong());
        NDArray sPositive = inputs.size() == 5 ? inputs.get(3) : null;
        NDArray tPositive = inputs.size() == 5 ? inputs.get(4) : null;
        LossTerms terms =
                compute(parameterStore, inputs.get(0), inputs.get(1), sPositive, tPositive, paired);
        return new NDList(terms.total(), terms.cl(), terms.mmd(), terms.sdd(), terms.ssl());
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(), new Shape(), new Shape(), new Shape(), new Shape()};
    }

    private void requireInputs(ObjectiveBatch batch) {
        NDArray s = batch.s();
        NDArray t = batch.t();
        InputChecks.requireSameShape("S", s, "T", t);
        long n = s.getShape().get(0);
        InputChecks.requireRows("S", s, 2, "MMD and SDD need N >= 2");
        int paired = batch.positiveRows();
        if (paired > n) {
            throw new IllegalArgumentException(
                    "paired count M (positive rows P) must satisfy 0 <= M <= N = " + n + ", got "
                            + paired);
        }
        if (batch.hasSecondViews()) {
            InputChecks.requireSameShape("S", s, "S+", batch.sPositive());
            InputChecks.requireSameShape("T", t, "T+", batch.tPositive());
        }
        InputChecks.requireMemory(s, t, batch.memoryS(), batch.memoryT());
        if (checkFinite) {
            InputChecks.requireFinite("S", s);
            InputChecks.requireFinite("T", t);
            if (batch.hasSecondViews()) {
                InputChecks.requireFinite("S+", batch.sPositive());
                InputChecks.requireFinite("T+", batch.tPositive());
            }
            if (batch.hasMemory()) {
                InputChecks.requireFinite("memory Q_S", batch.memoryS());
                InputChecks.requireFinite("memory Q_T", batch.memoryT());
            }
        }
        requireInitialized();
    }

    private void requireInitialized() {
        if (!logitScale.isInitialized()) {
            throw new IllegalStateException(
                    "SetClipObjective is not initialised: call initialize(manager, dataType) or add"
                            + " it to an initialised model first");
        }
    }

    private static NDArray parameter(ParameterStore store, Parameter parameter, NDArray like) {
        NDArray value =
                store == null
                        ? parameter.getArray()
                        : store.getValue(parameter, like.getDevice(), true);
        Scalars.requireType(parameter.getName(), value, like.getDataType());
        return value;
    }

    /** The input itself when its term is weighted, a detached view when it is not. */
    private static NDArray active(NDArray x, double weight) {
        return weight > 0 ? x : x.stopGradient();
    }

    /** Configures the objective; every option defaults to the spec. */
    public static final class Builder extends TiledLossBuilder<Builder> {
        private LossWeights weights = LossWeights.DEFAULTS;
        private double initialLogScale = ContrastiveLoss.DEFAULT_INITIAL_LOG_SCALE;
        private double maxLogitScale = ContrastiveLoss.DEFAULT_MAX_SCALE;
        private double sslTemperature = NtXentLoss.DEFAULT_TEMPERATURE;
        private boolean learnedKernelWeights = true;
        private boolean checkFinite = true;
        private ClNegatives clNegatives = ClNegatives.PAIRED;
        private SddForm sddForm = SddForm.SPEC;
        private Double sddBandwidth;
        private boolean relativeDistance = true;
        private SddDivergence sddDivergence = SddDivergence.SYMMETRIC_KL;
        private final MultiKernelMmd.Builder mmd = MultiKernelMmd.builder();

        Builder() {}

        @Override
        Builder self() {
            return this;
        }

        /**
         * Sets the term weights (default {@link LossWeights#DEFAULTS}).
         *
         * @param weights the weights
         * @return this builder
         */
        public Builder optWeights(LossWeights weights) {
            if (weights == null) {
                throw new IllegalArgumentException("weights must not be null");
            }
            this.weights = weights;
            return this;
        }

        /**
         * Sets the initial logit scale {@code exp(l)} (default {@code 1/0.07 = 14.2857}).
         *
         * @param scale the initial scale, positive
         * @return this builder
         */
        public Builder optInitialLogitScale(double scale) {
            this.initialLogScale = Math.log(InputChecks.requirePositive("logit scale", scale));
            return this;
        }

        /**
         * Sets the candidate rows of CL (default {@link ClNegatives#PAIRED}: the positive rows
         * only; {@link ClNegatives#ALL}: all N rows of the other modality).
         *
         * @param negatives the candidates
         * @return this builder
         */
        public Builder optClNegatives(ClNegatives negatives) {
            if (negatives == null) {
                throw new IllegalArgumentException("CL negatives must not be null");
            }
            this.clNegatives = negatives;
            return this;
        }

        /**
         * Sets the SDD form (default {@link SddForm#SPEC}). The authors' form has no divergence or
         * relative-distance option: combining it with MSE or with the relative distance off is
         * rejected at {@link #build()}.
         *
         * @param form the form
         * @return this builder
         */
        public Builder optSddForm(SddForm form) {
            if (form == null) {
                throw new IllegalArgumentException("SDD form must not be null");
            }
            this.sddForm = form;
            return this;
        }

        /**
         * Sets the SDD bandwidth h (default: the form's, {@link SddForm#defaultBandwidth()}; an
         * explicit value applies to either form).
         *
         * @param bandwidth h, positive
         * @return this builder
         */
        public Builder optBandwidth(double bandwidth) {
            this.sddBandwidth = InputChecks.requirePositive("bandwidth", bandwidth);
            return this;
        }

        /**
         * Turns the SDD relative distance on (default) or off.
         *
         * @param relativeDistance whether distances are divided by each set's variance
         * @return this builder
         */
        public Builder optRelativeDistance(boolean relativeDistance) {
            this.relativeDistance = relativeDistance;
            return this;
        }

        /**
         * Sets the SDD divergence (default symmetric KL).
         *
         * @param divergence the divergence
         * @return this builder
         */
        public Builder optSddDivergence(SddDivergence divergence) {
            if (divergence == null) {
                throw new IllegalArgumentException("divergence must not be null");
            }
            this.sddDivergence = divergence;
            return this;
        }

        /**
         * Sets the NT-Xent temperature tau (default 0.05).
         *
         * @param temperature tau, positive
         * @return this builder
         */
        public Builder optSslTemperature(double temperature) {
            this.sslTemperature = InputChecks.requirePositive("SSL temperature", temperature);
            return this;
        }

        /**
         * Learns the MMD kernel weights adversarially (default true) or fixes them at uniform.
         *
         * @param learned whether the weights are learned
         * @return this builder
         */
        public Builder optLearnedKernelWeights(boolean learned) {
            this.learnedKernelWeights = learned;
            return this;
        }

        /**
         * Sets the Gaussian kernel exponents j of {@code sigma^2 = g 2^j} (default -2..2).
         *
         * @param min the smallest exponent
         * @param max the largest exponent
         * @return this builder
         */
        public Builder optGaussianExponents(int min, int max) {
            mmd.optGaussianExponents(min, max);
            return this;
        }

        /**
         * Fixes the MMD bandwidth g (default: the batch's mean squared pairwise distance).
         *
         * @param g the bandwidth, positive
         * @return this builder
         */
        public Builder optFixedMmdBandwidth(double g) {
            mmd.optFixedBandwidth(g);
            return this;
        }

        /**
         * Checks every input embedding for NaN and infinity (default true; one device read per
         * input).
         *
         * @param checkFinite whether to check
         * @return this builder
         */
        public Builder optCheckFinite(boolean checkFinite) {
            this.checkFinite = checkFinite;
            return this;
        }

        /**
         * Builds the objective; initialise it (or its parent model) before use.
         *
         * @return the objective
         * @throws IllegalArgumentException if the authors' SDD form is combined with the MSE
         *     divergence or with the relative distance off
         */
        public SetClipObjective build() {
            return new SetClipObjective(this);
        }

        private SddLoss buildSdd() {
            if (sddForm == SddForm.AUTHORS) {
                if (sddDivergence != SddDivergence.SYMMETRIC_KL || !relativeDistance) {
                    throw new IllegalArgumentException(
                            "the authors' SDD form is defined with the symmetric KL and the"
                                    + " relative distance only, got divergence " + sddDivergence
                                    + " and relative distance "
                                    + (relativeDistance ? "on" : "off"));
                }
                return AuthorsDensityLoss.builder()
                        .optBlockPlan(blockPlan)
                        .optBandwidth(sddBandwidth == null ? sddForm.defaultBandwidth() : sddBandwidth)
                        .build();
            }
            return SemanticDensityLoss.builder()
                    .optBlockPlan(blockPlan)
                    .optBandwidth(sddBandwidth == null ? sddForm.defaultBandwidth() : sddBandwidth)
                    .optRelativeDistance(relativeDistance)
                    .optDivergence(sddDivergence)
                    .build();
        }
    }
}
