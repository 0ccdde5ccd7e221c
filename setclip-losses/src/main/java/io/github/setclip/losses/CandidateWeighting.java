package io.github.setclip.losses;

/**
 * How {@link KeywordPartialLabelLoss} spreads an unpaired row's target over its candidate keywords
 * C. With logits {@code z_k} and {@code p = softmax(z)} over all K keywords:
 */
public enum CandidateWeighting {
    /**
     * By the model's own prediction, renormalised on C: the loss {@code -ln sum_{k in C} p_k},
     * whose gradient is that of the cross-entropy against the fixed target {@code p_k / sum_{c in
     * C} p_c} on C (the classic partial-label likelihood). The default.
     */
    PREDICTED,
    /** Evenly: the cross-entropy against {@code 1/|C|} on C, {@code -1/|C| sum_{k in C} ln p_k}. */
    UNIFORM
}
