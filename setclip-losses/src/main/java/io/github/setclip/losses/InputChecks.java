package io.github.setclip.losses;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/** Argument checks shared by the losses: each failure names the argument and what is wrong. */
final class InputChecks {

    private InputChecks() {}

    /** Requires a 2-D float32 or float64 matrix of embeddings. */
    static void requireEmbeddings(String name, NDArray x) {
        if (x == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        Shape shape = x.getShape();
        if (shape.dimension() != 2) {
            throw new IllegalArgumentException(
                    name + " must be a 2-D (rows, width) matrix, got shape " + shape);
        }
        DataType type = x.getDataType();
        if (type != DataType.FLOAT32 && type != DataType.FLOAT64) {
            throw new IllegalArgumentException(
                    name + " must be float32 or float64, got " + type);
        }
    }

    /** Requires two embedding matrices of the same width and data type. */
    static void requireCompatible(String nameA, NDArray a, String nameB, NDArray b) {
        requireEmbeddings(nameA, a);
        requireEmbeddings(nameB, b);
        if (a.getShape().get(1) != b.getShape().get(1)) {
            throw new IllegalArgumentException(
                    nameA + " and " + nameB + " must have the same width d, got "
                            + a.getShape().get(1) + " and " + b.getShape().get(1));
        }
        if (a.getDataType() != b.getDataType()) {
            throw new IllegalArgumentException(
                    nameA + " and " + nameB + " must have the same data type, got "
                            + a.getDataType() + " and " + b.getDataType());
        }
    }

    /** Requires two embedding matrices of identical shape and data type. */
    static void requireSameShape(String nameA, NDArray a, String nameB, NDArray b) {
        requireCompatible(nameA, a, nameB, b);
        if (a.getShape().get(0) != b.getShape().get(0)) {
            throw new IllegalArgumentException(
                    nameA + " and " + nameB + " must have the same number of rows N, got "
                            + a.getShape().get(0) + " and " + b.getShape().get(0));
        }
    }

    /**
     * Requires memory rows for both modalities, of the batch's width and data type, with the same
     * count Q for both.
     */
    static void requireMemory(NDArray s, NDArray t, NDArray memoryS, NDArray memoryT) {
        if ((memoryS == null) != (memoryT == null)) {
            throw new IllegalArgumentException(
                    "memory rows must be given for both modalities or neither, got "
                            + (memoryS == null ? "Q_T only" : "Q_S only"));
        }
        if (memoryS == null) {
            return;
        }
        requireCompatible("S", s, "memory Q_S", memoryS);
        requireCompatible("T", t, "memory Q_T", memoryT);
        if (memoryS.getShape().get(0) != memoryT.getShape().get(0)) {
            throw new IllegalArgumentException(
                    "memory Q_S and memory Q_T must have the same number of rows Q, got "
                            + memoryS.getShape().get(0) + " and " + memoryT.getShape().get(0));
        }
    }

    /** Requires at least {@code min} rows. */
    static void requireRows(String name, NDArray x, long min, String why) {
        long rows = x.getShape().get(0);
        if (rows < min) {
            throw new IllegalArgumentException(
                    name + " needs at least " + min + " rows (" + why + "), got " + rows);
        }
    }

    /**
     * Requires every value to be finite. One reduction and one boolean read back from the device.
     */
    static void requireFinite(String name, NDArray x) {
        try (NDArray bad = x.isNaN().logicalOr(x.isInfinite()).any()) {
            if (bad.getBoolean()) {
                throw new NonFiniteInputException(name);
            }
        }
    }

    /**
     * Requires per-row weights: a 1-D array of {@code count} finite values, each &gt;= 0. Reads
     * the weights back to the host once (they are few: one per positive row).
     *
     * @return the sum of the weights
     */
    static double requireRowWeights(String name, NDArray weights, long count) {
        Shape shape = weights.getShape();
        if (shape.dimension() != 1 || shape.get(0) != count) {
            throw new IllegalArgumentException(
                    name + " must have shape (" + count + "), one weight per positive row, got "
                            + shape);
        }
        double sum = 0;
        double[] values = weights.toType(DataType.FLOAT64, false).toDoubleArray();
        for (int i = 0; i < values.length; i++) {
            if (!(values[i] >= 0) || Double.isInfinite(values[i])) {
                throw new IllegalArgumentException(
                        name + " must be finite and >= 0, got " + values[i] + " at row " + i);
            }
            sum += values[i];
        }
        return sum;
    }

    static double requirePositive(String name, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(
                    name + " must be a positive finite number, got " + value);
        }
        return value;
    }

    static double requireNonNegative(String name, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(
                    name + " must be a finite number >= 0, got " + value);
        }
        return value;
    }
}
