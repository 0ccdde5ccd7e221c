package io.github.setclip.losses;

import ai.djl.ndarray.NDArray;

/**
 * Attaches a gradient computed in closed form to a detached value, since DJL has no custom
 * autograd functions: {@code value + sum_k <G_k, X_k> - stopGradient(sum_k <G_k, X_k>)} has the
 * value {@code value} exactly (the linear part cancels before it is added) and the gradient
 * {@code G_k} with respect to each {@code X_k}, which autograd then carries further back.
 */
final class LinearSurrogate {

    private LinearSurrogate() {}

    /**
     * @param value the detached value, a scalar
     * @param gradients the detached gradients {@code G_k}, each the shape of its input; a {@code
     *     null} entry skips its input
     * @param inputs the differentiable inputs {@code X_k}
     * @return {@code value} carrying the gradients
     */
    static NDArray attach(NDArray value, NDArray[] gradients, NDArray[] inputs) {
        NDArray linear = null;
        for (int k = 0; k < inputs.length; k++) {
            if (gradients[k] == null) {
                continue;
            }
            NDArray term = gradients[k].mul(inputs[k]).sum();
            linear = linear == null ? term : linear.add(term);
        }
        return linear == null ? value : value.add(linear.sub(linear.stopGradient()));
    }
}
