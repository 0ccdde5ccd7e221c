package io.github.setclip.tasks.imagetext;

import com.google.gson.JsonObject;
import io.github.setclip.core.pretrained.PretrainedImageEncoder;
import io.github.setclip.data.InvalidSettingException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where an image-text run's picture tower comes from: {@code builtin} (a small ResNet trained
 * from scratch), {@code torchscript} or {@code onnx} (a user's file that maps normalised pictures
 * (B, 3, S, S) to (B, d)). ONNX models run for inference only, so they must be locked.
 *
 * @param kind {@code builtin}, {@code torchscript} or {@code onnx}
 * @param file the model file, or {@code null} for builtin
 * @param sha256 the file's SHA-256 as a run recorded it, or {@code null} until the run starts
 * @param locked whether the encoder is frozen and its outputs cached
 * @param inputSize side S of the pictures the model takes (pretrained kinds), else 0
 * @param mean per-channel mean over pixels in [0, 1] (pretrained kinds), else {@code null}
 * @param std per-channel standard deviation (pretrained kinds), else {@code null}
 */
public record ImageTowerSpec(String kind, Path file, String sha256, boolean locked, int inputSize,
        List<Double> mean, List<Double> std) {

    /** The kinds. */
    public static final List<String> KINDS = List.of("builtin", "torchscript", "onnx");

    /** The builtin tower, trained. */
    public static final ImageTowerSpec BUILTIN = new ImageTowerSpec("builtin", null, null, false, 0, null, null);

    /** Checks the combination. */
    public ImageTowerSpec {
        if (!KINDS.contains(kind)) {
            throw new InvalidSettingException("imageEncoder", "must be builtin, torchscript:FILE or"
                    + " onnx:FILE, got " + kind);
        }
        boolean builtin = "builtin".equals(kind);
        if (builtin == (file != null)) {
            throw new InvalidSettingException("imageEncoder", builtin ? "builtin takes no file"
                    : kind + " needs a file (" + kind + ":FILE)");
        }
        if ("onnx".equals(kind) && !locked) {
            throw new InvalidSettingException("lockImage", "is needed with an onnx image encoder: it runs"
                    + " on ONNX Runtime, which cannot train it");
        }
        if (builtin && (inputSize != 0 || mean != null || std != null)) {
            throw new InvalidSettingException(inputSize != 0 ? "imageInputSize" : mean != null ? "imageMean"
                    : "imageStd", "applies to a pretrained image encoder (the builtin one takes the"
                    + " dataset's pictures as they are)");
        }
        if (!builtin && (inputSize < 8 || mean == null || std == null || mean.size() != 3 || std.size() != 3
                || std.stream().anyMatch(s -> !(s > 0)))) {
            throw new InvalidSettingException(inputSize < 8 ? "imageInputSize" : "imageStd", "a pretrained"
                    + " image encoder needs an input size >= 8 and three channel means and standard"
                    + " deviations > 0, got " + inputSize + ", " + mean + ", " + std);
        }
    }

    /**
     * A tower by its kind with that kind's defaults: 224-pixel pictures normalised with ImageNet's
     * channel statistics for pretrained kinds.
     *
     * @param source {@code builtin}, {@code torchscript:FILE} or {@code onnx:FILE}
     * @param locked whether to lock it
     * @return the spec
     */
    public static ImageTowerSpec of(String source, boolean locked) {
        String[] parts = TowerSource.split(source, "imageEncoder");
        if ("builtin".equals(parts[0])) {
            return new ImageTowerSpec("builtin", null, null, locked, 0, null, null);
        }
        return new ImageTowerSpec(parts[0], parts[1] == null ? null : Path.of(parts[1]), null, locked, 224,
                doubles(PretrainedImageEncoder.IMAGENET_MEAN), doubles(PretrainedImageEncoder.IMAGENET_STD));
    }

    /** This spec with another input size. */
    public ImageTowerSpec withInputSize(int pixels) {
        return new ImageTowerSpec(kind, file, sha256, locked, pixels, mean, std);
    }

    /** This spec with other channel statistics (either may be {@code null} to keep the current). */
    public ImageTowerSpec withNormalisation(List<Double> mean, List<Double> std) {
        return new ImageTowerSpec(kind, file, sha256, locked, inputSize, mean == null ? this.mean : mean,
                std == null ? this.std : std);
    }

    /** This spec with the SHA-256 its file has (or had, for a run). */
    public ImageTowerSpec withSha256(String sha256) {
        return new ImageTowerSpec(kind, file, sha256, locked, inputSize, mean, std);
    }

    /** JSON-friendly values for config.json. */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("kind", kind);
        map.put("path", file == null ? null : file.toAbsolutePath().toString());
        map.put("sha256", sha256);
        map.put("locked", locked);
        map.put("input_size", inputSize);
        map.put("mean", mean);
        map.put("std", std);
        return map;
    }

    /** Reads what {@link #toMap} wrote. */
    static ImageTowerSpec fromJson(JsonObject json) {
        String kind = json.get("kind").getAsString();
        return new ImageTowerSpec(kind, "builtin".equals(kind) ? null : Path.of(json.get("path").getAsString()),
                TowerSource.text(json, "sha256"), json.get("locked").getAsBoolean(),
                json.get("input_size").getAsInt(), TowerSource.doubles(json, "mean"),
                TowerSource.doubles(json, "std"));
    }

    float[] meanArray() {
        return floats(mean);
    }

    float[] stdArray() {
        return floats(std);
    }

    private static float[] floats(List<Double> values) {
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i).floatValue();
        }
        return out;
    }

    private static List<Double> doubles(float[] values) {
        Double[] out = new Double[values.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = Double.valueOf(Float.toString(values[i]));
        }
        return List.of(out);
    }
}
