package io.github.setclip.data.npy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and writes NumPy {@code .npy} files (format versions 1 to 3), so that embeddings move
 * between NumPy and SetCLIP-J without conversion.
 *
 * <p>Reading accepts little-endian float32, float64, int32 and int64 arrays in C order and checks
 * everything a malformed or mismatched file can get wrong (magic, header, byte order, Fortran order,
 * data length), each failure naming the file. DJL's own numpy decoder ignores {@code fortran_order}
 * and would silently transpose such a file, hence this reader.
 */
public final class NpyFile {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private NpyFile() {}

    /**
     * Reads an array.
     *
     * @param manager the manager that will own the array
     * @param path the .npy file
     * @return the array, with the file's shape and data type
     * @throws IOException if the file cannot be read
     * @throws IllegalArgumentException if the file is not a valid .npy of a supported type
     */
    public static NDArray read(NDManager manager, Path path) throws IOException {
        if (!Files.exists(path)) {
            throw new NoSuchFileException(path.toString(), null, "no such .npy file");
        }
        ByteBuffer bytes;
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            bytes = ByteBuffer.allocate(Math.toIntExact(channel.size()));
            while (bytes.hasRemaining() && channel.read(bytes) >= 0) {
                // keep reading
            }
            bytes.flip();
        }
        bytes.order(ByteOrder.LITTLE_ENDIAN);
        Header header = Header.parse(path, bytes);
        long expected = header.shape.size() * header.type.getNumOfBytes();
        if (bytes.remaining() != expected) {
            throw new IllegalArgumentException(
                    path + ": header promises " + header.shape + " " + header.descr + " ("
                            + expected + " bytes of data) but the file holds " + bytes.remaining()
                            + " bytes (truncated or corrupt)");
        }
        ByteBuffer data = bytes.slice().order(ByteOrder.LITTLE_ENDIAN);
        return manager.create(data, header.shape, header.type);
    }

    /**
     * Reads a 2-D float32 or float64 matrix, the shape of embedding batches.
     *
     * @param manager the manager that will own the array
     * @param path the .npy file
     * @return the (rows, columns) matrix
     * @throws IOException if the file cannot be read
     * @throws IllegalArgumentException if it is not a 2-D floating-point .npy
     */
    public static NDArray readMatrix(NDManager manager, Path path) throws IOException {
        NDArray array = read(manager, path);
        if (array.getShape().dimension() != 2) {
            throw new IllegalArgumentException(
                    path + ": expected a 2-D (rows, width) array, got shape " + array.getShape());
        }
        DataType type = array.getDataType();
        if (type != DataType.FLOAT32 && type != DataType.FLOAT64) {
            throw new IllegalArgumentException(
                    path + ": expected float32 or float64 values, got " + type);
        }
        return array;
    }

    /**
     * Reads a 2-D float32 or float64 matrix whose every value is finite, as a loss needs.
     *
     * @param manager the manager that will own the array
     * @param path the .npy file
     * @return the (rows, columns) matrix
     * @throws IOException if the file cannot be read
     * @throws IllegalArgumentException if it is not a 2-D floating-point .npy, or naming the first
     *     row (and its column) that holds NaN or an infinity
     */
    public static NDArray readFiniteMatrix(NDManager manager, Path path) throws IOException {
        NDArray matrix = readMatrix(manager, path);
        try (NDManager scope = manager.newSubManager()) {
            scope.tempAttachAll(matrix);
            NDArray bad = matrix.isNaN().logicalOr(matrix.isInfinite());
            boolean[] rows = bad.toType(DataType.INT32, false).sum(new int[] {1}).toType(DataType.BOOLEAN, false)
                    .toBooleanArray();
            int first = -1;
            int count = 0;
            for (int r = 0; r < rows.length; r++) {
                if (rows[r]) {
                    first = first < 0 ? r : first;
                    count++;
                }
            }
            if (first >= 0) {
                double[] row = matrix.get(first).toType(DataType.FLOAT64, false).toDoubleArray();
                int column = 0;
                while (Double.isFinite(row[column])) {
                    column++;
                }
                matrix.close();
                throw new IllegalArgumentException(path + ": row " + first + " holds " + row[column]
                        + " (column " + column + "); " + count + " of " + rows.length + " rows hold NaN or"
                        + " infinite values (rows and columns count from 0)");
            }
        }
        return matrix;
    }

    /**
     * Writes an array as a version 1.0 .npy file in C order and little-endian byte order,
     * atomically (a temporary file renamed into place).
     *
     * @param path the destination
     * @param array a float32, float64, int32 or int64 array
     * @throws IOException if the file cannot be written
     */
    public static void write(Path path, NDArray array) throws IOException {
        String descr = descr(array.getDataType());
        StringBuilder dict = new StringBuilder("{'descr': '").append(descr)
                .append("', 'fortran_order': False, 'shape': (");
        long[] dims = array.getShape().getShape();
        for (long dim : dims) {
            dict.append(dim).append(", ");
        }
        if (dims.length > 1) {
            dict.setLength(dict.length() - 2);
        } else if (dims.length == 1) {
            dict.setLength(dict.length() - 1);
        }
        dict.append("), }");
        // Pad with spaces so that magic + version + length + header is a multiple of 64 bytes.
        int unpadded = MAGIC.length + 2 + 2 + dict.length() + 1;
        dict.append(" ".repeat((64 - unpadded % 64) % 64)).append('\n');
        byte[] header = dict.toString().getBytes(StandardCharsets.US_ASCII);

        ByteBuffer data = array.toByteBuffer().order(ByteOrder.nativeOrder());
        Path parent = path.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path temp = Files.createTempFile(parent, path.getFileName().toString(), ".tmp");
        try (OutputStream out = Files.newOutputStream(temp)) {
            out.write(MAGIC);
            out.write(new byte[] {1, 0, (byte) header.length, (byte) (header.length >> 8)});
            out.write(header);
            out.write(littleEndian(data, array.getDataType()));
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        Files.move(temp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static byte[] littleEndian(ByteBuffer data, DataType type) {
        byte[] out = new byte[data.remaining()];
        if (ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN) {
            data.get(out);
            return out;
        }
        ByteBuffer target = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
        int width = type.getNumOfBytes();
        while (data.hasRemaining()) {
            switch (width) {
                case 4 -> target.putInt(data.getInt());
                case 8 -> target.putLong(data.getLong());
                default -> throw new IllegalStateException("unexpected width " + width);
            }
        }
        return out;
    }

    private static String descr(DataType type) {
        return switch (type) {
            case FLOAT32 -> "<f4";
            case FLOAT64 -> "<f8";
            case INT32 -> "<i4";
            case INT64 -> "<i8";
            default -> throw new IllegalArgumentException(
                    "cannot write " + type + " to .npy: use float32, float64, int32 or int64");
        };
    }

    /** The parsed header of a .npy file. */
    private record Header(String descr, DataType type, Shape shape) {

        static Header parse(Path path, ByteBuffer bytes) {
            if (bytes.remaining() < MAGIC.length + 4) {
                throw new IllegalArgumentException(
                        path + ": not a .npy file (only " + bytes.remaining() + " bytes)");
            }
            byte[] magic = new byte[MAGIC.length];
            bytes.get(magic);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new IllegalArgumentException(
                        path + ": not a .npy file (missing the \\x93NUMPY magic string)");
            }
            int major = bytes.get();
            bytes.get(); // minor
            int length;
            if (major == 1) {
                length = Short.toUnsignedInt(bytes.getShort());
            } else if (major == 2 || major == 3) {
                length = bytes.getInt();
            } else {
                throw new IllegalArgumentException(
                        path + ": unsupported .npy format version " + major);
            }
            if (length < 0 || length > bytes.remaining()) {
                throw new IllegalArgumentException(path + ": truncated .npy header");
            }
            byte[] raw = new byte[length];
            bytes.get(raw);
            String dict = new String(raw, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
            String descr = field(path, dict, DESCR, "descr");
            if ("True".equals(field(path, dict, FORTRAN, "fortran_order"))) {
                throw new IllegalArgumentException(
                        path + ": array is in Fortran (column-major) order; save it in C order,"
                                + " e.g. np.save(f, np.ascontiguousarray(a))");
            }
            return new Header(descr, type(path, descr), shape(path, field(path, dict, SHAPE, "shape")));
        }

        private static String field(Path path, String dict, Pattern pattern, String name) {
            Matcher m = pattern.matcher(dict);
            if (!m.find()) {
                throw new IllegalArgumentException(
                        path + ": malformed .npy header, no '" + name + "' in " + dict.trim());
            }
            return m.group(1);
        }

        private static DataType type(Path path, String descr) {
            return switch (descr) {
                case "<f4" -> DataType.FLOAT32;
                case "<f8" -> DataType.FLOAT64;
                case "<i4" -> DataType.INT32;
                case "<i8" -> DataType.INT64;
                default -> throw new IllegalArgumentException(
                        path + ": unsupported dtype '" + descr + "' (supported: little-endian"
                                + " float32 '<f4', float64 '<f8', int32 '<i4', int64 '<i8')");
            };
        }

        private static Shape shape(Path path, String text) {
            String[] parts = text.split(",");
            long[] dims = Arrays.stream(parts)
                    .map(String::trim)
                    .filter(p -> !p.isEmpty())
                    .mapToLong(p -> {
                        try {
                            return Long.parseLong(p.toLowerCase(Locale.ROOT).replace("l", ""));
                        } catch (NumberFormatException e) {
                            throw new IllegalArgumentException(
                                    path + ": malformed shape (" + text + ") in .npy header", e);
                        }
                    })
                    .toArray();
            return new Shape(dims);
        }
    }
}
