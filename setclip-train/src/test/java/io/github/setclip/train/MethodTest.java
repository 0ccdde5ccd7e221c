package io.github.setclip.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.util.JsonUtils;
import io.github.setclip.data.InvalidSettingException;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The methods of {@code --method}: a name each, a recipe each except Set-CLIP's, and the two a config records. */
class MethodTest {

    @ParameterizedTest
    @EnumSource(Method.class)
    void eachMethodParsesFromTheNameItWrites(Method method) {
        assertEquals(method, Method.parse(method.toString()));
    }

    @ParameterizedTest
    @EnumSource(value = Method.class, names = "SETCLIP", mode = EnumSource.Mode.EXCLUDE)
    void everyMethodButSetClipIsARecipeThatResolvesToSetClipOrClip(Method method) {
        TrainingConfig config = method.recipe().orElseThrow().apply(TrainingConfig.DEFAULTS);
        assertTrue(EnumSet.of(Method.SETCLIP, Method.CLIP).contains(config.method()), method + ": " + config);
    }

    @Test
    void setClipIsTheBaseConfigurationItself() {
        assertTrue(Method.SETCLIP.recipe().isEmpty());
    }

    @Test
    void anUnknownNameIsRefusedNamingTheSettingAndTheChoices() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> Method.parse("slip"));
        assertEquals("method", e.setting());
        assertTrue(e.problem().contains("[clip, hard-pl, nn-pairs, s-clip, soft-pl, two-stage], got slip"),
                e.problem());
    }

    @Test
    void configJsonWritesAndReadsTheMethodAsEarlierVersionsDid() {
        TrainingConfig clip = TrainingConfig.builder().optMethod(Method.CLIP).build();
        String json = JsonUtils.GSON.toJson(clip);
        assertTrue(json.contains("\"method\":\"clip\""), json);
        assertEquals(clip, TrainingConfig.fromJson(JsonUtils.GSON.toJsonTree(clip)));
    }

    @Test
    void aConfigRecordsOnlySetClipOrClip() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> TrainingConfig.builder().optMethod(Method.S_CLIP).build());
        assertEquals("method", e.setting());
    }

    @Test
    void aRecipeKnowsItsIngredientsByTypeAndKeepsTheirOrderInItsName() {
        Recipe recipe = Recipe.parse("ssl+neg");
        assertEquals(EnumSet.of(Ingredient.NEG, Ingredient.SSL), recipe.ingredients());
        assertEquals("ssl+neg", recipe.name());
        assertEquals(Ingredient.NAMES, Recipe.INGREDIENTS);
    }
}
