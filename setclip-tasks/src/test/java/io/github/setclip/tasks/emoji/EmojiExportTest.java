package io.github.setclip.tasks.emoji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.setclip.data.batch.SemiPairedPools;
import io.github.setclip.tasks.DatasetSpec;
import io.github.setclip.train.AlignmentTask;
import io.github.setclip.train.TrainingConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmojiExportTest {

    @TempDir Path dir;

    @Test
    void theExportReadBackHasTheEmojiRunsPairsUnpairedItemsAndHeldOutConcepts() throws IOException {
        Path out = dir.resolve("emoji");
        int[] counts = EmojiExport.write(out, 1, 1 / 3.0);
        assertEquals(509, counts[0]);
        assertEquals(1017, counts[1]);
        DatasetSpec spec = new DatasetSpec("captions", null, false, out.resolve("pairs.csv"), null, 32, null, null,
                null, false, null, 0, null, null).withUnpaired(List.of(out.resolve("unpaired")),
                List.of(out.resolve("texts.txt")));
        try (AlignmentTask task = spec.open()) {
            SemiPairedPools pools = task.pools(TrainingConfig.builder().optPairedFraction(1).build());
            assertEquals(2 * 509, pools.numPaired()); // each concept's two pictures, one caption
            assertEquals(2 * 1017, pools.numUnpairedS());
            assertEquals(1017, pools.numUnpairedT());
            assertEquals(190, task.describe().get("validation_images") instanceof Integer i ? i / 2 : -1);
        }
        assertThrows(IllegalArgumentException.class, () -> EmojiExport.write(out, 1, 1 / 3.0)); // not empty
        assertEquals(2 * 1906 - 2 * 1017 + 1, Files.readAllLines(out.resolve("pairs.csv")).size());
    }
}
