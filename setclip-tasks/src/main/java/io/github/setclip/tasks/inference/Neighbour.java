package io.github.setclip.tasks.inference;

/**
 * One gallery row ranked for a query by {@link TrainedRun#rank}.
 *
 * @param index the row of the gallery
 * @param similarity its cosine similarity with the query, in [-1, 1]
 */
public record Neighbour(int index, float similarity) {}
