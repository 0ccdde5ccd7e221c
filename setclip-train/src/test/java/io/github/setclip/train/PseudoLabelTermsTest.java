package io.github.setclip.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import io.github.setclip.data.batch.MixedBatchPlan;
import io.github.setclip.losses.ClNegatives;
import io.github.setclip.losses.PseudoLabelRule;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** S-CLIP's keyword vocabulary and the released form's recipe (issue 22). */
class PseudoLabelTermsTest {

    /** Item i's keywords. */
    private static final Map<Integer, List<String>> WORDS = Map.of(
            0, List.of("cat", "face"), 1, List.of("dog"), 2, List.of("face", "smile"), 3, List.of("tree"),
            4, List.of("unpaired-only"));

    private static final ItemKeywords KEYWORDS = new ItemKeywords() {
        @Override
        public List<String> of(int tItem) {
            return WORDS.getOrDefault(tItem, List.of());
        }

        @Override
        public NDList encode(NDManager manager, List<String> words) {
            throw new UnsupportedOperationException("not embedded here");
        }
    };

    private static SemiSupervisedSettings sClip(KeywordVocabulary vocabulary) {
        return SemiSupervisedSettings.NONE.toBuilder().optPseudoLabels(PseudoLabelRule.OPTIMAL_TRANSPORT)
                .optKeywordVocabulary(vocabulary).build();
    }

    @Test
    void theGlobalVocabularyIsEveryPairedItemsKeywordsWhateverTheBatch() {
        PseudoLabelTerms terms = new PseudoLabelTerms(sClip(KeywordVocabulary.GLOBAL), KEYWORDS,
                new int[] {0, 1, 2, 3});
        MixedBatchPlan plan = new MixedBatchPlan(0, 0, new int[] {2, 1}, new int[] {4}, new int[] {4});
        try (NDManager manager = NDManager.newBaseManager()) {
            PseudoLabelTerms.PairedKeywords paired = terms.pairedKeywords(manager, plan, manager.create(0f));
            assertEquals(List.of("cat", "dog", "face", "smile", "tree"), paired.vocabulary());
            assertArrayEquals(new float[] {0, 0, 1, 1, 0, 0, 1, 0, 0, 0}, paired.mask().toFloatArray());
        }
    }

    @Test
    void theBatchVocabularyIsTheBatchPairsKeywordsOnly() {
        PseudoLabelTerms terms = new PseudoLabelTerms(sClip(KeywordVocabulary.BATCH), KEYWORDS,
                new int[] {0, 1, 2, 3});
        MixedBatchPlan plan = new MixedBatchPlan(0, 0, new int[] {2, 1}, new int[] {4}, new int[] {4});
        try (NDManager manager = NDManager.newBaseManager()) {
            PseudoLabelTerms.PairedKeywords paired = terms.pairedKeywords(manager, plan, manager.create(0f));
            assertEquals(List.of("dog", "face", "smile"), paired.vocabulary());
            assertArrayEquals(new float[] {0, 1, 1, 1, 0, 0}, paired.mask().toFloatArray());
        }
    }

    @Test
    void sClipAsReleasedScoresCaptionsAgainstTheUnpairedPicturesToo() {
        TrainingConfig base = TrainingConfig.builder().build();
        TrainingConfig sClip = Recipe.parse("pl").apply(base);
        assertEquals(ClNegatives.ONE_SIDED, sClip.objective().clNegatives());
        assertEquals(KeywordVocabulary.GLOBAL, sClip.semi().keywordVocabulary());
        TrainingConfig both = Recipe.parse("pl2").apply(base);
        assertEquals(ClNegatives.ONE_SIDED, both.objective().clNegatives());
        assertEquals(true, both.semi().bothDirections());
        assertEquals(ClNegatives.ALL, Recipe.parse("neg+pl").apply(base).objective().clNegatives());
        assertEquals(ClNegatives.PAIRED, Recipe.parse("softpl").apply(base).objective().clNegatives());
    }

    @Test
    void aRunFolderWrittenBeforeTheGlobalVocabularyReadsBackAsItRan() {
        for (PseudoLabelRule rule : new PseudoLabelRule[] {PseudoLabelRule.OPTIMAL_TRANSPORT, null}) {
            com.google.gson.JsonObject json = com.google.gson.JsonParser.parseString(
                    ai.djl.util.JsonUtils.GSON.toJson(TrainingConfig.builder().optSemi(
                            SemiSupervisedSettings.NONE.toBuilder().optPseudoLabels(rule).build()).build()))
                    .getAsJsonObject();
            json.getAsJsonObject("semi").remove("keywordVocabulary");
            json.getAsJsonObject("semi").remove("keywordTargets");
            SemiSupervisedSettings old = TrainingConfig.fromJson(json).semi();
            assertEquals(rule == null ? KeywordVocabulary.GLOBAL : KeywordVocabulary.BATCH, old.keywordVocabulary());
            assertEquals(io.github.setclip.losses.CandidateWeighting.PREDICTED, old.keywordTargets());
        }
    }
}
