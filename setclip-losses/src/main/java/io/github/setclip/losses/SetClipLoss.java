package io.github.setclip.losses;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.loss.Loss;

/**
 * Adapts a {@link SetClipObjective} to DJL's {@link Loss} contract.
 *
 * <p>{@code predictions} is {@code NDList(S, T)} or {@code NDList(S, T, S+, T+)}; {@code labels}
 * is {@code NDList(M)} with M the number of matched pairs at the top of the batch, an integer
 * scalar array. The returned value is the weighted total. The objective's parameters stay owned by
 * the objective block (add it to the model), because a {@code Loss} is not trained.
 *
 * <p>Evaluate the whole batch at once: a DJL trainer that splits a batch across several devices
 * would hand each split to this loss, and the batch-level terms (CL, MMD, SDD) would each see only
 * part of the batch.
 */
public final class SetClipLoss extends Loss {

    private final SetClipObjective objective;

    /**
     * Wraps an initialised objective.
     *
     * @param objective the objective whose parameters the model owns
     */
    public SetClipLoss(SetClipObjective objective) {
        super("setclip");
        this.objective = objective;
    }

    /** {@inheritDoc} */
    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        if (labels == null || labels.size() != 1) {
            throw new IllegalArgumentException(
                    "labels must be NDList(M) with M the number of matched pairs");
        }
        int paired = Math.toIntExact(labels.head().toType(DataType.INT64, false).getLong());
        if (predictions.size() == 2) {
            return objective.compute(predictions.get(0), predictions.get(1), paired).total();
        }
        if (predictions.size() == 4) {
            return objective
                    .compute(
                            predictions.get(0),
                            predictions.get(1),
                            predictions.get(2),
                            predictions.get(3),
                            paired)
                    .total();
        }
        throw new IllegalArgumentException(
                "predictions must be NDList(S, T) or NDList(S, T, S+, T+), got "
                        + predictions.size() + " arrays");
    }
}
