package io.github.setclip.train;

import com.google.gson.annotations.SerializedName;
import io.github.setclip.data.InvalidSettingException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The ways to train that the command line's {@code --method} names. {@link #SETCLIP} and {@link
 * #CLIP} are what a {@link TrainingConfig} records (every term on paired and unpaired rows, or CL
 * on the pairs alone); the others are recipes that resolve to one of the two, with their
 * semi-supervised settings ({@link #recipe()}).
 */
public enum Method {
    /** Set-CLIP on paired and unpaired rows (the base configuration itself). */
    @SerializedName("setclip")
    SETCLIP("setclip", null),
    /** CL on the paired items only, the CLIP baseline. */
    @SerializedName("clip")
    CLIP("clip", "clip"),
    /** CLIP plus S-CLIP's optimal-transport pseudo-labels (and keyword loss). */
    S_CLIP("s-clip", "pl"),
    /** CLIP plus S-CLIP's Soft-PL baseline. */
    SOFT_PL("soft-pl", "softpl"),
    /** CLIP plus S-CLIP's Hard-PL baseline. */
    HARD_PL("hard-pl", "hardpl"),
    /** CLIP plus mutual-nearest-neighbour pseudo-pairs. */
    NN_PAIRS("nn-pairs", "nn"),
    /** Each encoder trained alone on all its data first, then CLIP. */
    TWO_STAGE("two-stage", "twostage");

    private final String flagValue;
    private final String recipe;

    Method(String flagValue, String recipe) {
        this.flagValue = flagValue;
        this.recipe = recipe;
    }

    /**
     * The method a name means.
     *
     * @param name as {@link #toString()} writes it, e.g. {@code s-clip}
     * @return the method
     * @throws InvalidSettingException for another name
     */
    public static Method parse(String name) {
        String lower = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(m -> m.flagValue.equals(lower)).findFirst()
                .orElseThrow(() -> new InvalidSettingException("method", "must be setclip or one of "
                        + Arrays.stream(values()).filter(m -> m != SETCLIP).map(Method::toString).sorted()
                                .collect(Collectors.joining(", ", "[", "]")) + ", got " + name));
    }

    /** The recipe this method means, or empty for {@link #SETCLIP} (the base configuration as it is). */
    public Optional<Recipe> recipe() {
        return Optional.ofNullable(recipe).map(Recipe::parse);
    }

    /** The name, as {@code --method} and config.json write it. */
    @Override
    public String toString() {
        return flagValue;
    }
}
