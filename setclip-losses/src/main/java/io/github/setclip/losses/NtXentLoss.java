package io.github.setclip.losses;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * Self-supervised NT-Xent loss inside one modality (one half of term SSL).
 *
 * <p>Given views {@code z_1..z_N} and their positives {@code z+_1..z+_N}, every one of the 2N
 * embeddings is an anchor {@code a} whose positive {@code p} is its other view:
 *
 * <pre>  -ln( exp(&lt;a, p&gt;/tau) / sum_{b != a} exp(&lt;a, b&gt;/tau) )</pre>
 *
 * averaged over the 2N anchors. The denominator runs over the other 2N - 1 embeddings, the
 * positive included.
 */
public final class NtXentLoss {

    /** The default temperature, 0.05. */
    public static final double DEFAULT_TEMPERATURE = 0.05;

    /** Added to the self-similarity so that it drops out of the log-sum-exp. */
    private static final float SELF_MASK = -1e9f;

    private final double temperature;
    private final BlockPlan blockPlan;

    /**
     * Creates the loss.
     *
     * @param temperature tau, positive
     */
    public NtXentLoss(double temperature) {
        this(temperature, BlockPlan.DEFAULT);
    }

    /** Creates the loss with tau = 0.05. */
    public NtXentLoss() {
        this(DEFAULT_TEMPERATURE);
    }

    /**
     * Creates the loss with a choice of blocking.
     *
     * @param temperature tau, positive
     * @param blocking when the 2N x 2N similarities are computed in tiles
     * @param blockSize the tile side B in rows, &gt;= 1
     */
    public NtXentLoss(double temperature, Blocking blocking, int blockSize) {
        this(temperature, new BlockPlan(blocking, blockSize));
    }

    NtXentLoss(double temperature, BlockPlan blockPlan) {
        this.temperature = InputChecks.requirePositive("temperature", temperature);
        this.blockPlan = blockPlan;
    }

    /** The temperature tau. */
    public double temperature() {
        return temperature;
    }

    /**
     * Evaluates NT-Xent for one modality.
     *
     * @param views first views, shape (N, d), N &gt;= 1
     * @param positives second views, same shape; row i is the positive of row i of {@code views}
     * @return the loss, a scalar of the inputs' data type
     */
    public NDArray compute(NDArray views, NDArray positives) {
        return compute(views, positives, true);
    }

    /**
     * As {@link #compute(NDArray, NDArray)}; {@code differentiable = false} skips the blocked
     * gradient work.
     */
    NDArray compute(NDArray views, NDArray positives, boolean differentiable) {
        InputChecks.requireSameShape("views", views, "positives", positives);
        InputChecks.requireRows("views", views, 1, "NT-Xent needs at least one pair of views");
        int n = Math.toIntExact(views.getShape().get(0));
        NDArray positive = Scalars.times(views.mul(positives).sum(new int[] {1}), 1 / temperature);
        if (blockPlan.blocks(2L * n)) {
            NDArray joint = views.stopGradient().concat(positives.stopGradient(), 0);
            BlockedNtXent.Result result =
                    BlockedNtXent.compute(
                            joint,
                            temperature,
                            blockPlan.blockSize(),
                            differentiable && Autograd.isRecording(views));
            NDArray gradient = result.gradient();
            NDArray lse =
                    LinearSurrogate.attach(
                            result.meanLogSumExp(),
                            new NDArray[] {
                                gradient == null ? null : gradient.get("0:{}", n),
                                gradient == null ? null : gradient.get("{}:", n)
                            },
                            new NDArray[] {views, positives});
            return lse.sub(positive.mean());
        }
        NDManager manager = views.getManager();
        NDArray joint = views.concat(positives, 0);
        NDArray sim = Scalars.times(joint, 1 / temperature).matMul(joint.transpose());
        NDArray masked = sim.add(manager.eye(2 * n).toType(sim.getDataType(), false).mul(SELF_MASK));
        NDArray lse = LogSumExp.along(masked, 1).squeeze(1);
        // Both anchors of a pair share the same positive similarity.
        return lse.mean().sub(positive.mean());
    }
}
