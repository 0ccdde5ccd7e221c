/**
 * Users' image-caption datasets: CSV and JSON Lines manifests ({@link
 * io.github.setclip.data.captions.CaptionManifest}), Karpathy split files ({@link
 * io.github.setclip.data.captions.KarpathySplits}), both giving {@link
 * io.github.setclip.data.captions.CaptionRecord}s that {@link
 * io.github.setclip.data.captions.CaptionDataset} groups into images, captions and their partners.
 * Bad rows follow a {@link io.github.setclip.data.BadRows} policy.
 */
package io.github.setclip.data.captions;
