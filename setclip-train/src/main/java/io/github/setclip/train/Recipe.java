package io.github.setclip.train;

import io.github.setclip.data.InvalidSettingException;
import io.github.setclip.data.batch.UnpairedSets;
import io.github.setclip.losses.ClNegatives;
import io.github.setclip.losses.LossWeights;
import io.github.setclip.losses.PseudoLabelRule;
import io.github.setclip.losses.SddForm;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A named way to train, applied to a base configuration: the unit an experiment compares and a
 * user picks. Three whole recipes, and a grammar for the rest:
 *
 * <ul>
 *   <li>{@code clip}: CLIP on the paired items only (CL alone, fully paired batches);
 *   <li>{@code clip-all}: the same with every item paired, the upper bound;
 *   <li>{@code paper}: Set-CLIP as the paper describes it: proportional batches, CL on the pairs,
 *       MMD, SDD (the spec's form) and SSL at the base weights;
 *   <li>otherwise ingredients joined by {@code +}, added to CLIP on additive batches (the base's
 *       pairs per step plus unpaired rows): {@code neg} (unpaired rows as CL negatives), {@code
 *       ssl}, {@code mmd}, {@code sdd} (each term at its base weight), {@code authors} (SDD in the
 *       authors' released form), {@code bal} (MMD, SDD and SSL balanced by gradient ratio),
 *       {@code queue} (MMD and SDD also against a queue of past embeddings), {@code aligned} or
 *       {@code grouped} (how the unpaired rows relate), {@code proportional} (the paper's batch);
 *       and the semi-supervised methods: {@code pl} (S-CLIP's optimal-transport pseudo-labels for
 *       unpaired S rows, with its keyword loss where T items carry keywords), {@code pl2} (the same
 *       for unpaired T rows too), {@code softpl} and {@code hardpl} (S-CLIP's baselines), {@code nn}
 *       (mutual-nearest-neighbour pseudo-pairs), {@code twostage} (self-supervised training of each
 *       encoder first; alone it is followed by CLIP on the pairs). For example {@code neg+ssl} or
 *       {@code neg+ssl+mmd+sdd+bal}.
 * </ul>
 *
 * <p>The command line's {@code --method} names map to recipes through {@link Method#recipe()}.
 *
 * <p>Every value a recipe does not name comes from the base configuration (schedule, batch size,
 * paired fraction, seed, weights, bandwidth, temperature).
 */
public final class Recipe {

    /** The ingredients' names, in the order they are listed in documentation and errors. */
    public static final List<String> INGREDIENTS = Ingredient.NAMES;

    /** The recipes that are not made of ingredients. */
    private enum Whole { CLIP, CLIP_ALL, PAPER }

    /** The pseudo-label ingredients, of which a recipe takes at most one. */
    private static final Set<Ingredient> PSEUDO_LABELS = EnumSet.of(Ingredient.PL, Ingredient.PL2,
            Ingredient.SOFTPL, Ingredient.HARDPL);

    /** The queue length {@code queue} uses when the base sets none, in rows per modality. */
    public static final int DEFAULT_QUEUE = 1024;

    private final String name;
    private final Whole whole;
    private final Set<Ingredient> ingredients;

    private Recipe(String name, Whole whole, Set<Ingredient> ingredients) {
        this.name = name;
        this.whole = whole;
        this.ingredients = ingredients;
    }

    /**
     * Parses a recipe name.
     *
     * @param name e.g. {@code paper}, {@code clip} or {@code neg+ssl+mmd+sdd}
     * @return the recipe
     * @throws InvalidSettingException naming an unknown or repeated ingredient
     */
    public static Recipe parse(String name) {
        String trimmed = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        for (Whole whole : Whole.values()) {
            if (whole.name().replace('_', '-').toLowerCase(Locale.ROOT).equals(trimmed)) {
                return new Recipe(trimmed, whole, EnumSet.noneOf(Ingredient.class));
            }
        }
        Set<Ingredient> parts = new LinkedHashSet<>();
        for (String part : trimmed.split("\\+")) {
            String p = part.trim();
            Ingredient ingredient = Ingredient.named(p).orElseThrow(() -> new InvalidSettingException("recipe",
                    "'" + name + "': unknown ingredient '" + p + "'; a recipe is clip, clip-all, paper, or"
                            + " ingredients joined by + from " + INGREDIENTS));
            if (!parts.add(ingredient)) {
                throw new InvalidSettingException("recipe", "'" + name + "' names '" + p + "' twice");
            }
        }
        if (parts.contains(Ingredient.ALIGNED) && parts.contains(Ingredient.GROUPED)) {
            throw new InvalidSettingException("recipe", "'" + name + "': aligned and grouped exclude each other");
        }
        if (parts.stream().filter(PSEUDO_LABELS::contains).count() > 1) {
            throw new InvalidSettingException("recipe", "'" + name + "': choose one of pl, pl2, softpl, hardpl");
        }
        if (parts.contains(Ingredient.AUTHORS) && !parts.contains(Ingredient.SDD)) {
            throw new InvalidSettingException("recipe", "'" + name + "': authors is a form of sdd; add sdd");
        }
        return new Recipe(parts.stream().map(Ingredient::toString).collect(Collectors.joining("+")), null,
                EnumSet.copyOf(parts));
    }

    /** The recipe's name, as parsed (ingredients in the order given). */
    public String name() {
        return name;
    }

    /** A folder-safe key for the recipe. */
    public String key() {
        return name;
    }

    /** The ingredients (empty for the whole recipes). */
    public Set<Ingredient> ingredients() {
        return ingredients.isEmpty() ? EnumSet.noneOf(Ingredient.class) : EnumSet.copyOf(ingredients);
    }

    /** Whether this is CLIP on pairs alone ({@code clip} or {@code clip-all}). */
    public boolean isClip() {
        return whole == Whole.CLIP || whole == Whole.CLIP_ALL;
    }

    /**
     * This recipe's configuration.
     *
     * @param base where every value the recipe does not name comes from
     * @return the configuration
     */
    public TrainingConfig apply(TrainingConfig base) {
        ObjectiveSettings o = base.objective();
        LossWeights w = o.weights();
        ObjectiveSettings.Builder plain = o.toBuilder().optClNegatives(ClNegatives.PAIRED)
                .optSddForm(SddForm.SPEC).optQueueSize(0).optBalanceTerms(false);
        if (ingredients.equals(EnumSet.of(Ingredient.TWOSTAGE))) {
            return parse("clip").apply(base).toBuilder().optSemi(base.semi().toBuilder()
                    .optTwoStageFraction(SemiSupervisedSettings.DEFAULT_TWO_STAGE_FRACTION).build()).build();
        }
        if (whole == Whole.CLIP || whole == Whole.CLIP_ALL) {
            TrainingConfig.Builder b = base.toBuilder().optMethod(Method.CLIP)
                    .optObjective(plain.optWeights(new LossWeights(w.cl(), 0, 0, 0)).build());
            return (whole == Whole.CLIP_ALL ? b.optPairedFraction(1.0) : b).build();
        }
        if (whole == Whole.PAPER) {
            return base.toBuilder().optMethod(Method.SETCLIP).optBatch(BatchSettings.PROPORTIONAL)
                    .optObjective(plain.build()).build();
        }
        plain.optWeights(new LossWeights(w.cl(), has(Ingredient.MMD) ? w.mmd() : 0,
                has(Ingredient.SDD) ? w.sdd() : 0, has(Ingredient.SSL) ? w.ssl() : 0));
        if (has(Ingredient.NEG)) {
            plain.optClNegatives(ClNegatives.ALL);
        } else if (has(Ingredient.PL) || has(Ingredient.PL2)) {
            // S-CLIP as released: its unlabelled pictures are negatives of the captions.
            plain.optClNegatives(ClNegatives.ONE_SIDED);
        }
        if (has(Ingredient.AUTHORS)) {
            plain.optSddForm(SddForm.AUTHORS);
        }
        if (has(Ingredient.BAL)) {
            plain.optBalanceTerms(true);
        }
        if (has(Ingredient.QUEUE)) {
            plain.optQueueSize(o.queueSize() > 0 ? o.queueSize() : DEFAULT_QUEUE);
        }
        BatchSettings batch = has(Ingredient.PROPORTIONAL) ? BatchSettings.PROPORTIONAL
                : base.batch().composition() == BatchSettings.ADDITIVE.composition()
                        ? base.batch() : BatchSettings.ADDITIVE;
        UnpairedSets sets = has(Ingredient.ALIGNED) ? UnpairedSets.ALIGNED
                : has(Ingredient.GROUPED) ? UnpairedSets.GROUPED : UnpairedSets.INDEPENDENT;
        SemiSupervisedSettings.Builder semi = base.semi().toBuilder();
        if (has(Ingredient.PL) || has(Ingredient.PL2)) {
            semi.optPseudoLabels(PseudoLabelRule.OPTIMAL_TRANSPORT)
                    .optBothDirections(has(Ingredient.PL2));
        } else if (has(Ingredient.SOFTPL)) {
            semi.optPseudoLabels(PseudoLabelRule.SOFT_NEAREST);
        } else if (has(Ingredient.HARDPL)) {
            semi.optPseudoLabels(PseudoLabelRule.HARD_NEAREST);
        }
        if (has(Ingredient.NN)) {
            semi.optNnPairs(true);
        }
        if (has(Ingredient.TWOSTAGE)) {
            semi.optTwoStageFraction(SemiSupervisedSettings.DEFAULT_TWO_STAGE_FRACTION);
        }
        return base.toBuilder().optMethod(Method.SETCLIP).optBatch(batch.withUnpairedSets(sets))
                .optObjective(plain.build()).optSemi(semi.build()).build();
    }

    private boolean has(Ingredient ingredient) {
        return ingredients.contains(ingredient);
    }

    @Override
    public String toString() {
        return name;
    }
}
