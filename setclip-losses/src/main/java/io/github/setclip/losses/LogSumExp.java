package io.github.setclip.losses;

import ai.djl.ndarray.NDArray;

/** Numerically stable log-sum-exp, which DJL's NDArray lacks. */
final class LogSumExp {

    private LogSumExp() {}

    /**
     * Returns {@code ln sum_axis exp(x)}, keeping the reduced axis with size 1.
     *
     * <p>The row maximum is subtracted before {@code exp}; it is detached from the graph because
     * the result does not depend on it (its gradient terms cancel exactly).
     */
    static NDArray along(NDArray x, int axis) {
        NDArray max = x.max(new int[] {axis}, true).stopGradient();
        return x.sub(max).exp().sum(new int[] {axis}, true).log().add(max);
    }

    /**
     * As {@link #along}, but shifts {@code x} in place, saving one allocation of its size. Only
     * for a fresh temporary whose values no backward pass needs (the output of a sum or of a
     * product by a constant, not of {@code exp}).
     */
    static NDArray alongInPlace(NDArray x, int axis) {
        NDArray max = x.max(new int[] {axis}, true).stopGradient();
        return x.subi(max).exp().sum(new int[] {axis}, true).log().add(max);
    }
}
