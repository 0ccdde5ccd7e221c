package io.github.setclip.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import io.github.setclip.losses.LossTerms;
import io.github.setclip.losses.LossWeights;
import io.github.setclip.losses.SetClipObjective;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * How hard each term pulls on the embeddings: the L2 norm of {@code d(w_k L_k)/dE} for each term
 * k, where E stacks every embedding the objective sees (S, T and, with SSL, their second views).
 *
 * <p>The distribution terms can go silent without anyone noticing (at a large SDD bandwidth all
 * densities are nearly equal); these norms, logged per epoch beside the contrastive term's, show
 * it. Each term gets its own backward pass on detached copies of the embeddings, so the towers'
 * gradients are untouched; the gradients this leaves on the objective's own parameters (logit
 * scale, kernel logits) are zeroed before returning.
 */
final class TermGradients {

    private static final Map<String, Function<LossTerms, NDArray>> TERMS = new LinkedHashMap<>();

    static {
        TERMS.put("cl", LossTerms::cl);
        TERMS.put("mmd", LossTerms::mmd);
        TERMS.put("sdd", LossTerms::sdd);
        TERMS.put("ssl", LossTerms::ssl);
    }

    private TermGradients() {}

    /**
     * Measures every term's weighted gradient norm at the embeddings. Call outside any gradient
     * collector (there is one per JVM).
     *
     * @param objective the objective, with its parameters initialised
     * @param parameterStore the store the objective reads its parameters through
     * @param s (N, d) S embeddings, rows {@code 0..paired-1} matched
     * @param t (N, d) T embeddings
     * @param sPositive second views of S, or {@code null} without SSL
     * @param tPositive second views of T, or {@code null}
     * @param paired M, the matched rows
     * @return {@code grad_norm_<term>} for cl, mmd, sdd and ssl (0 for a term of weight 0)
     */
    static Map<String, Double> measure(SetClipObjective objective, ParameterStore parameterStore,
            NDArray s, NDArray t, NDArray sPositive, NDArray tPositive, int paired) {
        LossWeights w = objective.weights();
        Map<String, Double> weights = Map.of("cl", w.cl(), "mmd", w.mmd(), "sdd", w.sdd(), "ssl", w.ssl());
        Map<String, Double> norms = new LinkedHashMap<>();
        NDManager manager = s.getManager();
        for (Map.Entry<String, Function<LossTerms, NDArray>> term : TERMS.entrySet()) {
            String name = term.getKey();
            double weight = weights.get(name);
            boolean silent = weight == 0 || ("ssl".equals(name) && sPositive == null)
                    || ("cl".equals(name) && paired == 0);
            if (silent) {
                norms.put("grad_norm_" + name, 0.0);
                continue;
            }
            try (NDManager scope = manager.newSubManager()) {
                NDArray[] leaves = leaves(scope, s, t, sPositive, tPositive);
                try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    LossTerms terms = objective.compute(parameterStore, leaves[0], leaves[1],
                            leaves.length > 2 ? leaves[2] : null, leaves.length > 2 ? leaves[3] : null,
                            paired);
                    collector.backward(term.getValue().apply(terms));
                }
                NDArray squares = null;
                for (NDArray leaf : leaves) {
                    NDArray grad = leaf.getGradient();
                    grad.attach(scope);
                    NDArray sum = grad.toType(DataType.FLOAT64, false).square().sum();
                    squares = squares == null ? sum : squares.add(sum);
                }
                norms.put("grad_norm_" + name, weight * Math.sqrt(squares.getDouble()));
            }
        }
        zeroGradients(objective, manager);
        return norms;
    }

    private static NDArray[] leaves(NDManager scope, NDArray... arrays) {
        int count = arrays[2] == null ? 2 : 4;
        NDArray[] leaves = new NDArray[count];
        for (int i = 0; i < count; i++) {
            leaves[i] = arrays[i].stopGradient().duplicate();
            leaves[i].attach(scope);
            leaves[i].setRequiresGradient(true);
        }
        return leaves;
    }

    private static void zeroGradients(SetClipObjective objective, NDManager manager) {
        try (NDManager scope = manager.newSubManager()) {
            for (Parameter p : objective.getParameters().values()) {
                if (p.isInitialized() && p.requiresGradient()) {
                    NDArray grad = p.getArray().getGradient();
                    grad.attach(scope);
                    grad.subi(grad);
                }
            }
        }
    }
}
