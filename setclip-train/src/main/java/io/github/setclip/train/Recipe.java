package io.github.setclip.train;

import io.github.setclip.data.batch.UnpairedSets;
import io.github.setclip.losses.ClNegatives;
import io.github.setclip.losses.LossWeights;
import io.github.setclip.losses.PseudoLabelRule;
import io.github.setclip.losses.SddForm;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

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
 * <p>The command line's {@code --method} names map to recipes: {@code clip}, {@code s-clip}
 * ({@code pl}), {@code hard-pl}, {@code soft-pl}, {@code nn-pairs} ({@code nn}), {@code two-stage}.
 *
 * <p>Every value a recipe does not name comes from the base configuration (schedule, batch size,
 * paired fraction, seed, weights, bandwidth, temperature).
 */
public final class Recipe {

    /** The ingredients, in the order they are listed in documentation and errors. */
    public static final List<String> INGREDIENTS = List.of("neg", "ssl", "mmd", "sdd", "authors", "bal",
            "queue", "aligned", "grouped", "proportional", "pl", "pl2", "softpl", "hardpl", "nn", "twostage");

    /** The methods of the command line's {@code --method}, and the recipe each means. */
    public static final java.util.Map<String, String> METHODS = java.util.Map.of("clip", "clip",
            "s-clip", "pl", "hard-pl", "hardpl", "soft-pl", "softpl", "nn-pairs", "nn", "two-stage",
            "twostage");

    /** The queue length {@code queue} uses when the base sets none, in rows per modality. */
    public static final int DEFAULT_QUEUE = 1024;

    private final String name;
    private final Set<String> ingredients;

    private Recipe(String name, Set<String> ingredients) {
        this.name = name;
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
        if (List.of("clip", "clip-all", "paper").contains(trimmed)) {
            return new Recipe(trimmed, Set.of());
        }
        Set<String> parts = new LinkedHashSet<>();
        for (String part : trimmed.split("\\+")) {
            String p = part.trim();
            if (!INGREDIENTS.contains(p)) {
                throw new InvalidSettingException("recipe", "'" + name + "': unknown ingredient '" + p
                        + "'; a recipe is clip, clip-all, paper, or ingredients joined by + from "
                        + INGREDIENTS);
            }
            if (!parts.add(p)) {
                throw new InvalidSettingException("recipe", "'" + name + "' names '" + p + "' twice");
            }
        }
        if (parts.contains("aligned") && parts.contains("grouped")) {
            throw new InvalidSettingException("recipe", "'" + name + "': aligned and grouped exclude each other");
        }
        if (parts.stream().filter(List.of("pl", "pl2", "softpl", "hardpl")::contains).count() > 1) {
            throw new InvalidSettingException("recipe", "'" + name + "': choose one of pl, pl2, softpl, hardpl");
        }
        if (parts.contains("authors") && !parts.contains("sdd")) {
            throw new InvalidSettingException("recipe", "'" + name + "': authors is a form of sdd; add sdd");
        }
        return new Recipe(String.join("+", parts), parts);
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
    public List<String> ingredients() {
        return new ArrayList<>(ingredients);
    }

    /**
     * The recipe a {@code --method} name means.
     *
     * @param method {@code clip}, {@code s-clip}, {@code hard-pl}, {@code soft-pl}, {@code nn-pairs}
     *     or {@code two-stage}
     * @return the recipe
     * @throws InvalidSettingException for another name
     */
    public static Recipe forMethod(String method) {
        String recipe = METHODS.get(method);
        if (recipe == null) {
            throw new InvalidSettingException("method", "must be setclip or one of " + new java.util.TreeSet<>(
                    METHODS.keySet()) + ", got " + method);
        }
        return parse(recipe);
    }

    /** Whether this is CLIP on pairs alone ({@code clip} or {@code clip-all}). */
    public boolean isClip() {
        return name.startsWith("clip");
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
        if (ingredients.equals(Set.of("twostage"))) {
            return parse("clip").apply(base).toBuilder()
                    .optSemi(base.semi().toBuilder().optTwoStageFraction(SemiSupervisedSettings.DEFAULT_TWO_STAGE_FRACTION).build()).build();
        }
        switch (name) {
            case "clip", "clip-all" -> {
                TrainingConfig.Builder b = base.toBuilder().optMethod("clip")
                        .optObjective(plain.optWeights(new LossWeights(w.cl(), 0, 0, 0)).build());
                return (name.equals("clip-all") ? b.optPairedFraction(1.0) : b).build();
            }
            case "paper" -> {
                return base.toBuilder().optMethod("setclip").optBatch(BatchSettings.PROPORTIONAL)
                        .optObjective(plain.build()).build();
            }
            default -> {
                plain.optWeights(new LossWeights(w.cl(), has("mmd") ? w.mmd() : 0,
                        has("sdd") ? w.sdd() : 0, has("ssl") ? w.ssl() : 0));
                if (has("neg")) {
                    plain.optClNegatives(ClNegatives.ALL);
                }
                if (has("authors")) {
                    plain.optSddForm(SddForm.AUTHORS);
                }
                if (has("bal")) {
                    plain.optBalanceTerms(true);
                }
                if (has("queue")) {
                    plain.optQueueSize(o.queueSize() > 0 ? o.queueSize() : DEFAULT_QUEUE);
                }
                BatchSettings batch = has("proportional") ? BatchSettings.PROPORTIONAL
                        : base.batch().composition() == BatchSettings.ADDITIVE.composition()
                                ? base.batch() : BatchSettings.ADDITIVE;
                UnpairedSets sets = has("aligned") ? UnpairedSets.ALIGNED
                        : has("grouped") ? UnpairedSets.GROUPED : UnpairedSets.INDEPENDENT;
                SemiSupervisedSettings.Builder semi = base.semi().toBuilder();
                if (has("pl") || has("pl2")) {
                    semi.optPseudoLabels(PseudoLabelRule.OPTIMAL_TRANSPORT).optBothDirections(has("pl2"));
                } else if (has("softpl")) {
                    semi.optPseudoLabels(PseudoLabelRule.SOFT_NEAREST);
                } else if (has("hardpl")) {
                    semi.optPseudoLabels(PseudoLabelRule.HARD_NEAREST);
                }
                if (has("nn")) {
                    semi.optNnPairs(true);
                }
                if (has("twostage")) {
                    semi.optTwoStageFraction(SemiSupervisedSettings.DEFAULT_TWO_STAGE_FRACTION);
                }
                return base.toBuilder().optMethod("setclip").optBatch(batch.withUnpairedSets(sets))
                        .optObjective(plain.build()).optSemi(semi.build()).build();
            }
        }
    }

    private boolean has(String ingredient) {
        return ingredients.contains(ingredient);
    }

    @Override
    public String toString() {
        return name;
    }
}
