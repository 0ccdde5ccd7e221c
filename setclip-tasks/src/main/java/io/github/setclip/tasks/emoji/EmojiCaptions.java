package io.github.setclip.tasks.emoji;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import io.github.setclip.data.emoji.EmojiConcept;
import io.github.setclip.data.text.CaptionTokenizer;
import io.github.setclip.train.ModalityInput;
import io.github.setclip.train.ViewSeeds;
import java.util.ArrayList;
import java.util.List;

/**
 * The caption modality: item i is concept i's caption, tokenised to {@code NDList(ids, mask)}.
 * The second view is the same tokens: the text encoder's dropout in a second forward pass makes
 * it differ, as in SimCSE.
 */
final class EmojiCaptions implements ModalityInput {

    private final CaptionTokenizer tokenizer;
    private final List<EmojiConcept> concepts;

    EmojiCaptions(CaptionTokenizer tokenizer, List<EmojiConcept> concepts) {
        this.tokenizer = tokenizer;
        this.concepts = concepts;
    }

    @Override
    public NDList batch(NDManager manager, int[] items, ViewSeeds seeds) {
        List<String> captions = new ArrayList<>(items.length);
        for (int item : items) {
            captions.add(concepts.get(item).caption());
        }
        return tokenizer.encode(manager, captions).toNDList();
    }

    /**
     * The tags of a caption "label: tag, tag, ...": the words after the last ": ", trimmed, lower case,
     * distinct, in order; none without a colon.
     */
    static List<String> tags(String caption) {
        int colon = caption.lastIndexOf(": ");
        if (colon < 0) {
            return List.of();
        }
        java.util.LinkedHashSet<String> tags = new java.util.LinkedHashSet<>();
        for (String tag : caption.substring(colon + 1).split(",")) {
            String t = tag.trim().toLowerCase(java.util.Locale.ROOT);
            if (!t.isEmpty()) {
                tags.add(t);
            }
        }
        return List.copyOf(tags);
    }

    @Override
    public NDList secondView(NDManager manager, int[] items, ViewSeeds seeds) {
        return batch(manager, items, seeds);
    }
}
