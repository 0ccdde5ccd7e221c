package io.github.setclip.cli;

import io.github.setclip.data.InvalidSettingException;
import io.github.setclip.tasks.Pretraining;
import io.github.setclip.train.listener.EarlyStopping;
import picocli.CommandLine.Option;

/** When validation runs and the floor under early stopping, shared by pretrain and experiment. */
final class StoppingOptions {

    @Option(names = "--min-steps", paramLabel = "STEPS",
            description = "Early stopping stops no run before this many optimiser steps (default: half"
                    + " the run's step budget, so that short epochs cannot end a run early).")
    Long minSteps;

    @Option(names = "--eval-every", defaultValue = "0", paramLabel = "STEPS",
            description = "Validate (and with it keep the best model and count --patience) every STEPS"
                    + " optimiser steps, inside epochs too, and after the last step (default ${DEFAULT-VALUE}:"
                    + " after every epoch).")
    long evalEvery;

    /** The validation interval in steps (0: after every epoch). */
    long evalEvery() {
        if (evalEvery < 0) {
            throw new InvalidSettingException("evalEvery", "must be >= 0 steps, got " + evalEvery);
        }
        return evalEvery;
    }

    /**
     * The early-stopping rule on validation mean recall.
     *
     * @param patience evaluations without improvement, &gt;= 1
     */
    EarlyStopping rule(int patience) {
        if (minSteps != null && minSteps < 0) {
            throw new InvalidSettingException("minSteps", "must be >= 0 steps, got " + minSteps);
        }
        return new EarlyStopping(Pretraining.SCORE, patience, 0,
                minSteps == null ? EarlyStopping.HALF_BUDGET : minSteps);
    }

    /** Refuses {@code --min-steps} where nothing stops early. */
    void requireStopping(boolean stopping) {
        if (minSteps != null && !stopping) {
            throw new InvalidSettingException("minSteps", "applies with early stopping (--patience N)");
        }
    }
}
