package io.github.setclip.eval;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Prompt templates for zero-shot classification: each turns a class name into a text to embed, the
 * class name going where the template has {@code {}} (exactly once). CLIP averages the embeddings of
 * several prompts per class; see {@link ZeroShot#classifier}.
 */
public final class PromptTemplates {

    /** Placeholder for the class name. */
    public static final String PLACEHOLDER = "{}";

    /** A small default set for emoji-like pictures. */
    public static final PromptTemplates DEFAULT = of(List.of(
            "{}", "a picture of {}.", "an emoji of {}.", "an icon showing {}."));

    private final List<String> templates;

    private PromptTemplates(List<String> templates) {
        this.templates = templates;
    }

    /**
     * Templates from a list.
     *
     * @param templates at least one, each containing {@code {}} exactly once
     * @return the templates, in the given order
     * @throws IllegalArgumentException for an empty list or a template without exactly one {@code {}}
     */
    public static PromptTemplates of(List<String> templates) {
        if (templates.isEmpty()) {
            throw new IllegalArgumentException("need at least one prompt template");
        }
        for (String template : templates) {
            int first = template.indexOf(PLACEHOLDER);
            if (first < 0 || template.indexOf(PLACEHOLDER, first + 1) >= 0) {
                throw new IllegalArgumentException("prompt template must contain " + PLACEHOLDER
                        + " exactly once: \"" + template + "\"");
            }
        }
        return new PromptTemplates(List.copyOf(templates));
    }

    /**
     * Templates from a UTF-8 text file: one per line, trimmed; blank lines and lines starting with
     * {@code #} are skipped.
     *
     * @param file the template file
     * @return the templates, in file order
     * @throws IOException if the file cannot be read
     * @throws IllegalArgumentException if it holds no template or a template is invalid
     */
    public static PromptTemplates read(Path file) throws IOException {
        List<String> templates = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            String template = line.strip();
            if (!template.isEmpty() && !template.startsWith("#")) {
                templates.add(template);
            }
        }
        try {
            return of(templates);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /** Every template with the class name filled in, in template order. */
    public List<String> fill(String className) {
        return templates.stream().map(t -> t.replace(PLACEHOLDER, className)).toList();
    }

    /** The templates (unmodifiable). */
    public List<String> templates() {
        return templates;
    }

    /** Number of templates (P). */
    public int size() {
        return templates.size();
    }

    @Override
    public String toString() {
        return "PromptTemplates" + templates;
    }
}
