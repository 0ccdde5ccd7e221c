package io.github.setclip.tasks.imagetext;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import io.github.setclip.core.pretrained.EncoderEngine;
import io.github.setclip.core.pretrained.Pooling;
import io.github.setclip.core.pretrained.PretrainedTextEncoder;
import io.github.setclip.data.text.CaptionTokenizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code minilm} text tower is all-MiniLM-L6-v2 as its authors pool it: its sentence
 * embeddings equal those of langchain4j's own model over the same ONNX file (an independent
 * tokenizer, runner and pooling), and they carry meaning.
 */
class MiniLmTowerTest {

    private static final List<String> SENTENCES = List.of(
            "a cat", "a kitten", "a car", "red heart", "grinning face with big eyes",
            "smiling cat with heart-eyes", "flag: France", "a bowl of hot noodles",
            "thumbs up: approve, like, yes", "person rowing boat", "sun behind rain cloud",
            "Pile of poo!", "the quick brown fox jumps over the lazy dog", "two hearts",
            "woman technologist: medium-dark skin tone", "ice skate", "wind face", "A", "?!",
            "crescent moon: night, sky", "keycap: 7", "magnifying glass tilted left",
            "a very very very long caption that goes on and on about nothing in particular at all");

    @TempDir static Path dir;
    private static NDManager manager;
    private static PretrainedTextEncoder encoder;
    private static CaptionTokenizer tokenizer;

    @BeforeAll
    static void load() throws IOException {
        manager = NDManager.newBaseManager();
        encoder = PretrainedTextEncoder.builder().setFile(MiniLm.model(), EncoderEngine.ONNX)
                .optPooling(Pooling.MEAN).build();
        tokenizer = CaptionTokenizer.builder().setTokenizerPath(MiniLm.writeTokenizer(dir))
                .optMaxLength(MiniLm.MAX_LENGTH).build();
    }

    @AfterAll
    static void close() {
        tokenizer.close();
        encoder.close();
        manager.close();
    }

    private static float[][] ours(List<String> texts) {
        NDList input = tokenizer.encode(manager, texts).toNDList();
        NDArray pooled = encoder.forward(new ParameterStore(manager, false), input, false).head();
        float[] flat = pooled.toFloatArray();
        int width = Math.toIntExact(pooled.getShape().get(1));
        float[][] rows = new float[texts.size()][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = unit(java.util.Arrays.copyOfRange(flat, i * width, (i + 1) * width));
        }
        return rows;
    }

    private static float[] unit(float[] v) {
        double norm = 0;
        for (float x : v) {
            norm += x * x;
        }
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) (v[i] / Math.sqrt(norm));
        }
        return out;
    }

    private static double cosine(float[] a, float[] b) {
        double dot = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
        }
        return dot;
    }

    @Test
    void pooledEmbeddingsEqualLangchain4jsMiniLmWithin1e5() {
        AllMiniLmL6V2QuantizedEmbeddingModel reference = new AllMiniLmL6V2QuantizedEmbeddingModel();
        float[][] mine = ours(SENTENCES);
        assertTrue(SENTENCES.size() >= 20);
        for (int i = 0; i < SENTENCES.size(); i++) {
            float[] theirs = unit(reference.embed(SENTENCES.get(i)).content().vector());
            assertEquals(384, mine[i].length);
            for (int j = 0; j < theirs.length; j++) {
                assertEquals(theirs[j], mine[i][j], 1e-5, "\"" + SENTENCES.get(i) + "\" dimension " + j);
            }
        }
    }

    @Test
    void aCatIsCloserToAKittenThanToACar() {
        float[][] e = ours(List.of("a cat", "a kitten", "a car"));
        double kitten = cosine(e[0], e[1]);
        double car = cosine(e[0], e[2]);
        assertTrue(kitten > car, "cos(cat, kitten) " + kitten + " <= cos(cat, car) " + car);
    }

    @Test
    void itsWidthIsReadFromTheModel() {
        try (NDManager scope = manager.newSubManager()) {
            PretrainedTextEncoder fresh = PretrainedTextEncoder.builder().setFile(MiniLm.model(), EncoderEngine.ONNX)
                    .build();
            fresh.initialize(scope, ai.djl.ndarray.types.DataType.FLOAT32, new ai.djl.ndarray.types.Shape(2, 16),
                    new ai.djl.ndarray.types.Shape(2, 16));
            assertEquals(384, fresh.width());
            fresh.close();
        }
    }
}
