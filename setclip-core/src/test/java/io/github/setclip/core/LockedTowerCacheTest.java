package io.github.setclip.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A locked encoder's cache embeds each distinct input row once, whatever batch it comes in,
 * answers the rest from memory, keeps only what it is asked to (up to its capacity), and survives
 * a round trip through its file.
 */
class LockedTowerCacheTest {

    @TempDir Path dir;
    private NDManager manager;
    private final List<Integer> batchSizes = new ArrayList<>();

    /** A stand-in encoder: (B, 2) ids to (B, 3) features [a + b, a - b, 1], recording its batch sizes. */
    private final Function<NDList, NDArray> encoder = inputs -> {
        NDArray ids = inputs.head();
        batchSizes.add(Math.toIntExact(ids.getShape().get(0)));
        long[] v = ids.toLongArray();
        float[] out = new float[v.length / 2 * 3];
        for (int i = 0; i < v.length / 2; i++) {
            out[3 * i] = v[2 * i] + v[2 * i + 1];
            out[3 * i + 1] = v[2 * i] - v[2 * i + 1];
            out[3 * i + 2] = 1;
        }
        return ids.getManager().create(out, new Shape(v.length / 2, 3));
    };

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    private NDList rows(long... pairs) {
        return new NDList(manager.create(pairs, new Shape(pairs.length / 2, 2)));
    }

    @Test
    void eachDistinctRowIsEmbeddedOnceAndTheRestComeFromTheCache() {
        LockedTowerCache cache = new LockedTowerCache();
        NDArray first = cache.features(rows(1, 2, 3, 4, 1, 2), true, encoder);
        assertArrayEquals(new float[] {3, -1, 1, 7, -1, 1, 3, -1, 1}, first.toFloatArray());
        assertEquals(List.of(2), batchSizes, "the repeated row is embedded once");
        NDArray second = cache.features(rows(3, 4, 5, 6, 1, 2), true, encoder);
        assertArrayEquals(new float[] {7, -1, 1, 11, -1, 1, 3, -1, 1}, second.toFloatArray());
        assertEquals(List.of(2, 1), batchSizes, "only the new row reaches the encoder");
        assertEquals(3, cache.embeddedRows());
        assertEquals(3, cache.hits());
        assertEquals(3, cache.size());
    }

    @Test
    void rowsEmbeddedWithoutStoreAreNotKept() {
        LockedTowerCache cache = new LockedTowerCache();
        cache.features(rows(1, 2), false, encoder);
        cache.features(rows(1, 2), false, encoder);
        assertEquals(List.of(1, 1), batchSizes);
        assertEquals(0, cache.size());
    }

    @Test
    void aFullCacheStopsKeepingNewRows() {
        LockedTowerCache cache = new LockedTowerCache(2);
        cache.features(rows(1, 1, 2, 2, 3, 3), true, encoder);
        assertEquals(2, cache.size());
        cache.features(rows(1, 1, 2, 2, 3, 3), true, encoder);
        assertEquals(List.of(3, 1), batchSizes);
    }

    @Test
    void aSavedCacheAnswersEveryRowAfterLoading() throws IOException {
        LockedTowerCache cache = new LockedTowerCache();
        NDArray before = cache.features(rows(1, 2, 3, 4), true, encoder);
        Path file = dir.resolve("t.features");
        cache.save(file);
        LockedTowerCache loaded = new LockedTowerCache();
        assertEquals(2, loaded.load(file));
        NDArray after = loaded.features(rows(3, 4, 1, 2), true, encoder);
        assertEquals(List.of(2), batchSizes, "nothing embedded after loading");
        assertArrayEquals(new float[] {7, -1, 1, 3, -1, 1}, after.toFloatArray());
        assertArrayEquals(before.toFloatArray(), cache.features(rows(1, 2, 3, 4), true, encoder).toFloatArray());
    }
}
