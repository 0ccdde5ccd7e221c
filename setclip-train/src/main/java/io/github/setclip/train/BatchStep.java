package io.github.setclip.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import io.github.setclip.core.TwoStreamModel;
import io.github.setclip.data.batch.MixedBatchPlan;
import io.github.setclip.data.batch.SemiPairedPools;
import io.github.setclip.losses.LossTerms;
import io.github.setclip.losses.LossWeights;
import io.github.setclip.losses.ObjectiveBatch;
import io.github.setclip.losses.SetClipObjective;
import io.github.setclip.train.session.CheckpointState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One batch through the model and the objective, and what follows the optimiser step: the forward
 * and backward pass of a plan (with the queue's rows, the balancer's weights, pseudo-pairs as
 * extra positives and S-CLIP's pseudo-label terms when configured), then, on detached copies of the
 * batch's embeddings, the terms' gradient norms (at an epoch's end and when the balancer
 * re-estimates), the queue and the pseudo-pair bank.
 *
 * <p>Seeds: the engine's generator (dropout) is reseeded from (seed, step) and every input's views
 * get {@link ViewSeeds} derived from it, so a step repeats exactly when a run resumes.
 */
final class BatchStep {

    private final TrainingConfig config;
    private final TwoStreamModel model;
    private final SetClipObjective objective;
    private final ModalityInput sInput;
    private final ModalityInput tInput;
    private final NDManager manager;
    private final boolean secondViews;
    private final EmbeddingQueue queue;
    private final TermBalancer balancer;
    private final PseudoLabelTerms pseudoLabels;
    private final PseudoPairBank bank;
    private final ItemKeywords keywords;
    private final GradientCache cache;

    BatchStep(TrainingConfig config, TwoStreamModel model, SetClipObjective objective,
            ModalityInput sInput, ModalityInput tInput, ItemKeywords keywords,
            SemiPairedPools pools, GradientCache cache, NDManager manager) {
        this.config = config;
        this.model = model;
        this.objective = objective;
        this.sInput = sInput;
        this.tInput = tInput;
        this.manager = manager;
        this.keywords = keywords;
        this.cache = cache;
        this.secondViews = objective.weights().ssl() > 0;
        ObjectiveSettings o = config.objective();
        SemiSupervisedSettings semi = config.semi();
        this.queue = o.queueSize() > 0 ? new EmbeddingQueue(o.queueSize(), manager) : null;
        this.balancer = o.balanceTerms() ? new TermBalancer(o.weights(), o.balanceEvery()) : null;
        this.pseudoLabels = semi.hasPseudoLabels() ? new PseudoLabelTerms(semi, keywords, pools.pairedIndices())
                : null;
        this.bank = semi.nnPairs() ? new PseudoPairBank(semi, pools, manager) : null;
    }

    /** After the optimiser step: device mirrors take the new parameter values. */
    void afterUpdate(ParameterStore ps) {
        if (cache != null) {
            cache.afterUpdate(ps);
        }
    }

    /**
     * The T input S-CLIP's keyword loss embeds at every step whatever the batch (the global keyword
     * vocabulary), or {@code null} if there is none: what a locked text tower embeds once before
     * the first step.
     */
    NDList keywordVocabularyInput(NDManager manager) {
        return pseudoLabels == null ? null : pseudoLabels.globalVocabularyInput(manager);
    }

    /** The stateful parts a checkpoint must hold (queue, balancer, pseudo-pair bank). */
    List<CheckpointState> states() {
        List<CheckpointState> states = new ArrayList<>();
        for (CheckpointState s : new CheckpointState[] {queue, balancer, bank}) {
            if (s != null) {
                states.add(s);
            }
        }
        return states;
    }

    /**
     * What one step did: every term's value, the objective's weights, and, when kept, the batch as
     * the terms saw it over detached copies (owned by {@code kept}, closed by {@link #after}), with
     * the keyword loss's inputs where it ran ({@code null} otherwise).
     */
    record Result(MixedBatchPlan plan, Map<String, Double> terms, LossWeights weights,
            ObjectiveBatch batch, KeptKeywords keywords, NDList kept) {}

    /**
     * The keyword loss's inputs as a step saw them, kept to measure its gradient after the step.
     *
     * @param embeddings the keyword embeddings
     * @param paired which pair carries which keyword
     */
    record KeptKeywords(NDArray embeddings, PseudoLabelTerms.PairedKeywords paired) {}

    /**
     * Runs the forward and backward pass of a plan.
     *
     * @param sampled the sampler's plan
     * @param step the global step (0-based)
     * @param epoch the epoch (0-based), for messages
     * @param ps the parameter store
     * @param measure whether the epoch ends here (the terms' gradients are then measured)
     * @return the result, to hand to {@link #after} once the optimiser has stepped
     */
    Result run(MixedBatchPlan sampled, long step, int epoch, ParameterStore ps, boolean measure) {
        long stepSeed = config.seed() * 1_000_003L + step;
        Engine.getInstance().setRandomSeed((int) (stepSeed ^ (stepSeed >>> 32)));
        ViewSeeds sSeeds = new ViewSeeds(stepSeed, stepSeed + 2);
        ViewSeeds tSeeds = new ViewSeeds(stepSeed + 1, stepSeed + 3);
        MixedBatchPlan plan = sampled;
        if (bank != null && step >= config.semi().nnWarmup()) {
            int[][] pseudo = bank.take(step);
            plan = sampled.withPseudoPairs(pseudo[0], pseudo[1]);
        }
        LossWeights weights = balancer != null ? balancer.weights() : objective.weights();
        boolean keep = measure || queue != null || bank != null || (balancer != null && balancer.due(step));
        try (NDManager scope = manager.newSubManager()) {
            // Arrays derived from parameters (e.g. the logit scale) then belong to the step.
            model.getParameters().values().forEach(p -> scope.tempAttachAll(p.getArray()));
            int[] sItems = plan.sRows();
            int[] tItems = plan.tRows();
            NDList sBatch = sInput.batch(scope, sItems, sSeeds);
            NDList tBatch = tInput.batch(scope, tItems, tSeeds);
            PseudoLabelTerms.PairedKeywords pairedKeywords = pseudoLabels == null ? null
                    : pseudoLabels.pairedKeywords(scope, plan, scope.create(0f));
            StepInputs inputs = new StepInputs(plan, weights, pairedKeywords, epoch, step);
            Evaluated result;
            FreedBufferProbe.freeUnreachable();
            if (cache != null && cache.cuts(plan.batchSize())) {
                // Views made and embedded in the unchunked step's order: the engine's generator
                // then draws the same numbers (dropout masks, any random view) in both.
                List<GradientCache.TowerInput> towerInputs = new ArrayList<>();
                List<NDArray> leafList = new ArrayList<>();
                embedChunked(ps, scope, GradientCache.input(true, sBatch, scope), towerInputs, leafList);
                embedChunked(ps, scope, GradientCache.input(false, tBatch, scope), towerInputs, leafList);
                if (secondViews) {
                    embedChunked(ps, scope, GradientCache.input(true, sInput.secondView(scope, sItems, sSeeds), scope),
                            towerInputs, leafList);
                    embedChunked(ps, scope, GradientCache.input(false, tInput.secondView(scope, tItems, tSeeds), scope),
                            towerInputs, leafList);
                }
                NDArray[] leaves = leafList.toArray(NDArray[]::new);
                try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    result = evaluate(ps, scope, inputs, new Embeddings(leaves[0], leaves[1],
                            secondViews ? leaves[2] : null, secondViews ? leaves[3] : null));
                    FreedBufferProbe.backward(collector, result.total());
                }
                for (int i = 0; i < leaves.length; i++) {
                    NDArray gradient = leaves[i].getGradient();
                    gradient.attach(scope);
                    cache.backward(model, ps, towerInputs.get(i), gradient);
                }
                cache.reduceGradients(model, ps);
            } else {
                try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    NDArray s = model.embedS(ps, sBatch, true);
                    NDArray t = model.embedT(ps, tBatch, true);
                    NDArray sPos = null;
                    NDArray tPos = null;
                    if (secondViews) {
                        sPos = model.embedS(ps, sInput.secondView(scope, sItems, sSeeds), true);
                        tPos = model.embedT(ps, tInput.secondView(scope, tItems, tSeeds), true);
                    }
                    result = evaluate(ps, scope, inputs, new Embeddings(s, t, sPos, tPos));
                    FreedBufferProbe.backward(collector, result.total());
                }
            }
            NDList kept = new NDList();
            ObjectiveBatch copy = null;
            KeptKeywords keywords = null;
            if (keep) {
                ObjectiveBatch b = result.batch();
                ObjectiveBatch.Builder builder = ObjectiveBatch.builder()
                        .setEmbeddings(keep(b.s(), kept), keep(b.t(), kept))
                        .setPositiveRows(b.positiveRows()).optWeights(b.weights())
                        .optMemory(b.memoryS(), b.memoryT());
                if (b.hasSecondViews()) {
                    builder.optSecondViews(keep(b.sPositive(), kept), keep(b.tPositive(), kept));
                }
                if (b.positiveWeights() != null) {
                    builder.optPositiveWeights(keep(b.positiveWeights(), kept));
                }
                copy = builder.build();
                if (result.keywordEmbeddings() != null) {
                    keywords = new KeptKeywords(keep(result.keywordEmbeddings(), kept),
                            new PseudoLabelTerms.PairedKeywords(pairedKeywords.vocabulary(),
                                    keep(pairedKeywords.mask(), kept)));
                }
            }
            return new Result(plan, result.values(), weights, copy, keywords, kept);
        }
    }

    /** The first pass of a chunked step on one input: its detached embeddings, a leaf for the objective. */
    private void embedChunked(ParameterStore ps, NDManager scope, GradientCache.TowerInput input,
            List<GradientCache.TowerInput> inputs, List<NDArray> leaves) {
        NDArray leaf = cache.embed(model, ps, input, scope);
        leaf.setRequiresGradient(true);
        inputs.add(input);
        leaves.add(leaf);
    }

    /** The objective and the pseudo-label terms on a batch's embeddings, with their values. */
    private record Evaluated(ObjectiveBatch batch, NDArray total, Map<String, Double> values,
            NDArray keywordEmbeddings) {}

    /**
     * What a step evaluates besides the embeddings.
     *
     * @param plan the batch's plan, pseudo-pairs included
     * @param weights the objective's weights for this step
     * @param pairedKeywords the pairs' keywords for S-CLIP's keyword loss, or {@code null}
     * @param epoch the epoch (0-based), for messages
     * @param step the global step (0-based), for messages
     */
    private record StepInputs(MixedBatchPlan plan, LossWeights weights,
            PseudoLabelTerms.PairedKeywords pairedKeywords, int epoch, long step) {}

    /**
     * The batch's unit embeddings: S and T rows, and their second views ({@code null} without SSL).
     */
    private record Embeddings(NDArray s, NDArray t, NDArray sPositive, NDArray tPositive) {}

    /**
     * Evaluates the objective (and S-CLIP's terms) on the batch's embeddings inside the caller's
     * gradient collector; stops the run, naming the term, on a non-finite value.
     */
    private Evaluated evaluate(ParameterStore ps, NDManager scope, StepInputs in, Embeddings e) {
        MixedBatchPlan plan = in.plan();
        NDArray s = e.s();
        NDArray t = e.t();
        PseudoLabelTerms.PairedKeywords pairedKeywords = in.pairedKeywords();
        ObjectiveBatch.Builder builder = ObjectiveBatch.builder().setEmbeddings(s, t)
                .setPositiveRows(plan.numPositives());
        if (plan.numPseudo() > 0) {
            float[] w = new float[plan.numPositives()];
            Arrays.fill(w, 0, plan.numPaired(), 1f);
            Arrays.fill(w, plan.numPaired(), w.length, (float) config.semi().nnWeight());
            builder.optPositiveWeights(scope.create(w).toType(s.getDataType(), false));
        }
        if (e.sPositive() != null) {
            builder.optSecondViews(e.sPositive(), e.tPositive());
        }
        if (queue != null && queue.size() > 0) {
            builder.optMemory(queue.s(), queue.t());
        }
        if (balancer != null) {
            builder.optWeights(in.weights());
        }
        ObjectiveBatch batch = builder.build();
        LossTerms terms = objective.compute(ps, batch);
        Map<String, Double> values = new LinkedHashMap<>(terms.toMap());
        NDArray total = terms.total();
        NDArray keywordEmbeddings = null;
        if (pseudoLabels != null) {
            if (pairedKeywords != null) {
                keywordEmbeddings = model.embedT(ps, keywords.encode(scope, pairedKeywords.vocabulary()), true);
            }
            Map<String, NDArray> extra = pseudoLabels.compute(s, t, plan, logScale(ps, s), keywordEmbeddings,
                    pairedKeywords);
            for (Map.Entry<String, NDArray> term : extra.entrySet()) {
                values.put(term.getKey(), term.getValue().toType(DataType.FLOAT64, false).getDouble());
                NDArray weight = scope.create(pseudoLabels.weight(term.getKey()))
                        .toType(term.getValue().getDataType(), false);
                total = total.add(term.getValue().mul(weight));
            }
            values.put("total", total.toType(DataType.FLOAT64, false).getDouble());
        }
        for (Map.Entry<String, Double> term : values.entrySet()) {
            if (!Double.isFinite(term.getValue())) {
                throw new NonFiniteLossException(term.getKey(), term.getValue(), in.epoch() + 1, in.step() + 1);
            }
        }
        return new Evaluated(batch, total, values, keywordEmbeddings);
    }

    /**
     * What follows the optimiser step: measures the terms' gradients when the epoch ends or the
     * balancer re-estimates, feeds the queue and the pseudo-pair bank (mining it when due), and
     * frees the kept copies.
     *
     * @param result the step's result
     * @param step the global step the result belongs to (0-based)
     * @param ps the parameter store
     * @param measure whether the epoch ends here
     * @return the per-epoch diagnostics when {@code measure}, else empty
     */
    Map<String, Object> after(Result result, long step, ParameterStore ps, boolean measure) {
        Map<String, Object> diagnostics = new LinkedHashMap<>();
        try (NDList kept = result.kept()) {
            boolean rebalance = balancer != null && balancer.due(step);
            if (measure || rebalance) {
                Map<String, Double> norms = TermGradients.measure(objective, ps, result.batch(),
                        rebalance ? config.objective().weights() : result.weights());
                if (measure) {
                    diagnostics.putAll(diagnose(norms, result.weights()));
                    if (pseudoLabels != null) {
                        diagnostics.putAll(pseudoLabelNorms(result, ps));
                    }
                }
                if (rebalance) {
                    balancer.update(norms);
                }
            }
            MixedBatchPlan plan = result.plan();
            if (queue != null) {
                queue.push(result.batch().s(), result.batch().t());
            }
            if (bank != null) {
                int first = plan.numPositives();
                bank.update(plan.unpairedS(), result.batch().s().get("{}:", first),
                        plan.unpairedT(), result.batch().t().get("{}:", first));
                if (bank.due(step + 1)) {
                    bank.mine();
                }
            }
        }
        if (measure && bank != null) {
            diagnostics.putAll(bank.epochStats());
        }
        return diagnostics;
    }

    /** Weighted norms and their ratios to CL's, with the balancer's scales. */
    private Map<String, Double> diagnose(Map<String, Double> norms, LossWeights weights) {
        Map<String, Double> d = new LinkedHashMap<>(TermGradients.weighted(norms, weights));
        double cl = d.get("grad_norm_cl");
        for (String term : new String[] {"mmd", "sdd", "ssl"}) {
            d.put("grad_ratio_" + term, cl > 0 ? d.get("grad_norm_" + term) / cl : 0.0);
        }
        if (balancer != null) {
            d.putAll(balancer.describe());
        }
        return d;
    }

    /** The weighted gradient norm each pseudo-label term puts on the batch's S and T embeddings. */
    private Map<String, Double> pseudoLabelNorms(Result result, ParameterStore ps) {
        Map<String, Double> d = new LinkedHashMap<>();
        ObjectiveBatch batch = result.batch();
        NDArray keywordEmbeddings = result.keywords() == null ? null : result.keywords().embeddings();
        PseudoLabelTerms.PairedKeywords paired = result.keywords() == null ? null : result.keywords().paired();
        for (String term : pseudoLabels.usesKeywords() ? new String[] {"pl", "kw"} : new String[] {"pl"}) {
            try (NDManager scope = manager.newSubManager()) {
                NDArray s = batch.s().duplicate();
                NDArray t = batch.t().duplicate();
                s.attach(scope);
                t.attach(scope);
                s.setRequiresGradient(true);
                t.setRequiresGradient(true);
                try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    NDArray value = pseudoLabels.compute(s, t, result.plan(), logScale(ps, s),
                            keywordEmbeddings, paired).get(term);
                    FreedBufferProbe.backward(collector, value);
                }
                NDArray gs = s.getGradient();
                NDArray gt = t.getGradient();
                gs.attach(scope);
                gt.attach(scope);
                double norm = Math.sqrt(gs.square().sum().toType(DataType.FLOAT64, false)
                        .getDouble() + gt.square().sum().toType(DataType.FLOAT64, false)
                        .getDouble());
                double weighted = pseudoLabels.weight(term) * norm;
                d.put("grad_norm_" + term, weighted);
            }
        }
        zeroObjectiveGradients();
        return d;
    }

    /** The objective's log-scale l as the step reads it. */
    private NDArray logScale(ParameterStore ps, NDArray like) {
        Parameter p = objective.getParameters().get("logit_scale");
        return ps.getValue(p, like.getDevice(), true);
    }

    private void zeroObjectiveGradients() {
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

    /** A detached copy owned by the long-lived manager, listed in {@code kept} to be freed. */
    private NDArray keep(NDArray x, NDList kept) {
        NDArray copy = x.stopGradient().duplicate();
        copy.attach(manager);
        kept.add(copy);
        return copy;
    }
}
