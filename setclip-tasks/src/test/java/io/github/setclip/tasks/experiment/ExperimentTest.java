package io.github.setclip.tasks.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.setclip.eval.PromptTemplates;
import io.github.setclip.data.InvalidSettingException;
import io.github.setclip.tasks.DatasetSpec;
import io.github.setclip.tasks.imagetext.ImageTextTowers;
import io.github.setclip.tasks.imagetext.ImageTowerSpec;
import io.github.setclip.tasks.imagetext.TextTowerSpec;
import io.github.setclip.tasks.Pretraining;
import io.github.setclip.train.AlignmentTask;
import io.github.setclip.train.TrainingConfig;
import io.github.setclip.train.listener.EarlyStopping;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExperimentTest {

    @TempDir Path dir;

    @Test
    void aTinyExperimentRunsEveryArmWritesTheTablesAndIsReadBackWhenRepeated() throws IOException {
        DatasetSpec emoji = new DatasetSpec("emoji", null, false, null, null, 64, null, null, null,
                false, null, 96, null, null);
        TrainingConfig base = TrainingConfig.builder().optEpochs(2).optBatchSize(32)
                .optPairedFraction(0.34).optWarmUpSteps(2).optSeed(7).build();
        List<Arm> arms = ExperimentPlan.comparison(base, List.of(), true);
        Path folder = dir.resolve("exp");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        Experiment experiment = new Experiment(emoji, base, arms, 1,
                new EarlyStopping(Pretraining.SCORE, 1, 0), folder, AlignmentTask.Split.TEST,
                PromptTemplates.DEFAULT, new PrintStream(log, true, StandardCharsets.UTF_8));
        ExperimentTable table = experiment.run();

        for (String arm : new String[] {"clip", "setclip", "clip-all"}) {
            assertTrue(Files.exists(folder.resolve(arm + "/seed-7/result.json")), arm);
            assertTrue(Files.exists(folder.resolve(arm + "/seed-7/model/model.params")), arm);
            double r10 = table.values(arm, "retrieval/s2t_R@10")[0];
            assertTrue(r10 >= 0 && r10 <= 1, arm + " R@10 " + r10);
        }
        String md = Files.readString(folder.resolve("experiment.md"));
        assertTrue(md.contains("| Set-CLIP |") && md.contains("| CLIP (all pairs) |"), md);
        assertTrue(md.contains("zs group top1"), "zero-shot on the emoji groups is reported: " + md);
        assertTrue(Files.readString(folder.resolve("experiment.csv")).contains("summary,setclip,"));
        String progress = log.toString(StandardCharsets.UTF_8);
        assertTrue(progress.contains("[3/3]") && progress.contains("ETA"), progress);

        // a folder renamed, or written by a release that keyed the arm differently, still counts
        // for the arm whose folder it is
        Path clipResult = folder.resolve("clip/seed-7/result.json");
        Files.writeString(clipResult, Files.readString(clipResult).replace("\"arm\": \"clip\"",
                "\"arm\": \"an-older-key\""));
        ByteArrayOutputStream again = new ByteArrayOutputStream();
        ExperimentTable reread = new Experiment(emoji, base, arms, 1, new EarlyStopping(Pretraining.SCORE, 1, 0), folder,
                AlignmentTask.Split.TEST, PromptTemplates.DEFAULT,
                new PrintStream(again, true, StandardCharsets.UTF_8)).run();
        String second = again.toString(StandardCharsets.UTF_8);
        assertEquals(3, second.split("done earlier", -1).length - 1, second);
        assertEquals(table.values("clip", "retrieval/s2t_R@10")[0],
                reread.values("clip", "retrieval/s2t_R@10")[0]);
        assertTrue(Files.readString(folder.resolve("experiment.md")).contains("| CLIP (paired only) |"));

        // the same folder continued on another dataset setting is refused, not read back
        DatasetSpec fewer = new DatasetSpec("emoji", null, false, null, null, 64, null, null, null,
                false, null, 95, null, null);
        InvalidSettingException refused = assertThrows(InvalidSettingException.class, () -> new Experiment(fewer,
                base, arms, 1, new EarlyStopping(Pretraining.SCORE, 1, 0), folder, AlignmentTask.Split.TEST,
                PromptTemplates.DEFAULT, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
                .run());
        assertTrue(refused.getMessage().contains("another dataset setting"), refused.getMessage());
    }

    @Test
    void aFolderOfRunsWithALockedPretrainedTowerIsReadBackWhenContinued() throws IOException {
        DatasetSpec minilm = new DatasetSpec("emoji", null, false, null, null, 64, null, null, null,
                false, null, 64, null, null).withTowers(new ImageTextTowers(ImageTowerSpec.BUILTIN,
                        TextTowerSpec.of("minilm", true)));
        TrainingConfig base = TrainingConfig.builder().optEpochs(1).optBatchSize(32)
                .optPairedFraction(0.5).optWarmUpSteps(1).optSeed(3).build();
        List<Arm> arms = ExperimentPlan.comparison(base, List.of(), false).subList(0, 1);
        Path folder = dir.resolve("locked");
        for (int attempt = 0; attempt < 2; attempt++) {
            ByteArrayOutputStream log = new ByteArrayOutputStream();
            new Experiment(minilm, base, arms, 1, new EarlyStopping(Pretraining.SCORE, 1, 0), folder,
                    AlignmentTask.Split.VALIDATION, PromptTemplates.DEFAULT,
                    new PrintStream(log, true, StandardCharsets.UTF_8)).run();
            assertEquals(attempt == 0 ? 0 : 1, log.toString(StandardCharsets.UTF_8).split("done earlier", -1).length - 1,
                    "the second attempt reads the run back, its encoder named by the same SHA-256: " + log);
        }
    }
}
