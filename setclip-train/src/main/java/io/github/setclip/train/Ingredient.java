package io.github.setclip.train;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One thing a {@link Recipe} adds to CLIP on additive batches; recipes join them with {@code +}
 * ({@code neg+ssl}). Listed in the order documentation and errors name them.
 */
public enum Ingredient {
    /** Unpaired rows as extra CL negatives. */
    NEG,
    /** The SSL term at its base weight. */
    SSL,
    /** The MMD term at its base weight. */
    MMD,
    /** The SDD term at its base weight. */
    SDD,
    /** SDD in the authors' released form (with {@link #SDD}). */
    AUTHORS,
    /** MMD, SDD and SSL balanced against CL by gradient ratio. */
    BAL,
    /** MMD and SDD also against a queue of past embeddings. */
    QUEUE,
    /** A batch's unpaired S and T rows are the two sides of the same hidden items. */
    ALIGNED,
    /** A batch's unpaired S and T rows come from the same few groups. */
    GROUPED,
    /** The paper's proportional batch instead of an additive one. */
    PROPORTIONAL,
    /** S-CLIP's optimal-transport pseudo-labels for unpaired S rows (and its keyword loss). */
    PL,
    /** The same for unpaired T rows too. */
    PL2,
    /** S-CLIP's Soft-PL baseline. */
    SOFTPL,
    /** S-CLIP's Hard-PL baseline. */
    HARDPL,
    /** Mutual-nearest-neighbour pseudo-pairs. */
    NN,
    /** Self-supervised training of each encoder first (alone: then CLIP on the pairs). */
    TWOSTAGE;

    /** The ingredients' names, in order, as recipes write them. */
    public static final List<String> NAMES = Arrays.stream(values()).map(Ingredient::toString).toList();

    /** The ingredient a recipe's part names, if any. */
    static Optional<Ingredient> named(String part) {
        return Arrays.stream(values()).filter(i -> i.toString().equals(part)).findFirst();
    }

    /** The name as recipes write it: {@code neg}, {@code twostage}. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
