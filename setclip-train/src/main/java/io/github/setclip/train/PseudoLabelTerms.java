package io.github.setclip.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.setclip.data.batch.MixedBatchPlan;
import io.github.setclip.losses.CaptionPseudoLabelLoss;
import io.github.setclip.losses.KeywordCandidates;
import io.github.setclip.losses.KeywordPartialLabelLoss;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * S-CLIP's terms on one batch: each unpaired S row (and, when asked, each unpaired T row) gets a
 * target over the batch's true pairs (optimal transport, Soft-PL or Hard-PL; see
 * docs/losses.md) and learns it by cross-entropy against the pairs' partners ({@code pl}); with
 * optimal transport on a task whose T items carry keywords, each unpaired S row also learns the
 * keywords of the paired item its target peaks on, by S-CLIP's partial-label loss over every
 * paired training item's keywords (S-CLIP's fixed list; or the batch's pairs' keywords under
 * {@link KeywordVocabulary#BATCH}) ({@code kw}). The labelled set is the batch's M true pairs (pseudo-pairs are not
 * used as labels); the unlabelled rows are the batch's unpaired rows.
 */
final class PseudoLabelTerms {

    private final SemiSupervisedSettings settings;
    private final CaptionPseudoLabelLoss captions;
    private final KeywordPartialLabelLoss keywordLoss;
    private final ItemKeywords keywords;
    /** The global vocabulary, sorted, and each word's column; {@code null} under BATCH. */
    private final List<String> globalVocabulary;
    private final Map<String, Integer> globalIndex;

    /**
     * @param settings the methods' settings (pseudo-labels on)
     * @param keywords the task's keywords, or {@code null} when T items carry none
     * @param pairedItems the paired training items, whose keywords make the global vocabulary
     */
    PseudoLabelTerms(SemiSupervisedSettings settings, ItemKeywords keywords, int[] pairedItems) {
        this.settings = settings;
        this.captions = CaptionPseudoLabelLoss.builder().optRule(settings.pseudoLabels()).build();
        this.keywordLoss = KeywordPartialLabelLoss.builder().optWeighting(settings.keywordTargets()).build();
        this.keywords = keywords == null
                || settings.pseudoLabels() != io.github.setclip.losses.PseudoLabelRule.OPTIMAL_TRANSPORT
                || settings.keywordWeight() == 0 ? null : keywords;
        if (this.keywords != null && settings.keywordVocabulary() == KeywordVocabulary.GLOBAL) {
            TreeSet<String> all = new TreeSet<>();
            for (int item : pairedItems) {
                all.addAll(this.keywords.of(item));
            }
            globalVocabulary = List.copyOf(all);
            globalIndex = indexOf(globalVocabulary);
        } else {
            globalVocabulary = null;
            globalIndex = null;
        }
    }

    /**
     * The tower input of the global keyword vocabulary, exactly as every step embeds it, or
     * {@code null} when no keyword loss runs over it (BATCH vocabulary, no keywords): a locked text
     * tower embeds it once, before the first step.
     */
    NDList globalVocabularyInput(NDManager manager) {
        return globalVocabulary == null ? null : keywords.encode(manager, globalVocabulary);
    }

    private static Map<String, Integer> indexOf(List<String> vocabulary) {
        Map<String, Integer> index = new LinkedHashMap<>();
        for (int k = 0; k < vocabulary.size(); k++) {
            index.put(vocabulary.get(k), k);
        }
        return index;
    }

    /** Whether the keyword term is on. */
    boolean usesKeywords() {
        return keywords != null;
    }

    /**
     * The batch's paired keywords: the vocabulary (the global one, or the distinct keywords of the
     * batch's true pairs' T items, sorted) and the (M, K) mask of which pair has which.
     */
    record PairedKeywords(List<String> vocabulary, NDArray mask) {}

    /** The paired keywords of a plan, or {@code null} when the term is off or the pairs have none. */
    PairedKeywords pairedKeywords(NDManager manager, MixedBatchPlan plan, NDArray like) {
        if (keywords == null) {
            return null;
        }
        int[] paired = plan.paired();
        TreeSet<String> vocabulary = new TreeSet<>();
        List<List<String>> each = new ArrayList<>(paired.length);
        for (int item : paired) {
            List<String> words = keywords.of(item);
            each.add(words);
            vocabulary.addAll(words);
        }
        if (vocabulary.isEmpty()) {
            return null;
        }
        List<String> vocab = globalVocabulary != null ? globalVocabulary : new ArrayList<>(vocabulary);
        Map<String, Integer> index = globalIndex != null ? globalIndex : indexOf(vocab);
        float[] mask = new float[paired.length * vocab.size()];
        for (int i = 0; i < paired.length; i++) {
            for (String word : each.get(i)) {
                mask[i * vocab.size() + index.get(word)] = 1;
            }
        }
        NDArray m = manager.create(mask, new Shape(paired.length, vocab.size())).toType(like.getDataType(), false);
        return new PairedKeywords(vocab, m);
    }

    /**
     * The terms' values, unweighted.
     *
     * @param s the batch's S embeddings, (N, d), rows laid out as the plan says
     * @param t the batch's T embeddings
     * @param plan the plan (M true pairs, K pseudo-pairs, U unpaired rows)
     * @param logScale the objective's log-scale l
     * @param keywordEmbeddings (K_words, d) embeddings of {@link PairedKeywords#vocabulary()}, or
     *     {@code null}
     * @param paired the paired keywords, or {@code null}
     * @return {@code pl} and, when on, {@code kw}
     */
    Map<String, NDArray> compute(NDArray s, NDArray t, MixedBatchPlan plan, NDArray logScale,
            NDArray keywordEmbeddings, PairedKeywords paired) {
        int m = plan.numPaired();
        int first = plan.numPositives();
        Function<NDArray, NDArray> pairs = x -> x.get("0:{}", m);
        Function<NDArray, NDArray> unpaired = x -> x.get("{}:", first);
        NDArray sUnpaired = unpaired.apply(s);
        NDArray sPaired = pairs.apply(s);
        NDArray tPaired = pairs.apply(t);
        Map<String, NDArray> terms = new LinkedHashMap<>();
        NDArray pl = captions.compute(sUnpaired, sPaired, tPaired, logScale);
        if (settings.bothDirections()) {
            pl = pl.add(captions.compute(unpaired.apply(t), tPaired, sPaired, logScale));
        }
        terms.put("pl", pl);
        if (keywords != null) {
            NDArray kw;
            if (paired == null || keywordEmbeddings == null || m == 0) {
                kw = s.getManager().zeros(new Shape(), s.getDataType());
            } else {
                NDArray targets = captions.targets(sUnpaired, sPaired, logScale);
                NDArray candidates = KeywordCandidates.ofNearestPaired(targets, paired.mask());
                kw = keywordLoss.compute(sUnpaired, keywordEmbeddings, candidates, logScale);
            }
            terms.put("kw", kw);
        }
        return terms;
    }

    /** The weight of a term. */
    double weight(String term) {
        return "kw".equals(term) ? settings.keywordWeight() : settings.pseudoLabelWeight();
    }
}
