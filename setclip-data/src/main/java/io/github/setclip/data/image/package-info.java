/** Batched image augmentations (crop, flip, colour jitter) as NDArray operations, for second views. */
package io.github.setclip.data.image;
