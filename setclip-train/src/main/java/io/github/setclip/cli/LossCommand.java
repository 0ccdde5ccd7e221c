package io.github.setclip.cli;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.djl.util.JsonUtils;
import io.github.setclip.core.engine.OfflineEngine;
import io.github.setclip.data.npy.NpyFile;
import io.github.setclip.losses.LossTerms;
import io.github.setclip.losses.SddDivergence;
import io.github.setclip.losses.SetClipObjective;
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

    enum Divergence {
        kl,
        mse
    }

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

    @Option(names = "--logit-scale", defaultValue = "14.285714",
            description = "Contrastive logit scale exp(l), capped at 100 (default ${DEFAULT-VALUE} = 1/0.07).")
    double logitScale;

    @Option(names = "--no-relative-distance",
            description = "SDD on absolute distances: var(X) replaced by 1.")
    boolean noRelativeDistance;

    @Option(names = "--sdd-divergence", defaultValue = "kl", paramLabel = "kl|mse",
            description = "SDD divergence: symmetric KL or squared difference (default ${DEFAULT-VALUE}).")
    Divergence divergence;

    @Option(names = "--uniform-kernel-weights",
            description = "Fix the MMD kernel weights at uniform (their initial value anyway).")
    boolean uniformKernelWeights;

    @Option(names = "--json", description = "Print one JSON object with keys cl, mmd, sdd, ssl, total.")
    boolean json;

    @Option(names = "--grad-out", paramLabel = "DIR",
            description = "Write dS.npy and dT.npy, the gradients of the total, in the inputs' dtype.")
    Path gradOut;

    @Override
    public Integer call() throws IOException {
        SetClipObjective objective = objective();
        if ((sPositive == null) != (tPositive == null)) {
            throw new ParameterException(
                    spec.commandLine(), "--s-pos and --t-pos must be given together");
        }
        Engine engine = OfflineEngine.pytorch();
        try (NDManager manager = engine.newBaseManager()) {
            NDArray sArray = NpyFile.readMatrix(manager, s);
            NDArray tArray = NpyFile.readMatrix(manager, t);
            NDArray sPos = sPositive == null ? null : NpyFile.readMatrix(manager, sPositive);
            NDArray tPos = tPositive == null ? null : NpyFile.readMatrix(manager, tPositive);
            objective.initialize(manager, sArray.getDataType());

            LossTerms terms;
            if (gradOut == null) {
                terms = objective.compute(sArray, tArray, sPos, tPos, paired);
            } else {
                sArray.setRequiresGradient(true);
                tArray.setRequiresGradient(true);
                try (GradientCollector collector = engine.newGradientCollector()) {
                    terms = objective.compute(sArray, tArray, sPos, tPos, paired);
                    collector.backward(terms.total());
                }
            }
            print(terms.toMap());
            if (gradOut != null) {
                NpyFile.write(gradOut.resolve("dS.npy"), sArray.getGradient());
                NpyFile.write(gradOut.resolve("dT.npy"), tArray.getGradient());
                if (!json) {
                    spec.commandLine().getOut().println("gradients written to " + gradOut);
                }
            }
        }
        return 0;
    }

    /** Builds the objective from the flags; an out-of-range flag is a usage error. */
    private SetClipObjective objective() {
        try {
            return SetClipObjective.builder()
                    .optWeights(objectiveOptions.weights())
                    .optInitialLogitScale(logitScale)
                    .optBandwidth(objectiveOptions.bandwidth)
                    .optSslTemperature(objectiveOptions.sslTau)
                    .optRelativeDistance(!noRelativeDistance)
                    .optSddDivergence(
                            divergence == Divergence.mse ? SddDivergence.MSE : SddDivergence.SYMMETRIC_KL)
                    .optLearnedKernelWeights(!uniformKernelWeights)
                    .build();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
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
