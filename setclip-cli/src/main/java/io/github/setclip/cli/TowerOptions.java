package io.github.setclip.cli;

import io.github.setclip.tasks.imagetext.ImageTextTowers;
import io.github.setclip.tasks.imagetext.ImageTowerSpec;
import io.github.setclip.tasks.imagetext.TextTowerSpec;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * Where the picture and text towers of an image-text run come from, and which are locked. An
 * option of a pretrained tower given with the builtin one is refused rather than ignored.
 */
final class TowerOptions {

    @Spec(Spec.Target.MIXEE) CommandSpec command;

    @Option(names = "--image-encoder", defaultValue = "builtin", paramLabel = "SOURCE",
            description = "The picture tower's encoder: builtin (default: a small ResNet trained from"
                    + " scratch), torchscript:FILE (fine-tuned unless --lock-image) or onnx:FILE (needs"
                    + " --lock-image); the file maps pictures (B, 3, S, S) to (B, d).")
    String imageEncoder;

    @Option(names = "--text-encoder", defaultValue = "builtin", paramLabel = "SOURCE",
            description = "The text tower's encoder: builtin (default: a 2-layer Transformer trained from"
                    + " scratch), minilm (all-MiniLM-L6-v2, shipped; needs --lock-text),"
                    + " torchscript:FILE or onnx:FILE (token ids and mask to token states (B, T, h);"
                    + " needs --tokenizer, and --lock-text for onnx).")
    String textEncoder;

    @Option(names = "--lock-image", description = "Freeze the picture encoder and embed each picture once"
            + " (only the projection head learns; on builtin: a random-feature baseline).")
    boolean lockImage;

    @Option(names = "--lock-text", description = "Freeze the text encoder and embed each caption once"
            + " (only the projection head learns; on builtin: a random-feature baseline).")
    boolean lockText;

    @Option(names = "--text-pooling", paramLabel = "HOW",
            description = "A pretrained text encoder's pooling of token states: mean (over the attention"
                    + " mask; default) or cls (the first token).")
    String textPooling;

    @Option(names = "--text-max-length", paramLabel = "TOKENS",
            description = "Tokens per caption, specials included (default 128 for pretrained text"
                    + " encoders, 32 for builtin).")
    Integer textMaxLength;

    @Option(names = "--image-input-size", paramLabel = "PX",
            description = "A pretrained image encoder's input side; pictures are resized to it (default 224).")
    Integer imageInputSize;

    @Option(names = "--image-mean", split = ",", paramLabel = "MEAN", hideParamSyntax = true,
            description = "A pretrained image encoder's channel means over pixels in [0, 1], red, green"
                    + " and blue, comma-separated (default ImageNet's 0.485,0.456,0.406).")
    List<Double> imageMean;

    @Option(names = "--image-std", split = ",", paramLabel = "STD", hideParamSyntax = true,
            description = "A pretrained image encoder's channel standard deviations, red, green and blue,"
                    + " comma-separated (default ImageNet's 0.229,0.224,0.225).")
    List<Double> imageStd;

    /**
     * The towers; throws IllegalArgumentException naming a flag that does not apply.
     *
     * @param tokenizer the --tokenizer given, or {@code null}
     */
    ImageTextTowers towers(java.nio.file.Path tokenizer) {
        ParseResult given = command.commandLine().getParseResult();
        for (String[] side : new String[][] {{"--image-encoder", imageEncoder, "--lock-image", String.valueOf(lockImage)},
                {"--text-encoder", textEncoder, "--lock-text", String.valueOf(lockText)}}) {
            boolean onnx = side[1].startsWith("onnx:") || "minilm".equals(side[1]);
            if (onnx && !Boolean.parseBoolean(side[3])) {
                throw new IllegalArgumentException(side[0] + " " + side[1] + " runs on ONNX Runtime, which"
                        + " cannot train it: add " + side[2]);
            }
        }
        boolean ownTokenizer = textEncoder.startsWith("torchscript:") || textEncoder.startsWith("onnx:");
        if (ownTokenizer && tokenizer == null) {
            throw new IllegalArgumentException("--text-encoder " + textEncoder + " needs --tokenizer, the"
                    + " tokenizer.json whose ids the model was trained on");
        }
        if ("minilm".equals(textEncoder) && tokenizer != null) {
            throw new IllegalArgumentException("--tokenizer does not apply to --text-encoder minilm, which"
                    + " brings its own");
        }
        ImageTowerSpec image = ImageTowerSpec.of(imageEncoder, lockImage);
        TextTowerSpec text = TextTowerSpec.of(textEncoder, lockText);
        if (!"builtin".equals(image.kind())) {
            if (imageInputSize != null) {
                image = image.withInputSize(imageInputSize);
            }
            image = image.withNormalisation(imageMean, imageStd);
        } else {
            for (String option : List.of("--image-input-size", "--image-mean", "--image-std")) {
                if (given.hasMatchedOption(option)) {
                    throw new IllegalArgumentException(option + " applies to a pretrained --image-encoder"
                            + " (torchscript:FILE, onnx:FILE), not to builtin");
                }
            }
        }
        if (given.hasMatchedOption("--text-pooling")) {
            if (!text.pretrained()) {
                throw new IllegalArgumentException("--text-pooling applies to a pretrained --text-encoder"
                        + " (minilm, torchscript:FILE, onnx:FILE), not to builtin");
            }
            text = text.withPooling(textPooling);
        }
        if (textMaxLength != null) {
            text = text.withMaxLength(textMaxLength);
        }
        return new ImageTextTowers(image, text);
    }
}
