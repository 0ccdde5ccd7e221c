/**
 * Precomputed embeddings of two modalities: a {@link io.github.setclip.data.features.FeatureTable}
 * per modality (.npy matrix plus ids file) and a pairs file ({@link
 * io.github.setclip.data.features.PairFile}) declaring the matched rows as {@link
 * io.github.setclip.data.features.FeaturePairs}; every other row is unpaired. An optional group
 * file per modality ({@link io.github.setclip.data.features.GroupFile}) names the rows' groups.
 * Bad rows follow a {@link io.github.setclip.data.BadRows} policy.
 */
package io.github.setclip.data.features;
