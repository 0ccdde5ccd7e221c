package io.github.setclip.tasks.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.setclip.train.AlignmentTask;
import io.github.setclip.train.TrainingConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExperimentTableTest {

    private static final TrainingConfig BASE = TrainingConfig.builder().optEpochs(10).optBatchSize(32)
            .optPairedFraction(0.25).optWarmUpSteps(0).build();

    private static RunResult run(String arm, long seed, double meanRecall) {
        return new RunResult(arm, seed, 3, 5, 30, 960, 12.5, 20.0,
                Map.of("retrieval/mean_recall", meanRecall, "retrieval/s2t_R@1", meanRecall / 2));
    }

    private static ExperimentTable table() {
        List<RunResult> results = new ArrayList<>();
        double[] clip = {0.20, 0.22, 0.21};
        double[] setclip = {0.25, 0.26, 0.28};
        double[] all = {0.30, 0.32, 0.31};
        for (int k = 0; k < 3; k++) {
            results.add(run("clip", 1 + k, clip[k]));
            results.add(run("setclip", 1 + k, setclip[k]));
            results.add(run("clip-all", 1 + k, all[k]));
        }
        return new ExperimentTable(ExperimentPlan.comparison(BASE, List.of(), true), results,
                AlignmentTask.Split.TEST);
    }

    @Test
    void meanAndSampleStandardDeviationAcrossSeeds() {
        double[] v = table().values("setclip", "retrieval/mean_recall");
        assertEquals(0.263333333, ExperimentTable.mean(v), 1e-9);
        // sqrt(((0.25-m)^2 + (0.26-m)^2 + (0.28-m)^2) / 2)
        assertEquals(0.015275252, ExperimentTable.std(v), 1e-9);
    }

    @Test
    void gapClosedIsTheShareOfTheDistanceToTheUpperBound() {
        // (0.26333 - 0.21) / (0.31 - 0.21)
        assertEquals(0.533333333, table().gapClosed("setclip", "retrieval/mean_recall"), 1e-9);
    }

    @Test
    void threeSeedsUseThePairedTTestAndTheMarkdownSaysSo() {
        ExperimentTable table = table();
        // scipy.stats.ttest_rel([0.25,0.26,0.28],[0.20,0.22,0.21]) -> t = 6.0474, p = 0.026271
        assertEquals("paired-t", table.test("setclip", "retrieval/mean_recall").test());
        assertEquals(0.026271, table.test("setclip", "retrieval/mean_recall").pValue(), 1e-4);
        String md = table.toMarkdown("T");
        assertTrue(md.contains("paired t-test"), md);
        assertTrue(md.contains("| Set-CLIP | mean_recall | +5.3 | 0.026 | 53% |"), md);
        assertTrue(md.contains("| CLIP (paired only) | 10.5 ± 0.5 | 21.0 ± 1.0 |"), md);
    }

    @Test
    void theCsvHasARowPerRunMetricAndASummaryPerArm() {
        String csv = table().toCsv();
        assertTrue(csv.startsWith("kind,arm,seed,metric,value,mean,std,n,delta_vs_clip,p_value,test,gap_closed\n"));
        assertTrue(csv.contains("run,setclip,2,retrieval/mean_recall,0.260000"), csv);
        assertTrue(csv.contains("summary,setclip,,retrieval/mean_recall,,0.263333,0.015275,3,0.053333,"), csv);
    }
}
