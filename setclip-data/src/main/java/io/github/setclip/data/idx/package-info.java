/**
 * Fashion-MNIST from its IDX files: {@link io.github.setclip.data.idx.IdxFile} reads and writes
 * IDX (gzipped or not), {@link io.github.setclip.data.idx.FashionMnistFiles} finds the four files
 * in the usual places, {@link io.github.setclip.data.idx.FashionMnist} holds the bytes and cuts
 * (B, 1, 28, 14) batches of left or right image halves.
 */
package io.github.setclip.data.idx;
