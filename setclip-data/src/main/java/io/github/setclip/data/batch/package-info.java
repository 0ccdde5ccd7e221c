/**
 * Mixed paired/unpaired batches over item indices, independent of any dataset: {@link
 * io.github.setclip.data.batch.SemiPairedPools} holds the pairs and the unpaired items of each
 * modality, {@link io.github.setclip.data.batch.MixedBatchSampler} plans reproducible, resumable
 * epochs of {@link io.github.setclip.data.batch.MixedBatchPlan}s.
 */
package io.github.setclip.data.batch;
