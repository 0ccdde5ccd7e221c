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
                throw new IllegalArgumentException(
                        name + " contains NaN or infinite values");
            }
        }
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
