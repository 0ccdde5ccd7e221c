/**
 * The Set-CLIP objective as batched NDArray operations.
 *
 * <p>Four terms, each its own class, all defined in {@code docs/losses.md}:
 *
 * <ul>
 *   <li>{@link io.github.setclip.losses.ContrastiveLoss}: CLIP's symmetric cross-entropy on the M
 *       matched pairs;
 *   <li>{@link io.github.setclip.losses.MultiKernelMmd}: squared MMD between the two embedding
 *       batches under a learned mixture of kernels;
 *   <li>{@link io.github.setclip.losses.SemanticDensityLoss}: the semantic density distribution
 *       (SDD) divergence;
 *   <li>{@link io.github.setclip.losses.NtXentLoss}: self-supervised NT-Xent inside one modality.
 * </ul>
 *
 * <p>{@link io.github.setclip.losses.SetClipObjective} weighs them into one loss, reports every
 * term, and owns the learnable state (logit scale, kernel-weight logits) as DJL parameters. {@link
 * io.github.setclip.losses.SetClipLoss} adapts it to DJL's {@code Loss} contract. Every operation
 * runs on the device and in the data type (float32 or float64) of its inputs.
 */
package io.github.setclip.losses;
