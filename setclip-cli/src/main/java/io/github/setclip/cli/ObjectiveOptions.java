package io.github.setclip.cli;

import io.github.setclip.losses.ClNegatives;
import io.github.setclip.losses.LossWeights;
import io.github.setclip.losses.SddDivergence;
import io.github.setclip.losses.SddForm;
import io.github.setclip.train.ObjectiveSettings;
import picocli.CommandLine.Option;

/**
 * The objective's settings, shared by the commands: its terms' weights and forms, what {@code
 * setclip loss} evaluates. Each is unset unless given, so that a flag the user gives overrides a
 * recipe's value and a flag left out keeps it. Training adds {@link TrainingObjectiveOptions}.
 */
final class ObjectiveOptions {

    @Option(names = "--w-cl", paramLabel = "W",
            description = "Weight of CL (default ${bundle:default.objective.weights.cl}).")
    Double wCl;

    @Option(names = "--w-mmd", paramLabel = "W",
            description = "Weight of MMD (default ${bundle:default.objective.weights.mmd}).")
    Double wMmd;

    @Option(names = "--w-sdd", paramLabel = "W",
            description = "Weight of SDD (default ${bundle:default.objective.weights.sdd}).")
    Double wSdd;

    @Option(names = "--w-ssl", paramLabel = "W",
            description = "Weight of SSL (default ${bundle:default.objective.weights.ssl}).")
    Double wSsl;

    @Option(names = "--cl-negatives", paramLabel = "paired|all|one-sided", converter = ClNegativesConverter.class,
            description = "CL scores each pair against the other pairs (paired, default; s-clip: one-sided),"
                    + " against every row of the batch, unpaired rows as extra negatives (all), or so only"
                    + " in the caption-to-picture direction (one-sided, S-CLIP's released form).")
    ClNegatives clNegatives;

    @Option(names = "--sdd-form", paramLabel = "spec|authors",
            description = "SDD as the spec defines it (averaged; default) or in the authors' released"
                    + " form (summed, divided by each set's spread).")
    SddForm sddForm;

    @Option(names = "--bandwidth", paramLabel = "H",
            description = "SDD bandwidth h (default ${bundle:default.bandwidth.spec} for the spec's form,"
                    + " ${bundle:default.bandwidth.authors} for the authors').")
    Double bandwidth;

    @Option(names = "--ssl-tau", paramLabel = "TAU",
            description = "NT-Xent temperature (default ${bundle:default.objective.sslTemperature}).")
    Double sslTau;

    @Option(names = "--sdd-absolute", description = "SDD on absolute distances (ablation; default relative).")
    Boolean sddAbsolute;

    @Option(names = "--sdd-mse", description = "SDD compares densities by squared difference (ablation;"
            + " default symmetric KL).")
    Boolean sddMse;

    /** Sets every option that was given; throws on a bad value. */
    ObjectiveSettings overlay(ObjectiveSettings settings) {
        LossWeights w = settings.weights();
        ObjectiveSettings.Builder b = settings.toBuilder().optWeights(new LossWeights(
                wCl != null ? wCl : w.cl(), wMmd != null ? wMmd : w.mmd(),
                wSdd != null ? wSdd : w.sdd(), wSsl != null ? wSsl : w.ssl()));
        if (clNegatives != null) {
            b.optClNegatives(clNegatives);
        }
        if (sddForm != null) {
            b.optSddForm(sddForm);
        }
        if (bandwidth != null) {
            b.optSddBandwidth(bandwidth);
        }
        if (sslTau != null) {
            b.optSslTemperature(sslTau);
        }
        if (sddAbsolute != null) {
            b.optSddRelativeDistance(!sddAbsolute);
        }
        if (sddMse != null) {
            b.optSddDivergence(sddMse ? SddDivergence.MSE : SddDivergence.SYMMETRIC_KL);
        }
        return b.build();
    }

    /** The objective's settings: the spec's defaults with the given options. */
    ObjectiveSettings settings() {
        return overlay(ObjectiveSettings.DEFAULTS);
    }
}
