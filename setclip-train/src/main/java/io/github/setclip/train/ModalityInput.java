package io.github.setclip.train;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;

/**
 * Turns item indices of one modality into the input of that modality's tower: decoded and
 * normalised images, tokenised captions, rows of a feature matrix.
 */
public interface ModalityInput {

    /**
     * The first view of the given items.
     *
     * @param manager the step's manager, which owns the arrays
     * @param items item indices in this modality's numbering
     * @param seeds this step's seeds; the first view's choices (e.g. which picture of an item) use
     *     {@link ViewSeeds#firstView()}
     * @return the tower's input for these rows, in order
     */
    NDList batch(NDManager manager, int[] items, ViewSeeds seeds);

    /**
     * A second view of the same items for the self-supervised term: an augmentation, or the same
     * input again when the second view comes from dropout in a second forward pass.
     *
     * @param manager the step's manager
     * @param items item indices, as in {@link #batch}
     * @param seeds this step's seeds: {@link ViewSeeds#firstView()} to repeat a choice of the first
     *     view, {@link ViewSeeds#secondView()} for the second view's own randomness
     * @return the tower's input for the second views
     */
    NDList secondView(NDManager manager, int[] items, ViewSeeds seeds);

    /**
     * Every input a first view of these items can be, for embedding a locked tower's inputs once
     * before training (see {@code LockedTower}): by default the first view itself, which suits
     * inputs that do not depend on the step's seeds; a task whose first view chooses (one of an
     * item's pictures or captions) returns every choice.
     *
     * @param manager the manager that owns the arrays
     * @param items item indices, as in {@link #batch}
     * @return the tower's input rows, any number per item
     */
    default NDList everyFirstView(NDManager manager, int[] items) {
        return batch(manager, items, new ViewSeeds(0, 0));
    }

    /**
     * A hint that the first views of these items come next: an input that reads from disk may
     * start reading them now, on another thread. It must not change what {@link #batch} returns.
     * By default nothing happens.
     *
     * @param items item indices, as in {@link #batch}
     */
    default void prefetch(int[] items) {}
}
