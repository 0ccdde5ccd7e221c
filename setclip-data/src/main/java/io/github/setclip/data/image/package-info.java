/**
 * Pictures as model input: {@link io.github.setclip.data.image.PictureLoader} decodes and resizes
 * files into a float batch when it is needed; {@link io.github.setclip.data.image.ImageAugmentation}
 * makes random second views (crop, flip, colour jitter) of a batch as NDArray operations.
 */
package io.github.setclip.data.image;
