package io.github.setclip.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.setclip.data.BadInputException;
import io.github.setclip.data.DataNotFoundException;
import io.github.setclip.data.InvalidSettingException;
import io.github.setclip.train.TrainingConfig;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The table between the library's setting names and the tool's flags. */
class SettingTableTest {

    @ParameterizedTest
    @CsvSource({
        "learningRate, --lr", "gradientClip, --grad-clip", "warmUpSteps, --warmup", "kind, --dataset",
        "sddBandwidth, --bandwidth", "sslTemperature, --ssl-tau", "queueSize, --queue",
        "pseudoLabelWeight, --pl-weight", "keywordWeight, --kw-weight",
        "pairedFraction, --paired-fraction", "nnPerBatch, --nn-per-batch", "checkpointEvery, --checkpoint-every",
        "sGroups, --s-groups", "imageInputSize, --image-input-size"})
    void aSettingIsNamedByItsFlagWrittenInTheTableOrSpelledLikeIt(String setting, String flag) {
        assertEquals(flag, SettingTable.flag(setting));
    }

    @Test
    void aSettingWithoutAFlagKeepsItsName() {
        assertEquals("weights", SettingTable.flag("weights"));
        assertEquals("learnedKernelWeights", SettingTable.flag("learnedKernelWeights"));
    }

    @Test
    void theSettingsALibraryErrorNamesAreSaidAsFlags() {
        assertEquals("a.csv:3: empty caption (--skip-bad skips such rows and counts them)", SettingTable.message(
                new BadInputException("a.csv:3: empty caption (skipBad skips such rows and counts them)",
                        List.of("skipBad"))));
        assertEquals("give it as --data-dir, or turn on --download; downloaded files stay", SettingTable.message(
                new DataNotFoundException("give it as dataDir, or turn on download; downloaded files stay",
                        List.of("dataDir", "download"))));
        assertEquals("--output holds runs/x, trained otherwise", SettingTable.message(
                new InvalidSettingException("directory", "holds runs/x, trained otherwise")));
    }

    @Test
    void theSweepableSettingsAreTheRowsWithASetter() {
        assertEquals(List.of("bandwidth", "w-sdd", "w-mmd", "w-ssl"), SettingTable.sweepable());
        assertEquals(0.25, SettingTable.sweep("w-ssl").apply(TrainingConfig.DEFAULTS, 0.25).weights().ssl());
    }

    @Test
    void anotherSweepIsRefusedNamingTheChoices() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> SettingTable.sweep("lr"));
        assertEquals("sweep", e.setting());
        assertTrue(e.problem().contains("must vary bandwidth, w-sdd, w-mmd or w-ssl; got lr"), e.problem());
    }
}
