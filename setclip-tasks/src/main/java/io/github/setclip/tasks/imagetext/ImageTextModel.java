package io.github.setclip.tasks.imagetext;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.github.setclip.core.ProjectionHead;
import io.github.setclip.core.Towers;
import io.github.setclip.core.TwoStreamModel;
import io.github.setclip.core.encoders.ConvImageEncoder;
import io.github.setclip.core.encoders.TransformerTextEncoder;
import io.github.setclip.data.text.CaptionTokenizer;
import io.github.setclip.losses.SetClipObjective;
import java.util.List;

/**
 * The image-text model every caption task uses (the embedded emoji set and a user's captions):
 * a small ResNet over RGB pictures and a 2-layer Transformer over captions, each with a projection
 * head into a {@value #EMBEDDING_DIM}-d shared space. The picture tower pools globally, so one
 * trained model scores pictures of any size; being one architecture, a model trained on one
 * caption dataset can be evaluated on another.
 */
public final class ImageTextModel {

    /** Width of the shared embedding space. */
    public static final int EMBEDDING_DIM = 128;

    /** Longest tokenised caption; longer ones are truncated. */
    public static final int MAX_LENGTH = 32;

    private static final int TEXT_CHUNK = 256;

    private ImageTextModel() {}

    /**
     * Builds and initialises the model.
     *
     * @param vocabularySize the tokenizer's vocabulary size
     * @param imageSize side of the square pictures, in pixels
     * @param objective the objective block
     * @param manager owns the parameters
     * @return the initialised model
     */
    public static TwoStreamModel build(int vocabularySize, int imageSize, SetClipObjective objective,
            NDManager manager) {
        TwoStreamModel model = new TwoStreamModel(
                Towers.of(ConvImageEncoder.build(32, 64, 128), ProjectionHead.build(EMBEDDING_DIM, 0.1f)),
                1,
                Towers.of(TransformerTextEncoder.builder()
                                .setVocabularySize(vocabularySize)
                                .optMaxLength(MAX_LENGTH)
                                .optWidth(128, 4)
                                .optLayers(2)
                                .optFeedForward(256)
                                .optDropout(0.1f)
                                .build(),
                        ProjectionHead.build(EMBEDDING_DIM, 0.1f)),
                objective);
        model.initialize(manager, DataType.FLOAT32,
                new Shape[] {new Shape(2, 3, imageSize, imageSize)},
                new Shape[] {new Shape(2, MAX_LENGTH), new Shape(2, MAX_LENGTH)});
        return model;
    }

    /**
     * The picture tower's input range: pixels in [0, 1] mapped to [-1, 1].
     *
     * @param pictures (B, 3, H, W) in [0, 1]
     * @return the same pictures in [-1, 1]
     */
    public static NDArray pictureInput(NDArray pictures) {
        return pictures.sub(0.5).mul(2);
    }

    /**
     * Embeds texts with the model's T tower in inference mode, a chunk at a time.
     *
     * @param model the model
     * @param manager owns the result
     * @param tokenizer the run's tokenizer
     * @param texts the texts
     * @return (texts, d) unit rows
     */
    public static NDArray embedTexts(TwoStreamModel model, NDManager manager,
            CaptionTokenizer tokenizer, List<String> texts) {
        ParameterStore ps = new ParameterStore(manager, false);
        NDList out = new NDList();
        for (int start = 0; start < texts.size(); start += TEXT_CHUNK) {
            List<String> chunk = texts.subList(start, Math.min(texts.size(), start + TEXT_CHUNK));
            out.add(model.embedT(ps, tokenizer.encode(manager, chunk).toNDList(), false));
        }
        return NDArrays.concat(out);
    }
}
