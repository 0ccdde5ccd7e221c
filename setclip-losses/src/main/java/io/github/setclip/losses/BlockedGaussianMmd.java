package io.github.setclip.losses;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * The Gaussian kernels' squared MMDs computed tile by tile, with the gradient of {@code sum_u
 * beta_u MMD_u} with respect to the rows in closed form.
 *
 * <p>One pass: each tile of distances gives the widest kernel by one {@code exp} and the others
 * by squaring in place (the bandwidths are powers of two apart). A tile's kernel sums count twice
 * off the diagonal (the tile stands for both orders of its pairs), with sign + within a modality
 * and - across, over {@code N'^2}. The derivative with respect to an unordered pair's distance is
 * {@code W = 2 c sum_u beta_u (-1 / (2 sigma_u^2)) K_u} with {@code c = +-1/N'^2}, handed to
 * {@link DistanceTiles#addGradient}. Kernel sums accumulate in float64.
 */
final class BlockedGaussianMmd {

    private BlockedGaussianMmd() {}

    /**
     * The detached outcome.
     *
     * @param perKernel the squared MMD of each Gaussian kernel, narrowest first, in the rows' type
     * @param rowGradient d(sum_u beta_u MMD_u)/dX over the joint rows, or null
     */
    record Result(NDArray perKernel, NDArray rowGradient) {}

    /**
     * @param tiles the distances of {@code [S'; T']}
     * @param bandwidth g, a detached scalar
     * @param beta the kernel weights, detached; entry u weighs the kernel of exponent {@code
     *     minExponent + u}
     * @param minExponent the narrowest kernel's j in {@code sigma^2 = g 2^j}
     * @param maxExponent the widest kernel's j
     * @param gradient whether to compute the row gradient
     */
    static Result compute(
            DistanceTiles tiles,
            NDArray bandwidth,
            NDArray beta,
            int minExponent,
            int maxExponent,
            boolean gradient) {
        int kernels = maxExponent - minExponent + 1;
        NDManager owner = tiles.manager();
        DataType type = tiles.rows(0).getDataType();
        double pairs = (double) tiles.rowsPerModality() * tiles.rowsPerModality();
        // exp(-D / (2 g 2^max)) is the widest kernel.
        NDArray widest =
                Scalars.constant(bandwidth, -0.5 / Math.pow(2, maxExponent)).div(bandwidth);
        // Per kernel, the factor of K_u in W for a tile within a modality (across: negated).
        NDArray[] withinFactors = new NDArray[kernels];
        NDArray[] acrossFactors = new NDArray[kernels];
        for (int u = 0; u < kernels; u++) {
            double factor = 1 / (Math.pow(2, minExponent + u) * pairs);
            withinFactors[u] = beta.get(u).div(bandwidth).muli(-factor);
            acrossFactors[u] = withinFactors[u].neg();
        }
        NDArray[] sums = new NDArray[kernels];
        for (int u = 0; u < kernels; u++) {
            sums[u] = owner.zeros(new Shape(), DataType.FLOAT64);
        }
        BlockGradients gradients = gradient ? tiles.newGradients() : null;
        int count = tiles.blocks().count();
        for (int i = 0; i < count; i++) {
            for (int j = i; j < count; j++) {
                try (NDManager tile = owner.newSubManager()) {
                    boolean within = tiles.half(i) == tiles.half(j);
                    double multiplicity = (i == j ? 1 : 2) * (within ? 1 : -1);
                    NDArray kernel = tiles.squaredDistances(i, j, tile).muli(widest).exp();
                    NDArray weights = null;
                    for (int u = kernels - 1; u >= 0; u--) {
                        if (u < kernels - 1) {
                            kernel.muli(kernel);
                        }
                        NDArray tileSum = kernel.sum().toType(DataType.FLOAT64, false);
                        sums[u].addi(tileSum.muli(multiplicity));
                        if (gradient) {
                            NDArray factor = within ? withinFactors[u] : acrossFactors[u];
                            if (weights == null) {
                                weights = kernel.mul(factor);
                            } else {
                                weights.addi(kernel.mul(factor));
                            }
                        }
                    }
                    if (gradient) {
                        tiles.addGradient(gradients, weights, i, j);
                    }
                }
            }
        }
        NDArray perKernel = NDArrays.stack(new NDList(sums)).divi(pairs).toType(type, false);
        return new Result(perKernel, gradient ? gradients.toArray() : null);
    }
}
