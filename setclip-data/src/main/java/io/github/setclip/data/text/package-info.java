/**
 * Captions to token ids: {@link io.github.setclip.data.text.WordLevelTokenizerBuilder} writes a
 * word-level tokenizer.json from training captions, {@link io.github.setclip.data.text.CaptionTokenizer}
 * encodes captions with it (or any HuggingFace tokenizer.json) to fixed-length ids and masks.
 */
package io.github.setclip.data.text;
