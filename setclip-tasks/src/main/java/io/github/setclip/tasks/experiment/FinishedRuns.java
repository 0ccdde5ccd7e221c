package io.github.setclip.tasks.experiment;

import ai.djl.util.JsonUtils;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The finished runs of one or more experiments, read back from what they left: each run's
 * {@code ARM/seed-N/result.json} (with its {@code summary.json} when kept), or, for a folder that
 * keeps only the tables, the {@code runs} list of its {@code experiment.json}. A JSON file given
 * instead of a folder is read as an experiment.json.
 */
public final class FinishedRuns {

    private final Map<String, Map<Long, FinishedRun>> byArm = new LinkedHashMap<>();

    private FinishedRuns() {}

    /**
     * Reads every source; an arm and seed may appear in only one of them.
     *
     * @param sources experiment folders or experiment.json files
     * @return the runs, arms in the order first met
     * @throws IOException if a source is missing, holds no finished run, or a file is damaged
     */
    public static FinishedRuns read(List<Path> sources) throws IOException {
        return read(sources, false);
    }

    /**
     * Reads every source, optionally naming each arm after its source too: {@code FOLDER/ARM}, with
     * FOLDER the source's own name (an experiment.json's folder's), so that experiments which ran
     * the same recipes with another dataset setting can be compared arm by arm.
     *
     * @param sources experiment folders or experiment.json files
     * @param byFolder whether arm keys are {@code FOLDER/ARM} rather than {@code ARM}
     * @return the runs, arms in the order first met
     * @throws IOException if a source is missing, holds no finished run, or a file is damaged
     */
    public static FinishedRuns read(List<Path> sources, boolean byFolder) throws IOException {
        FinishedRuns runs = new FinishedRuns();
        for (Path source : sources) {
            Path named = Files.isRegularFile(source) ? source.toAbsolutePath().getParent() : source.toAbsolutePath();
            String prefix = byFolder && named.getFileName() != null ? named.getFileName() + "/" : "";
            if (Files.isDirectory(source)) {
                runs.readFolder(source, prefix);
            } else if (Files.isRegularFile(source)) {
                runs.readExperimentJson(source, prefix);
            } else {
                throw new NoSuchFileException(source.toString());
            }
        }
        return runs;
    }

    /** The arm keys, in the order first met. */
    public List<String> arms() {
        return List.copyOf(byArm.keySet());
    }

    /**
     * The runs of one arm by seed, in seed order.
     *
     * @param arm an arm key
     * @return its runs (empty for an arm not read)
     */
    public Map<Long, FinishedRun> of(String arm) {
        return byArm.getOrDefault(arm, Map.of());
    }

    private void readFolder(Path folder, String prefix) throws IOException {
        List<Path> results;
        try (Stream<Path> files = Files.find(folder, 2, (p, a) -> p.getFileName().toString().startsWith("seed-")
                && Files.isRegularFile(p.resolve("result.json")))) {
            results = files.map(p -> p.resolve("result.json"))
                    .sorted(Comparator.comparing((Path p) -> armOrder(p.getParent().getParent()))
                            .thenComparing(p -> seedOf(p.getParent())))
                    .toList();
        }
        if (!results.isEmpty()) {
            for (Path file : results) {
                readRun(file, prefix);
            }
        } else if (Files.isRegularFile(folder.resolve("experiment.json"))) {
            readExperimentJson(folder.resolve("experiment.json"), prefix);
        } else {
            throw new IOException(folder + " holds no finished run (no ARM/seed-N/result.json, no experiment.json)");
        }
    }

    /** CLIP on the pairs first, CLIP on all pairs last, the rest by name. */
    private static String armOrder(Path armFolder) {
        String arm = armFolder.getFileName().toString();
        return (arm.equals("clip") ? "0" : arm.equals("clip-all") ? "2" : "1") + arm;
    }

    private static long seedOf(Path seedFolder) {
        try {
            return Long.parseLong(seedFolder.getFileName().toString().substring("seed-".length()));
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    private void readRun(Path file, String prefix) throws IOException {
        Path folder = file.getParent();
        RunResult result = RunResult.read(file, folder.getParent().getFileName().toString());
        long steps = FinishedRun.estimatedSteps(result);
        boolean stopped = false;
        Path summary = folder.resolve("summary.json");
        if (Files.isRegularFile(summary)) {
            JsonObject s = object(summary);
            try {
                steps = s.has("steps") ? s.get("steps").getAsLong() : steps;
                stopped = s.has("stoppedEarly") && s.get("stoppedEarly").getAsBoolean();
            } catch (RuntimeException e) {
                throw new IOException(summary + " is damaged (" + e.getMessage() + ")", e);
            }
        }
        add(new FinishedRun(result, steps, stopped), file, prefix);
    }

    private void readExperimentJson(Path file, String prefix) throws IOException {
        JsonObject experiment = object(file);
        if (!experiment.has("runs") || !experiment.get("runs").isJsonArray()
                || experiment.getAsJsonArray("runs").isEmpty()) {
            throw new IOException(file + " lists no runs");
        }
        long budget;
        long epochCap;
        try {
            JsonObject setup = experiment.has("setup") ? experiment.getAsJsonObject("setup") : new JsonObject();
            budget = setup.has("max_steps") ? setup.get("max_steps").getAsLong() : 0;
            epochCap = setup.has("base") && setup.getAsJsonObject("base").has("epochs")
                    ? setup.getAsJsonObject("base").get("epochs").getAsLong() : Long.MAX_VALUE;
        } catch (RuntimeException e) {
            throw new IOException(file + " is damaged (its setup: " + e.getMessage() + ")", e);
        }
        for (JsonElement run : experiment.getAsJsonArray("runs")) {
            RunResult r;
            try {
                r = JsonUtils.GSON.fromJson(run, RunResult.class);
            } catch (JsonParseException e) {
                throw new IOException(file + " is damaged (a run it lists: " + e.getMessage() + ")", e);
            }
            if (r == null || r.arm() == null || r.metrics() == null || r.metrics().isEmpty()) {
                throw new IOException(file + " is damaged (a run without arm or metrics)");
            }
            long steps = FinishedRun.estimatedSteps(r);
            boolean stopped = r.epochs() > 0 && (budget > 0 ? steps < budget : r.epochs() < epochCap);
            add(new FinishedRun(r, steps, stopped), file, prefix);
        }
    }

    /** Files a run under its arm, named {@code prefix + arm}. */
    private void add(FinishedRun run, Path from, String prefix) {
        String key = prefix + run.result().arm();
        FinishedRun before = byArm.computeIfAbsent(key, a -> new java.util.TreeMap<>())
                .putIfAbsent(run.result().seed(), run);
        if (before != null) {
            throw new IllegalArgumentException("arm " + key + " seed " + run.result().seed()
                    + " is read twice (again from " + from + "): give each run once");
        }
    }

    private static JsonObject object(Path file) throws IOException {
        try {
            JsonElement json = JsonParser.parseString(Files.readString(file));
            if (!json.isJsonObject()) {
                throw new IOException(file + " is damaged (not a JSON object)");
            }
            return json.getAsJsonObject();
        } catch (JsonParseException | IllegalStateException | UnsupportedOperationException e) {
            throw new IOException(file + " is damaged (" + e.getMessage() + ")", e);
        }
    }

    /** The arms read, as a list for messages. */
    @Override
    public String toString() {
        return new ArrayList<>(byArm.keySet()).toString();
    }
}
