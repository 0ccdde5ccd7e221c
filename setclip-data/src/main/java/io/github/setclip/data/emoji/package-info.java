/**
 * The embedded image-text dataset: Noto Emoji and Twemoji pictures (32 px) paired with their
 * English CLDR captions, class labels (group, subgroup) and a seeded split by concept. {@link
 * io.github.setclip.data.emoji.EmojiDataset} loads it; {@link
 * io.github.setclip.data.emoji.EmojiDatasetBuilder} rebuilds it from the npm packages.
 */
package io.github.setclip.data.emoji;
