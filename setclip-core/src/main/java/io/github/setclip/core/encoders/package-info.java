/**
 * Encoders for the towers: {@link io.github.setclip.core.encoders.ConvImageEncoder} for small
 * images, {@link io.github.setclip.core.encoders.TransformerTextEncoder} for token ids, {@link
 * io.github.setclip.core.encoders.MlpEncoder} for precomputed feature vectors. Any DJL block that
 * maps a batch to (B, features) can serve instead.
 */
package io.github.setclip.core.encoders;
