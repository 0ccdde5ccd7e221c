package io.github.setclip.cli;

import io.github.setclip.losses.LossWeights;
import io.github.setclip.losses.SddDivergence;
import io.github.setclip.train.ObjectiveSettings;
import picocli.CommandLine.Option;

/** The objective's weights, SDD bandwidth and NT-Xent temperature, shared by the commands. */
final class ObjectiveOptions {

    @Option(names = "--w-cl", defaultValue = "1.0", description = "Weight of CL (default ${DEFAULT-VALUE}).")
    double wCl;

    @Option(names = "--w-mmd", defaultValue = "0.2", description = "Weight of MMD (default ${DEFAULT-VALUE}).")
    double wMmd;

    @Option(names = "--w-sdd", defaultValue = "0.7", description = "Weight of SDD (default ${DEFAULT-VALUE}).")
    double wSdd;

    @Option(names = "--w-ssl", defaultValue = "0.15", description = "Weight of SSL (default ${DEFAULT-VALUE}).")
    double wSsl;

    @Option(names = "--bandwidth", defaultValue = "1.0", description = "SDD bandwidth h (default ${DEFAULT-VALUE}).")
    double bandwidth;

    @Option(names = "--ssl-tau", defaultValue = "0.05", description = "NT-Xent temperature (default ${DEFAULT-VALUE}).")
    double sslTau;

    @Option(names = "--sdd-absolute", description = "SDD on absolute distances (ablation; default relative).")
    boolean sddAbsolute;

    @Option(names = "--sdd-mse", description = "SDD compares densities by squared difference (ablation;"
            + " default symmetric KL).")
    boolean sddMse;

    /** The objective's settings; throws {@link io.github.setclip.train.InvalidSettingException} naming a bad value. */
    ObjectiveSettings settings() {
        return ObjectiveSettings.builder().optWeights(weights()).optSddBandwidth(bandwidth)
                .optSslTemperature(sslTau).optSddRelativeDistance(!sddAbsolute)
                .optSddDivergence(sddMse ? SddDivergence.MSE : SddDivergence.SYMMETRIC_KL).build();
    }

    /** The weights; throws IllegalArgumentException naming a negative one. */
    LossWeights weights() {
        return new LossWeights(wCl, wMmd, wSdd, wSsl);
    }
}
