package io.github.setclip.losses;

/**
 * The weights of the four terms in {@code L = w_cl CL + w_mmd MMD + w_sdd SDD + w_ssl SSL}.
 *
 * @param cl weight of the contrastive term, &gt;= 0
 * @param mmd weight of the MMD term, &gt;= 0
 * @param sdd weight of the SDD term, &gt;= 0
 * @param ssl weight of the self-supervised term, &gt;= 0
 */
public record LossWeights(double cl, double mmd, double sdd, double ssl) {

    /** The authors' released defaults: 1.0, 0.2, 0.7, 0.15. */
    public static final LossWeights DEFAULTS = new LossWeights(1.0, 0.2, 0.7, 0.15);

    /** Plain CLIP: the contrastive term alone. */
    public static final LossWeights CLIP = new LossWeights(1.0, 0, 0, 0);

    /** Validates every weight: finite and non-negative. */
    public LossWeights {
        InputChecks.requireNonNegative("weight w_cl", cl);
        InputChecks.requireNonNegative("weight w_mmd", mmd);
        InputChecks.requireNonNegative("weight w_sdd", sdd);
        InputChecks.requireNonNegative("weight w_ssl", ssl);
    }
}
