package io.github.setclip.data.features;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.setclip.data.BadInputException;
import io.github.setclip.data.BadRows;
import io.github.setclip.data.npy.NpyFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One modality given as precomputed features, e.g. protein sequence embeddings from ESM: a 2-D
 * {@code .npy} matrix (float32 or float64, C order, rows x width; read with {@link NpyFile}) and an
 * ids file, UTF-8 text with one id per line, line {@code i} (1-based) naming row {@code i - 1}.
 * Trailing blank lines of the ids file are ignored.
 *
 * <p>Errors (whatever the policy), each naming the file: an ids count different from the matrix's
 * rows (naming both files and both counts), a width other than the expected one, an empty id, an id
 * with a space, tab or comma (the pairs file separates ids with them), a duplicate id (naming both
 * lines). Bad rows (see {@link BadRows}), named by the ids file's line: a row holding NaN or
 * infinity, or (float64) a value beyond the float32 range. Skipped rows are left out, so row
 * indices of the table are those of the kept rows, in file order.
 *
 * <p>Held in memory once as float32, row-major ({@code size() * width()} floats); {@link
 * #rows(NDManager, int[])} copies a batch out.
 */
public final class FeatureTable {

    private static final Pattern SEPARATOR = Pattern.compile("[\\s,]");

    private final Path source;
    private final Path idsSource;
    private final float[] values;
    private final int width;
    private final List<String> ids;
    private final Map<String, Integer> rowOf;
    private final Set<String> skipped;

    private FeatureTable(Path source, Path idsSource, float[] values, int width, List<String> ids,
            Set<String> skipped) {
        this.source = source;
        this.idsSource = idsSource;
        this.values = values;
        this.width = width;
        this.ids = List.copyOf(ids);
        this.rowOf = new HashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            rowOf.put(ids.get(i), i);
        }
        this.skipped = Set.copyOf(skipped);
    }

    /**
     * Reads a matrix of any width and its ids.
     *
     * @param npy the matrix
     * @param idsFile the ids, one per line
     * @param policy what to do with rows holding NaN or infinity
     * @return the table, without skipped rows
     * @throws IOException if a file cannot be read
     * @throws BadInputException for a malformed file or a bad row (when failing); see the class
     */
    public static FeatureTable read(Path npy, Path idsFile, BadRows policy) throws IOException {
        return read(npy, idsFile, 0, policy);
    }

    /**
     * Reads a matrix and its ids, checking the width.
     *
     * @param npy the matrix
     * @param idsFile the ids, one per line
     * @param expectedWidth the width the model expects, or 0 for any
     * @param policy what to do with rows holding NaN or infinity
     * @return the table, without skipped rows
     * @throws IOException if a file cannot be read
     * @throws BadInputException for a malformed file, a count mismatch, a wrong width, an empty,
     *     malformed or duplicate id, or a bad row (when failing)
     */
    public static FeatureTable read(Path npy, Path idsFile, int expectedWidth, BadRows policy)
            throws IOException {
        for (Path file : new Path[] {npy, idsFile}) {
            if (!Files.isRegularFile(file)) {
                throw new BadInputException(file + ": no such file");
            }
        }
        List<String> lines = Files.readAllLines(idsFile, StandardCharsets.UTF_8);
        if (!lines.isEmpty() && lines.get(0).startsWith("\uFEFF")) {
            lines.set(0, lines.get(0).substring(1));
        }
        while (!lines.isEmpty() && lines.get(lines.size() - 1).isBlank()) {
            lines.remove(lines.size() - 1);
        }
        Matrix m = matrix(npy);
        if (lines.size() != m.rows) {
            throw new BadInputException(idsFile + " has " + lines.size() + " ids but " + npy + " has "
                    + m.rows + " rows; line i of the ids file must name row i of the matrix");
        }
        if (m.width < 1 || (expectedWidth > 0 && m.width != expectedWidth)) {
            throw new BadInputException(npy + ": rows are " + m.width + " wide, expected "
                    + (expectedWidth > 0 ? expectedWidth : "at least 1"));
        }
        String[] kept = new String[m.rows];
        Map<String, Integer> lineOf = new HashMap<>();
        Set<String> skipped = new HashSet<>();
        int count = 0;
        for (int i = 0; i < m.rows; i++) {
            String where = idsFile + ":" + (i + 1);
            String id = lines.get(i).trim();
            if (id.isEmpty()) {
                throw new BadInputException(where + ": empty id (line " + (i + 1) + " names row " + i
                        + " of " + npy + ")");
            }
            if (SEPARATOR.matcher(id).find()) {
                throw new BadInputException(where + ": id '" + id + "' holds a space, tab or comma;"
                        + " ids may not, since the pairs file separates ids with them");
            }
            Integer earlier = lineOf.putIfAbsent(id, i + 1);
            if (earlier != null) {
                throw new BadInputException(where + ": duplicate id " + id + " (it repeats line " + earlier + ")");
            }
            String problem = m.problems[i];
            if (problem != null) {
                policy.bad(where, "row " + i + " (id " + id + ") of " + npy + " holds " + problem);
                skipped.add(id);
                continue;
            }
            if (count != i) {
                System.arraycopy(m.values, i * m.width, m.values, count * m.width, m.width);
            }
            kept[count++] = id;
        }
        float[] values = count == m.rows ? m.values : Arrays.copyOf(m.values, count * m.width);
        return new FeatureTable(npy, idsFile, values, m.width, Arrays.asList(kept).subList(0, count), skipped);
    }

    /** A matrix as float32, and per row what is wrong with its values (null when nothing). */
    private record Matrix(int rows, int width, float[] values, String[] problems) {}

    private static Matrix matrix(Path npy) throws IOException {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x;
            try {
                x = NpyFile.readMatrix(manager, npy);
            } catch (IllegalArgumentException e) {
                throw new BadInputException(e.getMessage(), e);
            }
            long rows = x.getShape().get(0);
            long width = x.getShape().get(1);
            if (rows * width > Integer.MAX_VALUE - 8) {
                throw new BadInputException(npy + ": " + rows + " x " + width
                        + " values are too many for one table (at most 2^31 - 9)");
            }
            int r = (int) rows;
            int w = (int) width;
            String[] problems = new String[r];
            float[] values;
            if (x.getDataType() == DataType.FLOAT32) {
                values = x.toFloatArray();
                for (int k = 0; k < values.length; k++) {
                    if (!Float.isFinite(values[k]) && problems[k / w] == null) {
                        problems[k / w] = values[k] + " at column " + k % w;
                    }
                }
            } else {
                double[] doubles = x.toDoubleArray();
                values = new float[doubles.length];
                for (int k = 0; k < doubles.length; k++) {
                    values[k] = (float) doubles[k];
                    if (!Float.isFinite(values[k]) && problems[k / w] == null) {
                        problems[k / w] = doubles[k] + " at column " + k % w
                                + (Double.isFinite(doubles[k]) ? ", beyond the float32 range" : "");
                    }
                }
            }
            return new Matrix(r, w, values, problems);
        }
    }

    /** The matrix file. */
    public Path source() {
        return source;
    }

    /** The ids file. */
    public Path idsSource() {
        return idsSource;
    }

    /** Number of (kept) rows. */
    public int size() {
        return ids.size();
    }

    /** Width of a row. */
    public int width() {
        return width;
    }

    /** The ids, in row order. */
    public List<String> ids() {
        return ids;
    }

    /** The row of an id, or -1 (also for the id of a skipped row). */
    public int rowOf(String id) {
        return rowOf.getOrDefault(id, -1);
    }

    /** Whether the id named a row that was skipped as bad. */
    public boolean wasSkipped(String id) {
        return skipped.contains(id);
    }

    /**
     * A batch of rows.
     *
     * @param manager owns the result
     * @param rows row indices, each in {@code [0, size())}
     * @return (B, width) float32
     * @throws IndexOutOfBoundsException for a row out of range
     */
    public NDArray rows(NDManager manager, int[] rows) {
        float[] batch = new float[rows.length * width];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i] < 0 || rows[i] >= ids.size()) {
                throw new IndexOutOfBoundsException("row " + rows[i] + " of " + ids.size() + " in " + source);
            }
            System.arraycopy(values, rows[i] * width, batch, i * width, width);
        }
        return manager.create(batch, new Shape(rows.length, width));
    }

    @Override
    public String toString() {
        return "FeatureTable{" + source + ", " + ids.size() + " x " + width + '}';
    }
}
