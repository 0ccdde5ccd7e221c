package io.github.setclip.cli;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.djl.util.JsonUtils;
import io.github.setclip.data.npy.NpyFile;
import io.github.setclip.losses.LossTerms;
import io.github.setclip.losses.SetClipObjective;
import io.github.setclip.train.FreedBufferProbe;
import io.github.setclip.train.ObjectiveSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code setclip loss}: evaluates the Set-CLIP objective on embeddings stored as .npy files, as
 * given (no normalisation), and optionally writes its gradients.
 */
@Command(
        name = "loss",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Evaluate the Set-CLIP objective on embeddings from .npy files (2-D, float32 or"
                    + " float64, C order), used as given.",
            "Rows 0..M-1 of S and T are the matched pairs; the rest are unpaired."
        })
final class LossCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(names = "--s", required = true, paramLabel = "S.npy",
            description = "Embeddings of modality S, shape (N, d).")
    Path s;

    @Option(names = "--t", required = true, paramLabel = "T.npy",
            description = "Embeddings of modality T, shape (N, d).")
    Path t;

    @Option(names = "--s-pos", paramLabel = "SP.npy",
            description = "Second views of S for the SSL term (with --t-pos); without them SSL is 0.")
    Path sPositive;

    @Option(names = "--t-pos", paramLabel = "TP.npy", description = "Second views of T.")
    Path tPositive;

    @Option(names = "--paired", required = true, paramLabel = "M",
            description = "Number of matched pairs at the top of S and T, 0 <= M <= N.")
    int paired;

    @Mixin ObjectiveOptions objectiveOptions;

    @Option(names = "--logit-scale", defaultValue = "14.285714", paramLabel = "SCALE",
            description = "Contrastive logit scale exp(l), capped at 100 (default ${DEFAULT-VALUE} = 1/0.07).")
    double logitScale;

    @Option(names = "--json", description = "Print one JSON object with keys cl, mmd, sdd, ssl, total.")
    boolean json;

    @Option(names = "--grad-out", paramLabel = "DIR",
            description = "Write dS.npy and dT.npy, the gradients of the total, in the inputs' dtype.")
    Path gradOut;

    /**
     * Everything the flags decide, resolved and checked; {@link #call} runs exactly this.
     *
     * @param objective the objective's settings (shared with pretrain and experiment)
     * @param logitScale the initial logit scale exp(l)
     * @param s the S embeddings file
     * @param t the T embeddings file
     * @param sPositive the S second views, or {@code null}
     * @param tPositive the T second views, or {@code null}
     * @param paired M
     * @param json whether to print JSON
     * @param gradOut where the gradients go, or {@code null}
     */
    record Plan(ObjectiveSettings objective, double logitScale, Path s, Path t, Path sPositive,
            Path tPositive, int paired, boolean json, Path gradOut) {

        /** The objective these settings describe. */
        SetClipObjective build() {
            return objective.newObjective(logitScale);
        }
    }

    /** Resolves the flags; a bad value or combination is a usage error. */
    Plan plan() {
        if ((sPositive == null) != (tPositive == null)) {
            throw new ParameterException(spec.commandLine(), "--s-pos and --t-pos must be given together");
        }
        if (sPositive == null && (objectiveOptions.wSsl != null || objectiveOptions.sslTau != null)) {
            throw new ParameterException(spec.commandLine(), "--w-ssl and --ssl-tau act on SSL, which needs"
                    + " --s-pos and --t-pos: without second views SSL is 0");
        }
        try {
            Plan plan = new Plan(objectiveOptions.settings(), logitScale, s, t, sPositive, tPositive, paired,
                    json, gradOut);
            plan.build(); // checks every value
            return plan;
        } catch (IllegalArgumentException e) {
            throw SettingTable.usageError(spec, e);
        }
    }

    @Override
    public Integer call() throws IOException {
        Plan plan = plan();
        SetClipObjective objective = plan.build();
        Engine engine = OfflineEngine.pytorch();
        try (NDManager manager = engine.newBaseManager()) {
            NDArray sArray = NpyFile.readFiniteMatrix(manager, plan.s());
            NDArray tArray = NpyFile.readFiniteMatrix(manager, plan.t());
            NDArray sPos = plan.sPositive() == null ? null : NpyFile.readFiniteMatrix(manager, plan.sPositive());
            NDArray tPos = plan.tPositive() == null ? null : NpyFile.readFiniteMatrix(manager, plan.tPositive());
            objective.initialize(manager, sArray.getDataType());

            LossTerms terms;
            if (plan.gradOut() == null) {
                terms = objective.compute(sArray, tArray, sPos, tPos, plan.paired());
            } else {
                sArray.setRequiresGradient(true);
                tArray.setRequiresGradient(true);
                try (GradientCollector collector = engine.newGradientCollector()) {
                    terms = objective.compute(sArray, tArray, sPos, tPos, plan.paired());
                    FreedBufferProbe.backward(collector, terms.total());
                }
            }
            print(terms.toMap());
            if (plan.gradOut() != null) {
                NpyFile.write(plan.gradOut().resolve("dS.npy"), sArray.getGradient());
                NpyFile.write(plan.gradOut().resolve("dT.npy"), tArray.getGradient());
                if (!plan.json()) {
                    spec.commandLine().getOut().println("gradients written to " + plan.gradOut());
                }
            }
        }
        return 0;
    }

    private void print(Map<String, Double> values) {
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(JsonUtils.GSON_COMPACT.toJson(values));
        } else {
            values.forEach((name, value) -> out.printf(Locale.ROOT, "%-6s %.10g%n", name, value));
        }
        out.flush();
    }
}
