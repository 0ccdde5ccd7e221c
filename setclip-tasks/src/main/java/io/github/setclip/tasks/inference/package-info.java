/**
 * A trained run used from Java: {@link io.github.setclip.tasks.inference.TrainedRun} opens a run
 * folder and embeds, scores, ranks and classifies zero-shot; {@link
 * io.github.setclip.tasks.inference.RunBlockFactory} and {@link
 * io.github.setclip.tasks.inference.RunTranslatorFactory} let DJL's Criteria, ZooModel and
 * Predictor load the same folder.
 */
package io.github.setclip.tasks.inference;
