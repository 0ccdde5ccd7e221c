package io.github.setclip.data.features;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.setclip.data.BadInputException;
import io.github.setclip.data.BadRows;
import io.github.setclip.data.npy.NpyFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One modality given as precomputed features, e.g. protein sequence embeddings from ESM: a 2-D
 * .npy matrix (float32 or float64, rows x width) and an ids file with one id per line, line i
 * naming row i. Rows with NaN or infinite values are bad rows (named by the ids file's line);
 * duplicate or empty ids are errors. Held in memory as float32, row-major.
 */
public final class FeatureTable {

    private final Path source;
    private final float[] values;
    private final int width;
    private final List<String> ids;
    private final Map<String, Integer> rowOf;

    private FeatureTable(Path source, float[] values, int width, List<String> ids) {
        this.source = source;
        this.values = values;
        this.width = width;
        this.ids = List.copyOf(ids);
        this.rowOf = new HashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            rowOf.put(ids.get(i), i);
        }
    }

    /**
     * Reads a matrix and its ids.
     *
     * @param npy the matrix
     * @param idsFile the ids, one per line
     * @param expectedWidth the width the model expects, or 0 for any
     * @param policy what to do with rows holding NaN or infinity
     * @return the table, without skipped rows
     * @throws IOException if a file cannot be read
     * @throws BadInputException on a count mismatch, a wrong width, an empty or duplicate id
     */
    public static FeatureTable read(Path npy, Path idsFile, int expectedWidth, BadRows policy)
            throws IOException {
        if (!Files.isRegularFile(idsFile)) {
            throw new BadInputException(idsFile + ": no such file");
        }
        List<String> lines = Files.readAllLines(idsFile);
        while (!lines.isEmpty() && lines.get(lines.size() - 1).isBlank()) {
            lines.remove(lines.size() - 1);
        }
        float[] matrix;
        int rows;
        int width;
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = NpyFile.readMatrix(manager, npy);
            rows = (int) x.getShape().get(0);
            width = (int) x.getShape().get(1);
            matrix = x.toType(DataType.FLOAT32, false).toFloatArray();
        }
        if (lines.size() != rows) {
            throw new BadInputException(idsFile + " has " + lines.size() + " ids but " + npy + " has "
                    + rows + " rows; line i of the ids file must name row i");
        }
        if (expectedWidth > 0 && width != expectedWidth) {
            throw new BadInputException(npy + ": rows are " + width + " wide, expected " + expectedWidth);
        }
        List<String> ids = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        float[] kept = new float[matrix.length];
        int count = 0;
        for (int i = 0; i < rows; i++) {
            String id = lines.get(i).trim();
            String where = idsFile + ":" + (i + 1);
            if (id.isEmpty()) {
                throw new BadInputException(where + ": empty id");
            }
            Integer earlier = seen.put(id, i);
            if (earlier != null) {
                throw new BadInputException(where + ": id " + id + " repeats line " + (earlier + 1));
            }
            boolean finite = true;
            for (int j = 0; j < width && finite; j++) {
                finite = Float.isFinite(matrix[i * width + j]);
            }
            if (!finite) {
                policy.bad(where, "row " + i + " of " + npy + " (id " + id + ") holds NaN or infinity");
                continue;
            }
            System.arraycopy(matrix, i * width, kept, count * width, width);
            ids.add(id);
            count++;
        }
        float[] values = count == rows ? kept : java.util.Arrays.copyOf(kept, count * width);
        return new FeatureTable(npy, values, width, ids);
    }

    /** The matrix file. */
    public Path source() {
        return source;
    }

    /** Number of rows. */
    public int size() {
        return ids.size();
    }

    /** Width of a row. */
    public int width() {
        return width;
    }

    /** The ids, in row order. */
    public List<String> ids() {
        return Collections.unmodifiableList(ids);
    }

    /** The row of an id, or -1. */
    public int rowOf(String id) {
        return rowOf.getOrDefault(id, -1);
    }

    /**
     * A batch of rows.
     *
     * @param manager owns the result
     * @param rows row indices
     * @return (B, width) float32
     */
    public NDArray rows(NDManager manager, int[] rows) {
        float[] batch = new float[rows.length * width];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(values, rows[i] * width, batch, i * width, width);
        }
        return manager.create(batch, new Shape(rows.length, width));
    }
}
