package io.github.setclip.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Values to give an option that differ from what a command line already says: a small explicit
 * table for the options whose values are words, and a rule per type for the rest. An option of a
 * type with no rule and no table entry is reported, never skipped.
 */
final class FlagValues {

    private final Map<String, List<List<String>>> table;
    private final List<String> files;
    private final List<String> folders;

    /**
     * @param files two existing files, valid (N, d) .npy matrices so that loss can read them
     * @param folders two existing folders
     * @param templates a valid zero-shot templates file
     */
    FlagValues(List<Path> files, List<Path> folders, Path templates) {
        this.files = files.stream().map(Path::toString).toList();
        this.folders = folders.stream().map(Path::toString).toList();
        this.table = Map.ofEntries(
                Map.entry("--method", words("clip", "s-clip")),
                Map.entry("--recipe", words("neg+ssl", "paper")),
                Map.entry("--recipes", words("clip,paper", "clip,neg+ssl")),
                Map.entry("--arms", words("clip,neg", "neg")),
                Map.entry("--precision", words("s2t_class_P@10", "s2t_group_P@10")),
                Map.entry("--dataset", words("fashion-mnist-halves", "emoji")),
                Map.entry("--split", words("validation", "train")),
                Map.entry("--modality", words("s", "t")),
                Map.entry("--sweep", words("bandwidth=0.5", "w-sdd=0.5")),
                Map.entry("--ablation", words("no-ssl", "no-sdd")),
                Map.entry("--devices", words("cpu,cpu", "cpu")),
                Map.entry("--templates", words(templates.toString())),
                Map.entry("--image-encoder", words("torchscript:" + files.get(0), "builtin")),
                Map.entry("--text-encoder", words("minilm", "builtin")),
                Map.entry("--text-pooling", words("cls")),
                Map.entry("--text-max-length", words("16")),
                Map.entry("--image-input-size", words("32")),
                Map.entry("--image-mean", words("0.5,0.5,0.5")),
                Map.entry("--image-std", words("0.5,0.5,0.5")),
                Map.entry("--max-vocab", words("30000")),
                Map.entry("--fashion-view", words("shift+erase", "crop")));
    }

    private static List<List<String>> words(String... values) {
        return Arrays.stream(values).map(List::of).toList();
    }

    /**
     * Values to give {@code option} instead of {@code current}, at least one.
     *
     * @param option the option
     * @param current the tokens the command line gives it already, or {@code null} if absent
     * @return token lists (an empty list for a flag), none equal to {@code current}
     * @throws IllegalArgumentException when no value differs, or the type has no rule
     */
    List<List<String>> others(OptionSpec option, List<String> current) {
        List<List<String>> others = candidates(option, current).stream()
                .filter(candidate -> !candidate.equals(current)).toList();
        if (others.isEmpty()) {
            throw new IllegalArgumentException("no value differs from the one given (" + current + ")");
        }
        return others;
    }

    private List<List<String>> candidates(OptionSpec option, List<String> current) {
        String name = option.longestName();
        if (table.containsKey(name)) {
            return table.get(name);
        }
        Class<?> type = option.type();
        if (type == boolean.class || type == Boolean.class) {
            return List.of(List.of());
        }
        String base = current != null && current.size() == 1 ? current.get(0) : option.defaultValue();
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return base == null ? words("3", "4") : words(String.valueOf(Long.parseLong(base) + 1));
        }
        if (type == double.class || type == Double.class) {
            return base == null ? words("0.25", "0.125")
                    : words(String.valueOf(Double.parseDouble(base) / 2));
        }
        if (type.isEnum()) {
            List<List<String>> others = new ArrayList<>();
            for (Object constant : type.getEnumConstants()) {
                String value = ((Enum<?>) constant).name().toLowerCase(Locale.ROOT);
                if (!value.equalsIgnoreCase(base)) {
                    others.add(List.of(value));
                }
            }
            return others;
        }
        if (type == Path.class) {
            return words(option.paramLabel().contains("DIR") ? folders.toArray(String[]::new)
                    : files.toArray(String[]::new));
        }
        if (List.class.isAssignableFrom(type) && option.auxiliaryTypes()[0] == Path.class) {
            List<String> some = files.subList(0, option.arity().max());
            List<String> reversed = new ArrayList<>(some);
            Collections.reverse(reversed);
            return List.of(List.copyOf(some), reversed);
        }
        throw new IllegalArgumentException("no rule for its type " + option.typeInfo().getClassName()
                + ": add its values to the table in FlagValues");
    }
}
