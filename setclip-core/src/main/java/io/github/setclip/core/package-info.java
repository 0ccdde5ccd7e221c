/**
 * The two-stream Set-CLIP model: per modality an encoder and a {@link
 * io.github.setclip.core.ProjectionHead}, L2-normalised ({@link io.github.setclip.core.Towers}),
 * joined in a {@link io.github.setclip.core.TwoStreamModel} that also owns the objective's
 * learnable parameters. Encoders live in {@code io.github.setclip.core.encoders}.
 */
package io.github.setclip.core;
