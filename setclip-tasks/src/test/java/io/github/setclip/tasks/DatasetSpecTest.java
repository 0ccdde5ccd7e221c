package io.github.setclip.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.util.JsonUtils;
import com.google.gson.JsonObject;
import io.github.setclip.data.InvalidSettingException;
import io.github.setclip.tasks.fashion.HalfView;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** What a run folder's config.json keeps of the dataset, and reads back. */
class DatasetSpecTest {

    private static DatasetSpec fashion() {
        return new DatasetSpec("fashion-mnist-halves", Path.of("/data/fm"), false, null, null, 64, null, null,
                null, false, null, 0, null, null);
    }

    private static DatasetSpec roundTrip(DatasetSpec spec) {
        return DatasetSpec.fromJson(JsonUtils.GSON.toJsonTree(spec.toMap()).getAsJsonObject());
    }

    @Test
    void aFashionSecondViewIsWrittenAndReadBack() {
        DatasetSpec spec = fashion().withFashionView(HalfView.parse("erase+crop"));
        assertEquals("crop+erase", spec.toMap().get("fashion_view"));
        assertEquals(spec, roundTrip(spec));
    }

    @Test
    void aRunFolderFromBeforeViewsWereChoosableReadsBackWithTheViewItRan() {
        JsonObject json = JsonUtils.GSON.toJsonTree(fashion().toMap()).getAsJsonObject();
        json.remove("fashion_view");
        assertEquals(HalfView.DEFAULT, DatasetSpec.fromJson(json).fashionView());
    }

    @Test
    void otherDatasetsNeitherRecordNorTakeAView() {
        assertFalse(DatasetSpec.emoji().toMap().containsKey("fashion_view"));
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> DatasetSpec.emoji().withFashionView(HalfView.parse("shift")));
        assertEquals("fashionView", e.setting());
    }
}
