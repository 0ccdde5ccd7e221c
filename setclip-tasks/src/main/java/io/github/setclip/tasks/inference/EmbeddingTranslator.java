package io.github.setclip.tasks.inference;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;
import java.util.ArrayList;
import java.util.List;

/**
 * One input to its embedding through one tower. A batch is prepared as a whole (a batch of texts
 * is tokenised at once), which is also what a single {@code predict} does, with a batch of one;
 * {@link #processInput} and {@link #processOutput} keep DJL's one-item contract for callers that
 * batchify themselves.
 *
 * @param <I> the input type
 */
final class EmbeddingTranslator<I> implements Translator<I, float[]> {

    private final TowerInput<I> input;

    EmbeddingTranslator(TowerInput<I> input) {
        this.input = input;
    }

    @Override
    public NDList batchProcessInput(TranslatorContext ctx, List<I> inputs) {
        return input.batch(ctx.getNDManager(), inputs);
    }

    @Override
    public List<float[]> batchProcessOutput(TranslatorContext ctx, NDList list) {
        NDArray rows = list.head();
        List<float[]> embeddings = new ArrayList<>(Math.toIntExact(rows.getShape().get(0)));
        for (int i = 0; i < rows.getShape().get(0); i++) {
            embeddings.add(rows.get(i).toFloatArray());
        }
        return embeddings;
    }

    @Override
    public NDList processInput(TranslatorContext ctx, I item) {
        NDList batch = input.batch(ctx.getNDManager(), List.of(item));
        NDList one = new NDList(batch.size());
        batch.forEach(array -> one.add(array.squeeze(0)));
        return one;
    }

    @Override
    public float[] processOutput(TranslatorContext ctx, NDList list) {
        return list.head().toFloatArray();
    }
}
