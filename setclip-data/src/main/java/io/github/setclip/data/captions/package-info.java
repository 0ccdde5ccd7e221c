/**
 * Users' image-caption datasets: CSV and JSON Lines manifests ({@link
 * io.github.setclip.data.captions.CaptionManifest}), Karpathy split files ({@link
 * io.github.setclip.data.captions.KarpathySplits}), either chosen by extension through {@link
 * io.github.setclip.data.captions.CaptionFiles}, all giving {@link
 * io.github.setclip.data.captions.CaptionRecord}s that {@link
 * io.github.setclip.data.captions.CaptionDataset} groups into images, captions and their partners,
 * and {@link io.github.setclip.data.captions.CaptionSplits} divides into train, validation and test.
 * Bad rows follow a {@link io.github.setclip.data.BadRows} policy.
 */
package io.github.setclip.data.captions;
