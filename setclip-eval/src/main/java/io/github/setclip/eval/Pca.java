package io.github.setclip.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;

/**
 * Principal component analysis, e.g. to draw embeddings in 2-D. The (d, d) covariance is accumulated
 * as one float64 NDArray product over all N rows; its eigenvectors then come from Apache Commons
 * Math's symmetric {@link EigenDecomposition} (DJL has none). Each component's sign is fixed by
 * making its largest |loading| positive, so results do not depend on the solver's sign choice.
 */
public final class Pca {

    private Pca() {}

    /**
     * Projects rows onto their own top principal components.
     *
     * @param x (N, d) data, N >= 2
     * @param components number of components k, 1 <= k <= d
     * @return (N, k) coordinates (centred), in x's data type, on x's manager
     */
    public static NDArray project(NDArray x, int components) {
        return fit(x, components).apply(x);
    }

    /**
     * Fits the top principal components, to project other data (another modality) the same way.
     *
     * @param x (N, d) data, N >= 2, not constant
     * @param components number of components k, 1 <= k <= d
     * @return the fit
     */
    public static Fit fit(NDArray x, int components) {
        Shape shape = x.getShape();
        if (shape.dimension() != 2 || shape.get(0) < 2) {
            throw new IllegalArgumentException("PCA needs (N, d) data with N >= 2, got " + shape);
        }
        int d = Math.toIntExact(shape.get(1));
        if (components < 1 || components > d) {
            throw new IllegalArgumentException(
                    "components must be in [1, " + d + "], got " + components);
        }
        double[] mean;
        double[] covariance;
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray x64 = x.toType(DataType.FLOAT64, false);
            NDArray mu = x64.mean(new int[] {0});
            NDArray centred = x64.sub(mu);
            mean = mu.toDoubleArray();
            covariance = centred.transpose().matMul(centred).div(shape.get(0) - 1).toDoubleArray();
        }
        double[][] a = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) { // symmetric to the last bit, so the symmetric solver runs
                a[i][j] = 0.5 * (covariance[i * d + j] + covariance[j * d + i]);
            }
        }
        double trace = IntStream.range(0, d).mapToDouble(i -> a[i][i]).sum();
        if (!(trace > 0)) {
            throw new IllegalArgumentException("PCA needs data that varies; total variance " + trace);
        }
        EigenDecomposition eigen = new EigenDecomposition(new Array2DRowRealMatrix(a, false));
        double[] eigenvalues = eigen.getRealEigenvalues();
        Integer[] order = IntStream.range(0, d).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -eigenvalues[i]));
        double[][] loadings = new double[components][d];
        double[] variance = new double[components];
        double[] ratio = new double[components];
        for (int c = 0; c < components; c++) {
            int e = order[c];
            variance[c] = Math.max(0, eigenvalues[e]);
            ratio[c] = variance[c] / trace;
            loadings[c] = eigen.getEigenvector(e).toArray();
            int largest = 0;
            for (int k = 0; k < d; k++) {
                if (Math.abs(loadings[c][k]) > Math.abs(loadings[c][largest])) {
                    largest = k;
                }
            }
            if (loadings[c][largest] < 0) {
                for (int k = 0; k < d; k++) {
                    loadings[c][k] = -loadings[c][k];
                }
            }
        }
        return new Fit(mean, loadings, variance, ratio);
    }

    /**
     * Fitted principal components.
     *
     * @param mean (d) the data mean that projection subtracts
     * @param components (k, d) unit, orthogonal principal directions, by decreasing variance
     * @param explainedVariance (k) variance along each component (covariance eigenvalue, N - 1
     *     denominator)
     * @param explainedVarianceRatio (k) share of the total variance along each component
     */
    public record Fit(double[] mean, double[][] components, double[] explainedVariance,
            double[] explainedVarianceRatio) {

        /**
         * Projects rows onto the components: (x - mean) · componentsᵀ.
         *
         * @param x (M, d) data
         * @return (M, k) coordinates, in x's data type, on x's manager
         */
        public NDArray apply(NDArray x) {
            int d = mean.length;
            Shape shape = x.getShape();
            if (shape.dimension() != 2 || shape.get(1) != d) {
                throw new IllegalArgumentException("expected (M, " + d + ") data, got " + shape);
            }
            int k = components.length;
            double[] flat = new double[d * k]; // (d, k): components transposed
            for (int c = 0; c < k; c++) {
                for (int j = 0; j < d; j++) {
                    flat[j * k + c] = components[c][j];
                }
            }
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                NDManager manager = x.getManager();
                NDArray projected = x.toType(DataType.FLOAT64, false).sub(manager.create(mean))
                        .matMul(manager.create(flat, new Shape(d, k)))
                        .toType(x.getDataType(), false);
                NDScope.unregister(projected);
                return projected;
            }
        }
    }
}
