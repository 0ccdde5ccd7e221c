package io.github.setclip.data.npy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyFileTest {

    private static NDManager manager;
    @TempDir Path dir;

    @BeforeAll
    static void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    /** A .npy file as NumPy writes it: version 1.0, header padded to 64 bytes. */
    private Path npy(String name, String dict, byte[] data) throws IOException {
        String header = dict;
        int total = 10 + header.length() + 1;
        header = header + " ".repeat((64 - total % 64) % 64) + "\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
        out.write(header.length() & 0xff);
        out.write(header.length() >> 8);
        out.write(header.getBytes(StandardCharsets.US_ASCII));
        out.write(data);
        Path path = dir.resolve(name);
        Files.write(path, out.toByteArray());
        return path;
    }

    private static byte[] floats(float... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        return b.array();
    }

    @Test
    void readsAFileWrittenTheNumpyWay() throws IOException {
        Path path =
                npy("a.npy", "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }",
                        floats(1, 2, 3, 4, 5, 6));
        NDArray a = NpyFile.readMatrix(manager, path);
        assertEquals(new Shape(2, 3), a.getShape());
        assertEquals(DataType.FLOAT32, a.getDataType());
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, a.toFloatArray());
        assertEquals(6f, a.getFloat(1, 2));
    }

    @Test
    void roundTripsEverySupportedType() throws IOException {
        NDArray f64 = manager.create(new double[] {1.5, -2.25, Math.PI, 1e-300}, new Shape(2, 2));
        NDArray f32 = manager.create(new float[] {1.5f, -2.25f, 3f}, new Shape(3, 1));
        NDArray i64 = manager.create(new long[] {7, -8, 9});
        NDArray i32 = manager.create(new int[] {1, 2, 3, 4, 5, 6}, new Shape(1, 2, 3));
        for (NDArray original : new NDArray[] {f64, f32, i64, i32}) {
            Path path = dir.resolve(original.getDataType() + ".npy");
            NpyFile.write(path, original);
            long headerBytes = Files.size(path) - original.size() * original.getDataType().getNumOfBytes();
            assertEquals(0, headerBytes % 64, "header is padded to 64 bytes as NumPy does");
            NDArray back = NpyFile.read(manager, path);
            assertEquals(original.getShape(), back.getShape());
            assertEquals(original.getDataType(), back.getDataType());
            assertArrayEquals(original.toByteArray(), back.toByteArray());
        }
    }

    @Test
    void rejectsFortranOrderInsteadOfSilentlyTransposing() throws IOException {
        Path path =
                npy("f.npy", "{'descr': '<f4', 'fortran_order': True, 'shape': (2, 2), }",
                        floats(1, 2, 3, 4));
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> NpyFile.read(manager, path));
        assertTrue(e.getMessage().contains("f.npy") && e.getMessage().contains("Fortran"));
    }

    @Test
    void rejectsTruncatedData() throws IOException {
        Path path =
                npy("t.npy", "{'descr': '<f8', 'fortran_order': False, 'shape': (4, 2), }",
                        floats(1, 2, 3));
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> NpyFile.read(manager, path));
        assertTrue(e.getMessage().contains("t.npy") && e.getMessage().contains("truncated"),
                e.getMessage());
    }

    @Test
    void rejectsUnsupportedTypesAndBigEndian() throws IOException {
        Path big =
                npy("b.npy", "{'descr': '>f4', 'fortran_order': False, 'shape': (1, 1), }",
                        floats(1));
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> NpyFile.read(manager, big));
        assertTrue(e.getMessage().contains("'>f4'"), e.getMessage());
    }

    @Test
    void rejectsFilesThatAreNotNpy() throws IOException {
        Path text = dir.resolve("x.npy");
        Files.writeString(text, "id,caption\n1,a cat\n");
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> NpyFile.read(manager, text));
        assertTrue(e.getMessage().contains("magic"), e.getMessage());
        assertThrows(NoSuchFileException.class, () -> NpyFile.read(manager, dir.resolve("none.npy")));
    }

    @Test
    void readMatrixRequiresTwoDimensionsAndFloats() throws IOException {
        Path vector = dir.resolve("v.npy");
        NpyFile.write(vector, manager.create(new float[] {1, 2}));
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> NpyFile.readMatrix(manager, vector));
        assertTrue(e.getMessage().contains("2-D"), e.getMessage());
        Path ints = dir.resolve("i.npy");
        NpyFile.write(ints, manager.create(new long[] {1, 2}, new Shape(1, 2)));
        e = assertThrows(IllegalArgumentException.class, () -> NpyFile.readMatrix(manager, ints));
        assertTrue(e.getMessage().contains("float32 or float64"), e.getMessage());
    }

    @Test
    void aFiniteMatrixIsReadAsItIsAndNaNOrInfinityIsReportedWithItsFileRowAndColumn() throws IOException {
        Path good = npy("good.npy", "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }",
                floats(1, 2, 3, 4, 5, 6));
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, NpyFile.readFiniteMatrix(manager, good).toFloatArray());
        Path bad = npy("S.npy", "{'descr': '<f4', 'fortran_order': False, 'shape': (4, 3), }",
                floats(1, 2, 3, 4, 5, 6, 7, Float.NaN, 9, Float.NEGATIVE_INFINITY, 0, 0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NpyFile.readFiniteMatrix(manager, bad));
        assertEquals(bad + ": row 2 holds NaN (column 1); 2 of 4 rows hold NaN or infinite values (rows and"
                + " columns count from 0)", e.getMessage());
    }
}
