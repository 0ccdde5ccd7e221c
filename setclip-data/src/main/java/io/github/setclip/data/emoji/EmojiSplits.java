package io.github.setclip.data.emoji;

import java.util.List;

/**
 * A split of the concepts into disjoint train, validation and test sets, so that no test concept
 * (neither its pictures nor its caption) is seen in training.
 *
 * @param train training concepts
 * @param validation validation concepts (for tuning and early stopping)
 * @param test test concepts (for the final figures only)
 */
public record EmojiSplits(
        List<EmojiConcept> train, List<EmojiConcept> validation, List<EmojiConcept> test) {}
