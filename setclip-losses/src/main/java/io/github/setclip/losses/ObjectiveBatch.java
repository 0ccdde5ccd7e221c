package io.github.setclip.losses;

import ai.djl.ndarray.NDArray;

/**
 * Everything one evaluation of {@link SetClipObjective} reads: the embeddings, how many rows at the
 * top are positive pairs, and the optional extras (second views, per-row weights of the positives,
 * memory rows for MMD and SDD, a per-call override of the term weights).
 *
 * <pre>{@code
 * ObjectiveBatch batch = ObjectiveBatch.builder()
 *         .setEmbeddings(s, t)            // (N, d) each
 *         .setPositiveRows(p)             // rows 0..P-1 are positive pairs
 *         .optSecondViews(sPlus, tPlus)   // SSL
 *         .optPositiveWeights(omega)      // (P), e.g. pseudo-pair confidences
 *         .optMemory(queueS, queueT)      // (Q, d) each, constants
 *         .optWeights(balanced)           // instead of the objective's own weights
 *         .build();
 * }</pre>
 *
 * <p>The builder checks structure (required parts, pairs of arrays given together, P &gt;= 0); the
 * objective checks shapes, data types and values when it evaluates the batch.
 */
public final class ObjectiveBatch {

    private final NDArray s;
    private final NDArray t;
    private final NDArray sPositive;
    private final NDArray tPositive;
    private final int positiveRows;
    private final NDArray positiveWeights;
    private final NDArray memoryS;
    private final NDArray memoryT;
    private final LossWeights weights;

    private ObjectiveBatch(Builder builder) {
        this.s = builder.s;
        this.t = builder.t;
        this.sPositive = builder.sPositive;
        this.tPositive = builder.tPositive;
        this.positiveRows = builder.positiveRows;
        this.positiveWeights = builder.positiveWeights;
        this.memoryS = builder.memoryS;
        this.memoryT = builder.memoryT;
        this.weights = builder.weights;
    }

    /** A builder; {@code setEmbeddings} and {@code setPositiveRows} are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** Embeddings of modality S, shape (N, d). */
    public NDArray s() {
        return s;
    }

    /** Embeddings of modality T, shape (N, d). */
    public NDArray t() {
        return t;
    }

    /** Second views of S, shape (N, d), or {@code null} without SSL. */
    public NDArray sPositive() {
        return sPositive;
    }

    /** Second views of T, shape (N, d), or {@code null} without SSL. */
    public NDArray tPositive() {
        return tPositive;
    }

    /** Whether second views are present (the SSL term is then evaluated). */
    public boolean hasSecondViews() {
        return sPositive != null;
    }

    /** P, the number of positive pairs at the top of the batch. */
    public int positiveRows() {
        return positiveRows;
    }

    /** The weights {@code omega_i} of the positive rows, shape (P), or {@code null} for all 1. */
    public NDArray positiveWeights() {
        return positiveWeights;
    }

    /** Memory rows of S for MMD and SDD, shape (Q, d), or {@code null}. */
    public NDArray memoryS() {
        return memoryS;
    }

    /** Memory rows of T for MMD and SDD, shape (Q, d), or {@code null}. */
    public NDArray memoryT() {
        return memoryT;
    }

    /** Whether memory rows are present. */
    public boolean hasMemory() {
        return memoryS != null;
    }

    /** The term weights for this call, or {@code null} to use the objective's own. */
    public LossWeights weights() {
        return weights;
    }

    /** Assembles a batch. */
    public static final class Builder {
        private NDArray s;
        private NDArray t;
        private NDArray sPositive;
        private NDArray tPositive;
        private int positiveRows = -1;
        private NDArray positiveWeights;
        private NDArray memoryS;
        private NDArray memoryT;
        private LossWeights weights;

        Builder() {}

        /**
         * Sets the embeddings of both modalities (required).
         *
         * @param s embeddings of S, shape (N, d)
         * @param t embeddings of T, shape (N, d)
         * @return this builder
         */
        public Builder setEmbeddings(NDArray s, NDArray t) {
            if (s == null || t == null) {
                throw new IllegalArgumentException(
                        "embeddings S and T must not be null, got "
                                + (s == null ? "S null" : "T null"));
            }
            this.s = s;
            this.t = t;
            return this;
        }

        /**
         * Sets P, the number of positive pairs at the top of the batch (required; 0 for none).
         *
         * @param positiveRows P, {@code 0 <= P <= N}
         * @return this builder
         */
        public Builder setPositiveRows(int positiveRows) {
            if (positiveRows < 0) {
                throw new IllegalArgumentException(
                        "positive rows P must be >= 0, got " + positiveRows);
            }
            this.positiveRows = positiveRows;
            return this;
        }

        /**
         * Sets the second views of both modalities for SSL (default: none, SSL is 0).
         *
         * @param sPositive second views of S, shape (N, d)
         * @param tPositive second views of T, shape (N, d)
         * @return this builder
         */
        public Builder optSecondViews(NDArray sPositive, NDArray tPositive) {
            if ((sPositive == null) != (tPositive == null)) {
                throw new IllegalArgumentException(
                        "second views must be given for both modalities or neither, got "
                                + (sPositive == null ? "T+ only" : "S+ only"));
            }
            this.sPositive = sPositive;
            this.tPositive = tPositive;
            return this;
        }

        /**
         * Weighs the positive rows in CL (default: all 1). Constants: no gradient reaches them.
         *
         * @param positiveWeights {@code omega_i}, shape (P), finite and &gt;= 0; {@code null} for
         *     all 1
         * @return this builder
         */
        public Builder optPositiveWeights(NDArray positiveWeights) {
            this.positiveWeights = positiveWeights;
            return this;
        }

        /**
         * Adds memory rows to the sets MMD and SDD compare (default: none). Constants: no
         * gradient reaches them.
         *
         * @param memoryS memory rows of S, shape (Q, d), Q &gt;= 0
         * @param memoryT memory rows of T, shape (Q, d), the same Q
         * @return this builder
         */
        public Builder optMemory(NDArray memoryS, NDArray memoryT) {
            if ((memoryS == null) != (memoryT == null)) {
                throw new IllegalArgumentException(
                        "memory rows must be given for both modalities or neither, got "
                                + (memoryS == null ? "Q_T only" : "Q_S only"));
            }
            this.memoryS = memoryS;
            this.memoryT = memoryT;
            return this;
        }

        /**
         * Overrides the objective's term weights for this call (default: the objective's own).
         * Term balancing uses it to rescale the terms every few steps.
         *
         * @param weights the weights, or {@code null} for the objective's own
         * @return this builder
         */
        public Builder optWeights(LossWeights weights) {
            this.weights = weights;
            return this;
        }

        /**
         * Builds the batch.
         *
         * @return the batch
         * @throws IllegalArgumentException if the embeddings or P were not set
         */
        public ObjectiveBatch build() {
            if (s == null) {
                throw new IllegalArgumentException("embeddings not set: call setEmbeddings(s, t)");
            }
            if (positiveRows < 0) {
                throw new IllegalArgumentException(
                        "positive rows not set: call setPositiveRows(P), 0 for none");
            }
            return new ObjectiveBatch(this);
        }
    }
}
