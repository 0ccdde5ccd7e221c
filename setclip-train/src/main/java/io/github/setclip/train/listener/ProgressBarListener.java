package io.github.setclip.train.listener;

import ai.djl.training.util.ProgressBar;
import io.github.setclip.train.session.EpochRecord;
import io.github.setclip.train.session.StepRecord;
import io.github.setclip.train.session.TrainingListener;
import io.github.setclip.train.session.TrainingSession;
import java.util.Locale;
import java.util.Map;

/**
 * DJL's progress bar per epoch, showing the live loss terms and samples per second. It draws on
 * standard output (DJL's choice), so runs whose output is captured (experiments) leave it out.
 */
public final class ProgressBarListener implements TrainingListener {

    private ProgressBar bar;

    @Override
    public void onEpochBegin(TrainingSession session, int epoch, int firstStep) {
        bar = new ProgressBar(String.format(Locale.ROOT, "Epoch %d/%d", epoch, session.epochs()),
                session.stepsPerEpoch());
    }

    @Override
    public void onStep(TrainingSession session, StepRecord step) {
        bar.update(step.stepInEpoch(), describe(step.terms(), step.samplesPerSecond()));
    }

    @Override
    public void onEpochEnd(TrainingSession session, EpochRecord epoch) {
        bar.end();
        session.console().println();
    }

    /** The line shown beside the bar. */
    static String describe(Map<String, Double> terms, double samplesPerSecond) {
        return String.format(Locale.ROOT, "loss %.4f cl %.4f mmd %.4f sdd %.5f ssl %.4f | %.0f samples/s",
                terms.get("total"), terms.get("cl"), terms.get("mmd"), terms.get("sdd"),
                terms.get("ssl"), samplesPerSecond);
    }
}
