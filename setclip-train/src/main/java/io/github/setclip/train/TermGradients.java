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
import io.github.setclip.losses.ObjectiveBatch;
import io.github.setclip.losses.SetClipObjective;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * How hard each term pulls on the embeddings: the L2 norm of {@code dL_k/dE} for each term k,
 * unweighted, where E stacks every embedding of the batch the objective sees (S, T and, with SSL,
 * their second views; memory rows are constants).
 *
 * <p>The distribution terms can go silent without anyone noticing (at a large SDD bandwidth all
 * densities are nearly equal); these norms, logged per epoch times each term's weight, show it,
 * and {@link TermBalancer} steers by them. Each term gets its own backward pass on detached copies
 * of the embeddings, so the towers' gradients are untouched; the gradients this leaves on the
 * objective's own parameters (logit scale, kernel logits) are zeroed before returning.
 */
final class TermGradients {

    /** The terms, in log order. */
    static final Map<String, Function<LossTerms, NDArray>> TERMS = new LinkedHashMap<>();

    static {
        TERMS.put("cl", LossTerms::cl);
        TERMS.put("mmd", LossTerms::mmd);
        TERMS.put("sdd", LossTerms::sdd);
        TERMS.put("ssl", LossTerms::ssl);
    }

    private TermGradients() {}

    /**
     * Measures every term's unweighted gradient norm at the batch's embeddings. Call outside any
     * gradient collector (there is one per JVM).
     *
     * @param objective the objective, with its parameters initialised
     * @param parameterStore the store the objective reads its parameters through
     * @param batch the batch as the step saw it (its embeddings are copied, not changed)
     * @param weights the terms that matter: a term of weight 0 is not measured (its norm is 0)
     * @return {@code cl, mmd, sdd, ssl}: each term's unweighted gradient norm (0 for a term not
     *     measured or absent from the batch: CL without pairs, SSL without second views)
     */
    static Map<String, Double> measure(SetClipObjective objective, ParameterStore parameterStore,
            ObjectiveBatch batch, LossWeights weights) {
        Map<String, Double> relevant = Map.of("cl", weights.cl(), "mmd", weights.mmd(),
                "sdd", weights.sdd(), "ssl", weights.ssl());
        Map<String, Double> norms = new LinkedHashMap<>();
        NDManager manager = batch.s().getManager();
        for (Map.Entry<String, Function<LossTerms, NDArray>> term : TERMS.entrySet()) {
            String name = term.getKey();
            boolean absent = relevant.get(name) == 0 || ("ssl".equals(name) && !batch.hasSecondViews())
                    || ("cl".equals(name) && batch.positiveRows() == 0);
            if (absent) {
                norms.put(name, 0.0);
                continue;
            }
            try (NDManager scope = manager.newSubManager()) {
                NDArray[] leaves = leaves(scope, batch.s(), batch.t(), batch.sPositive(), batch.tPositive());
                ObjectiveBatch.Builder copy = ObjectiveBatch.builder()
                        .setEmbeddings(leaves[0], leaves[1])
                        .setPositiveRows(batch.positiveRows())
                        .optPositiveWeights(batch.positiveWeights())
                        .optMemory(batch.memoryS(), batch.memoryT())
                        .optWeights(new LossWeights(1, 1, 1, 1));
                if (leaves.length > 2) {
                    copy.optSecondViews(leaves[2], leaves[3]);
                }
                try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    LossTerms terms = objective.compute(parameterStore, copy.build());
                    FreedBufferProbe.backward(collector, term.getValue().apply(terms));
                }
                NDArray squares = null;
                for (NDArray leaf : leaves) {
                    NDArray grad = leaf.getGradient();
                    grad.attach(scope);
                    NDArray sum = grad.toType(DataType.FLOAT64, false).square().sum();
                    squares = squares == null ? sum : squares.add(sum);
                }
                norms.put(name, Math.sqrt(squares.getDouble()));
            }
        }
        zeroGradients(objective, manager);
        return norms;
    }

    /** Each term's weighted norm, {@code grad_norm_<term>}, for the metrics log. */
    static Map<String, Double> weighted(Map<String, Double> norms, LossWeights w) {
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("grad_norm_cl", w.cl() * norms.get("cl"));
        out.put("grad_norm_mmd", w.mmd() * norms.get("mmd"));
        out.put("grad_norm_sdd", w.sdd() * norms.get("sdd"));
        out.put("grad_norm_ssl", w.ssl() * norms.get("ssl"));
        return out;
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
