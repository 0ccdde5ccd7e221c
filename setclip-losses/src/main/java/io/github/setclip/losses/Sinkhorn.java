package io.github.setclip.losses;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Entropic optimal transport between two finite sets, by Sinkhorn iterations in the log domain.
 *
 * <p>For a cost C of shape (n, m), a regularisation {@code epsilon > 0} and marginals a (n) and b
 * (m) with equal totals, the plan minimising {@code <pi, C> - epsilon H(pi)} subject to {@code pi
 * 1 = a} and {@code pi^T 1 = b} is {@code pi_ij = exp(G_ij + f_i + g_j)} with the log-kernel
 * {@code G = -C / epsilon}. From {@code f = 0}, each iteration updates the column potential, then
 * the row potential:
 *
 * <pre>
 *   g_j = ln b_j - ln sum_i exp(G_ij + f_i)
 *   f_i = ln a_i - ln sum_j exp(G_ij + g_j)
 * </pre>
 *
 * <p>(the order of POT's {@code sinkhorn}, which S-CLIP calls), so after any number of iterations
 * the row sums equal a exactly and the column sums approach b. Marginals are uniform ({@code 1/n},
 * {@code 1/m}) unless given. Every step is a batched log-sum-exp over the whole matrix; the only
 * Java loop runs over iterations. When the kernel carries no gradient, each iteration's temporaries
 * are freed at once, so memory stays at a few (n, m) arrays whatever the iteration count; when it
 * does, autograd differentiates through every iteration.
 */
public final class Sinkhorn {

    /** The iteration count of S-CLIP's pseudo-labels (POT's {@code numItermax=10}). */
    public static final int DEFAULT_ITERATIONS = 10;

    /** Relative tolerance on the equality of the two marginals' totals. */
    private static final double MARGINAL_TOLERANCE = 1e-6;

    private final int iterations;
    private final boolean checkFinite;

    private Sinkhorn(Builder builder) {
        this.iterations = builder.iterations;
        this.checkFinite = builder.checkFinite;
    }

    /** A builder with {@link #DEFAULT_ITERATIONS} iterations. */
    public static Builder builder() {
        return new Builder();
    }

    /** The number of iterations (each a column and then a row update). */
    public int iterations() {
        return iterations;
    }

    /**
     * The plan for a cost matrix under uniform marginals.
     *
     * @param cost C, shape (n, m), float32 or float64
     * @param epsilon the entropic regularisation, positive, in the units of the cost
     * @return the plan, shape (n, m); rows sum to {@code 1/n}, columns approach {@code 1/m}
     */
    public NDArray plan(NDArray cost, double epsilon) {
        return plan(cost, epsilon, null, null);
    }

    /**
     * The plan for a cost matrix under given marginals.
     *
     * @param cost C, shape (n, m), float32 or float64
     * @param epsilon the entropic regularisation, positive, in the units of the cost
     * @param rowMarginal a, shape (n), positive, or {@code null} for uniform
     * @param columnMarginal b, shape (m), positive, same total as a, or {@code null} for uniform
     * @return the plan, shape (n, m)
     */
    public NDArray plan(
            NDArray cost, double epsilon, NDArray rowMarginal, NDArray columnMarginal) {
        requireMatrix("cost", cost);
        InputChecks.requirePositive("epsilon", epsilon);
        if (checkFinite) {
            InputChecks.requireFinite("cost", cost);
        }
        return solve(Scalars.times(cost, -1 / epsilon), rowMarginal, columnMarginal).exp();
    }

    /**
     * The log-plan for a log-kernel {@code G = -C / epsilon} under uniform marginals. A similarity
     * matrix scaled by an inverse temperature is a log-kernel: constants added to G change nothing.
     *
     * @param logKernel G, shape (n, m), float32 or float64, finite
     * @return {@code ln pi}, shape (n, m)
     */
    public NDArray logPlan(NDArray logKernel) {
        return logPlan(logKernel, null, null);
    }

    /**
     * The log-plan for a log-kernel {@code G = -C / epsilon} under given marginals.
     *
     * @param logKernel G, shape (n, m), float32 or float64, finite
     * @param rowMarginal a, shape (n), positive, or {@code null} for uniform
     * @param columnMarginal b, shape (m), positive, same total as a, or {@code null} for uniform
     * @return {@code ln pi}, shape (n, m); empty when n or m is 0
     */
    public NDArray logPlan(NDArray logKernel, NDArray rowMarginal, NDArray columnMarginal) {
        requireMatrix("logKernel", logKernel);
        if (checkFinite) {
            InputChecks.requireFinite("logKernel", logKernel);
        }
        return solve(logKernel, rowMarginal, columnMarginal);
    }

    private NDArray solve(NDArray logKernel, NDArray rowMarginal, NDArray columnMarginal) {
        long n = logKernel.getShape().get(0);
        long m = logKernel.getShape().get(1);
        if (n == 0 || m == 0) {
            return logKernel.stopGradient();
        }
        NDArray logA = logMarginal("rowMarginal", rowMarginal, n, logKernel).reshape(-1, 1);
        NDArray logB = logMarginal("columnMarginal", columnMarginal, m, logKernel).reshape(1, -1);
        requireEqualTotals(rowMarginal, columnMarginal, n, m);
        if (logKernel.hasGradient()) {
            NDArray f = null;
            NDArray g = null;
            for (int k = 0; k < iterations; k++) {
                g = logB.sub(LogSumExp.along(f == null ? logKernel : logKernel.add(f), 0));
                f = logA.sub(LogSumExp.along(logKernel.add(g), 1));
            }
            return logKernel.add(f).add(g);
        }
        return detachedLogPlan(logKernel, logA, logB);
    }

    /** The same iterations, each in its own scope so that its (n, m) temporaries die with it. */
    private NDArray detachedLogPlan(NDArray logKernel, NDArray logA, NDArray logB) {
        NDManager owner = logKernel.getManager();
        NDArray f = null;
        NDArray g = null;
        for (int k = 0; k < iterations; k++) {
            NDArray oldF = f;
            NDArray oldG = g;
            try (NDManager scope = owner.newSubManager()) {
                scope.tempAttachAll(logKernel, logA, logB);
                NDArray shifted = f == null ? logKernel : logKernel.add(f);
                g = logB.sub(LogSumExp.along(shifted, 0));
                f = logA.sub(LogSumExp.along(logKernel.add(g), 1));
                g.attach(owner);
                f.attach(owner);
            }
            if (oldF != null) {
                oldF.close();
                oldG.close();
            }
        }
        NDArray logPlan = logKernel.add(f).add(g);
        f.close();
        g.close();
        return logPlan;
    }

    /** {@code ln} of a given marginal, or the 0-d constant {@code -ln size} for a uniform one. */
    private static NDArray logMarginal(String name, NDArray marginal, long size, NDArray like) {
        if (marginal == null) {
            return Scalars.constant(like, -Math.log(size));
        }
        if (marginal.getShape().dimension() != 1 || marginal.getShape().get(0) != size) {
            throw new IllegalArgumentException(
                    name + " must have shape (" + size + "), got " + marginal.getShape());
        }
        if (marginal.getDataType() != like.getDataType()) {
            throw new IllegalArgumentException(
                    name + " must be " + like.getDataType() + " like the cost, got "
                            + marginal.getDataType());
        }
        NDArray notFinite = marginal.isNaN().logicalOr(marginal.isInfinite());
        try (NDArray bad = marginal.lte(0).logicalOr(notFinite).any()) {
            if (bad.getBoolean()) {
                throw new IllegalArgumentException(
                        name + " must be positive and finite, got "
                                + java.util.Arrays.toString(
                                        marginal.toType(DataType.FLOAT64, false).toDoubleArray()));
            }
        }
        return marginal.stopGradient().log();
    }

    private static void requireEqualTotals(NDArray a, NDArray b, long n, long m) {
        double totalA = a == null ? 1 : total(a);
        double totalB = b == null ? 1 : total(b);
        if (Math.abs(totalA - totalB) > MARGINAL_TOLERANCE * Math.max(totalA, totalB)) {
            throw new IllegalArgumentException(
                    "rowMarginal and columnMarginal must have the same total, got " + totalA
                            + " (" + n + " rows) and " + totalB + " (" + m + " columns)");
        }
    }

    private static double total(NDArray marginal) {
        try (NDArray sum = marginal.sum().toType(DataType.FLOAT64, false)) {
            return sum.getDouble();
        }
    }

    private static void requireMatrix(String name, NDArray x) {
        if (x == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        Shape shape = x.getShape();
        DataType type = x.getDataType();
        if (shape.dimension() != 2) {
            throw new IllegalArgumentException(
                    name + " must be a 2-D (n, m) matrix, got shape " + shape);
        }
        if (type != DataType.FLOAT32 && type != DataType.FLOAT64) {
            throw new IllegalArgumentException(name + " must be float32 or float64, got " + type);
        }
    }

    /** Configures the solver. */
    public static final class Builder {
        private int iterations = DEFAULT_ITERATIONS;
        private boolean checkFinite = true;

        Builder() {}

        /**
         * Sets the number of iterations (default 10, as S-CLIP).
         *
         * @param iterations at least 1
         * @return this builder
         */
        public Builder optIterations(int iterations) {
            if (iterations < 1) {
                throw new IllegalArgumentException(
                        "Sinkhorn iterations must be >= 1, got " + iterations);
            }
            this.iterations = iterations;
            return this;
        }

        /**
         * Checks the cost or log-kernel for NaN and infinity (default true; one device read per
         * call).
         *
         * @param checkFinite whether to check
         * @return this builder
         */
        public Builder optCheckFinite(boolean checkFinite) {
            this.checkFinite = checkFinite;
            return this;
        }

        /** Builds the solver. */
        public Sinkhorn build() {
            return new Sinkhorn(this);
        }
    }
}
