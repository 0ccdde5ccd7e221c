package io.github.setclip.tasks.inference;

import ai.djl.Model;
import ai.djl.modality.cv.Image;
import ai.djl.translate.TranslateException;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorFactory;
import ai.djl.util.Pair;
import io.github.setclip.core.TwoStreamModel;
import io.github.setclip.tasks.RunFolder;
import java.io.IOException;
import java.lang.reflect.Type;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * DJL's translator factory for a setclip run folder loaded by {@link RunBlockFactory}: maps one
 * input to its embedding ({@code float[]}, a unit row) through the tower that takes it, prepared
 * as {@link TrainedRun} prepares it. {@code String} goes to the text tower, {@code Image} to the
 * picture tower, {@code float[]} (a feature row) to the tower named by the argument {@value #TOWER}
 * ({@code s} or {@code t}; needed when both towers take rows). The chosen tower becomes the
 * model's block, so the {@code ZooModel} runs exactly it; the tokenizer is closed with the model.
 */
public final class RunTranslatorFactory implements TranslatorFactory {

    /** The argument naming the tower for feature rows: {@code s} or {@code t}. */
    public static final String TOWER = "tower";

    private static final Set<Pair<Type, Type>> TYPES = Set.of(
            new Pair<>(String.class, float[].class),
            new Pair<>(Image.class, float[].class),
            new Pair<>(float[].class, float[].class));

    /** A factory; it holds no state. */
    public RunTranslatorFactory() {}

    @Override
    public Set<Pair<Type, Type>> getSupportedTypes() {
        return TYPES;
    }

    /**
     * Picks the tower for the input type, makes it the model's block and returns its translator.
     *
     * @throws IllegalArgumentException if the model was not built by {@link RunBlockFactory}, the
     *     run has no tower for the input type, or the {@value #TOWER} argument is missing or wrong
     */
    @Override
    public <I, O> Translator<I, O> newInstance(Class<I> input, Class<O> output, Model model,
            Map<String, ?> arguments) throws TranslateException {
        if (!isSupported(input, output)) {
            throw new IllegalArgumentException("a setclip run maps String, Image or float[] to float[],"
                    + " not " + input.getSimpleName() + " to " + output.getSimpleName());
        }
        if (!(model.getBlock() instanceof TwoStreamModel two)) {
            throw new IllegalArgumentException("model " + model.getName() + " was not built by "
                    + RunBlockFactory.class.getName() + "; set it as the argument blockFactory"
                    + " (TrainedRun.criteria does)");
        }
        try {
            RunLayout layout = RunLayout.of(RunFolder.open(model.getModelPath()));
            Tower tower = tower(layout, kindOf(input), arguments.get(TOWER));
            TowerInput<?> towerInput = layout.input(tower, two);
            model.getNDManager().attachInternal(UUID.randomUUID().toString(), towerInput);
            model.setBlock(tower == Tower.S ? two.sTower() : two.tTower());
            model.setProperty(TOWER, tower.name().toLowerCase(Locale.ROOT));
            @SuppressWarnings("unchecked")
            Translator<I, O> translator = (Translator<I, O>) new EmbeddingTranslator<>(towerInput);
            return translator;
        } catch (IOException e) {
            throw new TranslateException("cannot read run folder " + model.getModelPath() + ": "
                    + e.getMessage(), e);
        }
    }

    private static ModalityKind kindOf(Class<?> input) {
        if (input == String.class) {
            return ModalityKind.TEXT;
        }
        return input == Image.class ? ModalityKind.IMAGE : ModalityKind.FEATURES;
    }

    /** The tower taking this kind; for rows in a run where both towers do, the argument decides. */
    private static Tower tower(RunLayout layout, ModalityKind kind, Object argument) {
        Tower named = null;
        if (argument != null) {
            String text = argument.toString().toUpperCase(Locale.ROOT);
            if (!text.equals("S") && !text.equals("T")) {
                throw new IllegalArgumentException(TOWER + " must be s or t, got " + argument);
            }
            named = Tower.valueOf(text);
        }
        boolean s = layout.kinds().get(0) == kind;
        boolean t = layout.kinds().get(1) == kind;
        if (named != null) {
            if (layout.kinds().get(named.ordinal()) != kind) {
                throw new IllegalArgumentException(TOWER + " " + argument + ": tower " + named + " of "
                        + layout.run().directory() + " takes " + layout.kinds().get(named.ordinal())
                        + ", not " + kind);
            }
            return named;
        }
        if (s && t) {
            throw new IllegalArgumentException("both towers of " + layout.run().directory() + " take "
                    + kind + "; say which with the argument " + TOWER + " (s or t)");
        }
        if (!s && !t) {
            throw new IllegalArgumentException(layout.run().directory() + " has no tower for "
                    + kind + " (its towers take " + layout.kinds() + ")");
        }
        return s ? Tower.S : Tower.T;
    }
}
