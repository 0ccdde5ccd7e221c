package io.github.setclip.train;

/**
 * The seeds of one modality's inputs at one step, by name: the trainer derives them from the run's
 * seed and the global step, so that every random choice of a task (which picture of an item, which
 * caption, the augmentation of the second view) repeats exactly when a run is resumed.
 *
 * @param firstView the seed of the first view's choices
 * @param secondView the seed of the second view's own randomness (e.g. its augmentation); a second
 *     view that must show the same underlying picture or caption as the first reuses {@code
 *     firstView} for that choice
 */
public record ViewSeeds(long firstView, long secondView) {}
