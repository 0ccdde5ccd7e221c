/**
 * Mixed paired/unpaired batches over item indices, independent of any dataset: {@link
 * io.github.setclip.data.batch.SemiPairedPools} holds the pairs and the unpaired items of each
 * modality (and what is known about the latter: hidden pairs, groups), {@link
 * io.github.setclip.data.batch.MixedBatchSampler} plans reproducible, resumable epochs of {@link
 * io.github.setclip.data.batch.MixedBatchPlan}s, composed as a {@link
 * io.github.setclip.data.batch.BatchComposition} with unpaired rows related as {@link
 * io.github.setclip.data.batch.UnpairedSets}.
 */
package io.github.setclip.data.batch;
