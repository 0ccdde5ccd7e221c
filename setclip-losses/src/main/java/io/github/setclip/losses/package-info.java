/**
 * The Set-CLIP objective as batched NDArray operations.
 *
 * <p>Four terms, each its own class, all defined in {@code docs/losses.md}:
 *
 * <ul>
 *   <li>{@link io.github.setclip.losses.ContrastiveLoss}: CLIP's symmetric cross-entropy on the P
 *       positive rows, optionally weighted, against the positive rows or all rows ({@link
 *       io.github.setclip.losses.ClNegatives});
 *   <li>{@link io.github.setclip.losses.MultiKernelMmd}: squared MMD between the two embedding
 *       batches under a learned mixture of kernels;
 *   <li>{@link io.github.setclip.losses.SemanticDensityLoss} or {@link
 *       io.github.setclip.losses.AuthorsDensityLoss}: the semantic density distribution (SDD)
 *       divergence, in the specification's averaged form or the authors' released form;
 *   <li>{@link io.github.setclip.losses.NtXentLoss}: self-supervised NT-Xent inside one modality.
 * </ul>
 *
 * <p>{@link io.github.setclip.losses.SetClipObjective} weighs them into one loss, reports every
 * term, and owns the learnable state (logit scale, kernel-weight logits) as DJL parameters; {@link
 * io.github.setclip.losses.ObjectiveBatch} carries one call's inputs (positive rows and their
 * weights, second views, memory rows, a weight override). {@link
 * io.github.setclip.losses.SetClipLoss} adapts the objective to DJL's {@code Loss} contract. Every
 * operation runs on the device and in the data type (float32 or float64) of its inputs; large
 * batches run over tiles of each pairwise matrix ({@link io.github.setclip.losses.Blocking}),
 * O(N d + B^2) memory, same values and gradients.
 */
package io.github.setclip.losses;
