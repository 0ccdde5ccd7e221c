package io.github.setclip.train.emoji;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.setclip.data.emoji.EmojiConcept;
import io.github.setclip.train.ModalityInput;
import java.util.ArrayList;
import java.util.List;

/**
 * The caption modality: item i is concept i's caption, tokenised to {@code NDList(ids, mask)}.
 * The second view is the same tokens: the text encoder's dropout in a second forward pass makes
 * it differ, as in SimCSE.
 */
final class EmojiCaptions implements ModalityInput {

    private final HuggingFaceTokenizer tokenizer;
    private final List<EmojiConcept> concepts;
    private final int maxLength;

    EmojiCaptions(HuggingFaceTokenizer tokenizer, List<EmojiConcept> concepts, int maxLength) {
        this.tokenizer = tokenizer;
        this.concepts = concepts;
        this.maxLength = maxLength;
    }

    @Override
    public NDList batch(NDManager manager, int[] items, long seed) {
        List<String> captions = new ArrayList<>(items.length);
        for (int item : items) {
            captions.add(concepts.get(item).caption());
        }
        Encoding[] encodings = tokenizer.batchEncode(captions);
        long[] ids = new long[items.length * maxLength];
        long[] mask = new long[items.length * maxLength];
        for (int i = 0; i < encodings.length; i++) {
            long[] row = encodings[i].getIds();
            long[] rowMask = encodings[i].getAttentionMask();
            int n = Math.min(row.length, maxLength);
            System.arraycopy(row, 0, ids, i * maxLength, n);
            System.arraycopy(rowMask, 0, mask, i * maxLength, n);
        }
        Shape shape = new Shape(items.length, maxLength);
        return new NDList(manager.create(ids, shape), manager.create(mask, shape));
    }

    @Override
    public NDList secondView(NDManager manager, int[] items, long seed) {
        return batch(manager, items, seed);
    }
}
