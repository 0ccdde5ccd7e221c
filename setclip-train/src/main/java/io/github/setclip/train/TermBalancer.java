package io.github.setclip.train;

import ai.djl.ndarray.NDManager;
import ai.djl.util.JsonUtils;
import io.github.setclip.losses.LossWeights;
import io.github.setclip.train.session.CheckpointState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keeps the unpaired terms audible: the configured weights of MMD, SDD and SSL become target
 * ratios {@code r_k} of each term's gradient norm at the embeddings to CL's, and each term gets a
 * detached scale
 *
 * <pre>  c_k = r_k * ||d(w_cl CL)/dE|| / ||dL_k/dE||</pre>
 *
 * re-estimated every K steps on that step's embeddings and smoothed as a running mean ({@code c <-
 * (c + estimate) / 2}, the first estimate taken as it is). The step's objective is then {@code
 * w_cl CL + c_mmd MMD + c_sdd SDD + c_ssl SSL}. A term with no gradient (or CL with no pairs in the
 * batch) keeps its previous scale. The scales are logged per epoch and saved in every checkpoint
 * ({@code balance.json}), so resumed runs stay exact.
 */
final class TermBalancer implements CheckpointState {

    private static final String FILE = "balance.json";

    private final LossWeights targets;
    private final int every;
    private double[] scales;

    /**
     * A balancer with no estimate yet.
     *
     * @param targets w_cl, and the target ratios of MMD, SDD and SSL (0: the term stays off)
     * @param every K, steps between estimates
     */
    TermBalancer(LossWeights targets, int every) {
        this.targets = targets;
        this.every = every;
    }

    /** Whether the scales are re-estimated at this global step (0-based). */
    boolean due(long step) {
        return scales == null || step % every == 0;
    }

    /**
     * Folds in one measurement of the unweighted gradient norms.
     *
     * @param norms {@code cl, mmd, sdd, ssl} unweighted gradient norms at the embeddings
     */
    void update(Map<String, Double> norms) {
        double cl = targets.cl() * norms.get("cl");
        double[] ratio = {targets.mmd(), targets.sdd(), targets.ssl()};
        String[] names = {"mmd", "sdd", "ssl"};
        double[] next = scales == null ? ratio.clone() : scales.clone();
        for (int k = 0; k < 3; k++) {
            double norm = norms.get(names[k]);
            if (ratio[k] == 0 || !(norm > 0) || !(cl > 0)) {
                continue;
            }
            double estimate = ratio[k] * cl / norm;
            next[k] = scales == null ? estimate : (scales[k] + estimate) / 2;
        }
        scales = next;
    }

    /** The weights of this step: w_cl and the current scales (the targets before any estimate). */
    LossWeights weights() {
        double[] c = scales == null ? new double[] {targets.mmd(), targets.sdd(), targets.ssl()} : scales;
        return new LossWeights(targets.cl(), c[0], c[1], c[2]);
    }

    /** The current scales by term, for the metrics log. */
    Map<String, Double> describe() {
        LossWeights w = weights();
        Map<String, Double> d = new LinkedHashMap<>();
        d.put("balance_scale_mmd", w.mmd());
        d.put("balance_scale_sdd", w.sdd());
        d.put("balance_scale_ssl", w.ssl());
        return d;
    }

    @Override
    public void save(Path checkpoint) throws IOException {
        if (scales != null) {
            Files.writeString(checkpoint.resolve(FILE), JsonUtils.GSON.toJson(scales) + "\n");
        }
    }

    @Override
    public void restore(Path checkpoint, NDManager manager) throws IOException {
        Path file = checkpoint.resolve(FILE);
        scales = null;
        if (Files.exists(file)) {
            try {
                double[] read = JsonUtils.GSON.fromJson(Files.readString(file), double[].class);
                if (read == null || read.length != 3) {
                    throw new IOException("expected three scales");
                }
                scales = read;
            } catch (RuntimeException e) {
                throw new IOException(file + ": damaged balancing scales: " + e.getMessage(), e);
            }
        }
    }
}
