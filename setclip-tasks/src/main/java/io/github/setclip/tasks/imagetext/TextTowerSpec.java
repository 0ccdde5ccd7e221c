package io.github.setclip.tasks.imagetext;

import com.google.gson.JsonObject;
import io.github.setclip.data.InvalidSettingException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where an image-text run's text tower comes from: {@code builtin} (a 2-layer Transformer trained
 * from scratch over the run's own tokenizer), {@code torchscript} or {@code onnx} (a user's file,
 * with the tokenizer.json its ids come from given as the dataset's tokenizer), or {@code minilm}
 * (all-MiniLM-L6-v2 from the class path). ONNX models run for inference only, so they must be
 * locked.
 *
 * @param kind {@code builtin}, {@code torchscript}, {@code onnx} or {@code minilm}
 * @param file the model file (torchscript, onnx), else {@code null}
 * @param sha256 the file's SHA-256 as a run recorded it, or {@code null} until the run starts
 * @param locked whether the encoder is frozen and its outputs cached
 * @param pooling {@code mean} or {@code cls} (pretrained kinds), else {@code null}
 * @param maxLength tokens per text, specials included
 */
public record TextTowerSpec(String kind, Path file, String sha256, boolean locked, String pooling,
        int maxLength) {

    /** The kinds. */
    public static final List<String> KINDS = List.of("builtin", "torchscript", "onnx", "minilm");

    /** The builtin tower, trained. */
    public static final TextTowerSpec BUILTIN = new TextTowerSpec("builtin", null, null, false, null,
            ImageTextModel.MAX_LENGTH);

    /** Checks the combination. */
    public TextTowerSpec {
        if (!KINDS.contains(kind)) {
            throw new InvalidSettingException("textEncoder", "must be builtin, minilm, torchscript:FILE or"
                    + " onnx:FILE, got " + kind);
        }
        boolean needsFile = "torchscript".equals(kind) || "onnx".equals(kind);
        if (needsFile != (file != null)) {
            throw new InvalidSettingException("textEncoder", needsFile ? kind + " needs a file (" + kind
                    + ":FILE)" : kind + " takes no file");
        }
        if (("onnx".equals(kind) || "minilm".equals(kind)) && !locked) {
            throw new InvalidSettingException("lockText", "is needed with the " + kind + " text encoder:"
                    + " it runs on ONNX Runtime, which cannot train it");
        }
        if ("builtin".equals(kind) && pooling != null) {
            throw new InvalidSettingException("textPooling", "applies to a pretrained text encoder"
                    + " (the builtin one pools its own way)");
        }
        if (!"builtin".equals(kind) && !"mean".equals(pooling) && !"cls".equals(pooling)) {
            throw new InvalidSettingException("textPooling", "must be mean or cls, got " + pooling);
        }
        if (maxLength < 2) {
            throw new InvalidSettingException("textMaxLength", "must be >= 2 tokens, got " + maxLength);
        }
    }

    /**
     * A tower by its kind with that kind's defaults: mean pooling and 128 tokens for pretrained
     * kinds, 32 tokens for the builtin one.
     *
     * @param source {@code builtin}, {@code minilm}, {@code torchscript:FILE} or {@code onnx:FILE}
     * @param locked whether to lock it
     * @return the spec
     */
    public static TextTowerSpec of(String source, boolean locked) {
        String[] parts = TowerSource.split(source, "textEncoder");
        boolean builtin = "builtin".equals(parts[0]);
        return new TextTowerSpec(parts[0], parts[1] == null ? null : Path.of(parts[1]), null, locked,
                builtin ? null : "mean", builtin ? ImageTextModel.MAX_LENGTH : MiniLm.MAX_LENGTH);
    }

    /** This spec with another pooling. */
    public TextTowerSpec withPooling(String pooling) {
        return new TextTowerSpec(kind, file, sha256, locked, pooling, maxLength);
    }

    /** This spec with another maximum length. */
    public TextTowerSpec withMaxLength(int maxLength) {
        return new TextTowerSpec(kind, file, sha256, locked, pooling, maxLength);
    }

    /** This spec with the SHA-256 its file has (or had, for a run). */
    public TextTowerSpec withSha256(String sha256) {
        return new TextTowerSpec(kind, file, sha256, locked, pooling, maxLength);
    }

    /** Whether the tower is pretrained (its tokenizer comes with the model, not from the captions). */
    public boolean pretrained() {
        return !"builtin".equals(kind);
    }

    /** JSON-friendly values for config.json. */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("kind", kind);
        map.put("path", file == null ? ("minilm".equals(kind) ? "classpath:" + MiniLm.MODEL : null)
                : file.toAbsolutePath().toString());
        map.put("sha256", sha256);
        map.put("locked", locked);
        map.put("pooling", pooling);
        map.put("max_length", maxLength);
        return map;
    }

    /** Reads what {@link #toMap} wrote. */
    static TextTowerSpec fromJson(JsonObject json) {
        String kind = json.get("kind").getAsString();
        boolean hasFile = "torchscript".equals(kind) || "onnx".equals(kind);
        return new TextTowerSpec(kind, hasFile ? Path.of(json.get("path").getAsString()) : null,
                TowerSource.text(json, "sha256"), json.get("locked").getAsBoolean(),
                TowerSource.text(json, "pooling"), json.get("max_length").getAsInt());
    }
}
