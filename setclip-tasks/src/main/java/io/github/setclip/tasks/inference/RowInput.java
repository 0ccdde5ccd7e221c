package io.github.setclip.tasks.inference;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/** Feature rows of the width a tower was trained on, as float32 (B, width), every value finite. */
final class RowInput implements TowerInput<float[]> {

    private static final int CHUNK = 4096;

    private final Tower tower;
    private final int width;

    /**
     * @param tower the tower the rows go to (for messages)
     * @param width how many values a row has
     */
    RowInput(Tower tower, int width) {
        this.tower = tower;
        this.width = width;
    }

    /** How many values a row has. */
    int width() {
        return width;
    }

    @Override
    public ModalityKind kind() {
        return ModalityKind.FEATURES;
    }

    @Override
    public Class<float[]> type() {
        return float[].class;
    }

    @Override
    public int chunkSize() {
        return CHUNK;
    }

    @Override
    public void check(List<float[]> rows) {
        TowerInput.requireInputs("rows", rows);
        for (int i = 0; i < rows.size(); i++) {
            float[] row = rows.get(i);
            if (row.length != width) {
                throw new IllegalArgumentException("rows[" + i + "] has " + row.length + " values; tower "
                        + tower + " takes rows of " + width);
            }
            for (int j = 0; j < width; j++) {
                if (!Float.isFinite(row[j])) {
                    throw new IllegalArgumentException("rows[" + i + "][" + j + "] is " + row[j]
                            + "; features must be finite");
                }
            }
        }
    }

    @Override
    public NDList batch(NDManager manager, List<float[]> rows) {
        check(rows);
        float[] values = new float[rows.size() * width];
        for (int i = 0; i < rows.size(); i++) {
            System.arraycopy(rows.get(i), 0, values, i * width, width);
        }
        return new NDList(manager.create(values, new Shape(rows.size(), width)));
    }

    /**
     * Checks rows given as an array: (B > 0, width), float32 or float64.
     *
     * @param rows the rows
     * @throws IllegalArgumentException for another shape or type
     */
    void check(NDArray rows) {
        if (rows == null) {
            throw new IllegalArgumentException("rows must not be null");
        }
        Shape shape = rows.getShape();
        if (shape.dimension() != 2 || shape.get(0) == 0 || shape.get(1) != width) {
            throw new IllegalArgumentException("rows must be (N > 0, " + width + ") for tower " + tower
                    + ", got " + shape);
        }
        if (rows.getDataType() != DataType.FLOAT32 && rows.getDataType() != DataType.FLOAT64) {
            throw new IllegalArgumentException("rows must be float32 or float64, got "
                    + rows.getDataType());
        }
    }

    /**
     * Rows given as an array, as float32 on the given manager's device.
     *
     * @param manager owns a converted copy, if one is needed
     * @param rows (B, width) float32 or float64
     * @return the tower's input
     * @throws IllegalArgumentException for another shape or type, or a value that is not finite
     */
    NDList batch(NDManager manager, NDArray rows) {
        check(rows);
        NDArray x = rows;
        if (!x.getDevice().equals(manager.getDevice())) {
            x = x.toDevice(manager.getDevice(), true);
            x.attach(manager);
        }
        if (x.getDataType() != DataType.FLOAT32) {
            x = x.toType(DataType.FLOAT32, true);
            x.attach(manager);
        }
        boolean finite;
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            finite = !x.isInfinite().logicalOr(x.isNaN()).any().getBoolean();
        }
        if (!finite) {
            throw new IllegalArgumentException("rows hold NaN or infinite values; features must be finite");
        }
        return new NDList(x);
    }
}
