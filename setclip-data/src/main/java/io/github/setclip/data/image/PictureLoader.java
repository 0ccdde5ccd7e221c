package io.github.setclip.data.image;

import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.ImageFactory;
import ai.djl.modality.cv.util.NDImageUtils;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Decodes picture files into one batch for an image encoder, at the moment it is needed, so a
 * dataset never holds its pictures decoded. Each file is read by DJL's {@link ImageFactory}
 * (javax.imageio: PNG, JPEG, GIF, BMP) as RGB, any alpha channel dropped, then resized to size x
 * size by {@link NDImageUtils#resize(NDArray, int, int)} (bilinear; the aspect ratio is not kept).
 */
public final class PictureLoader {

    private PictureLoader() {}

    /**
     * Decodes and resizes the pictures.
     *
     * @param manager owner of the batch
     * @param files the picture files, one per batch row
     * @param size side of the square output, in pixels
     * @return (B, 3, size, size) float32 RGB in [0, 1] (byte value / 255), row i from file i; the
     *     intermediate arrays are freed
     * @throws IllegalArgumentException for no files or a size below 1
     * @throws UncheckedIOException naming the file that cannot be read or decoded
     */
    public static NDArray load(NDManager manager, List<Path> files, int size) {
        return load(manager, files, size, PictureLoader::decode);
    }

    /**
     * Resizes the pictures a source gives for the files, e.g. those a {@link PicturePrefetch}
     * decoded ahead.
     *
     * @param manager owner of the batch
     * @param files the picture files, one per batch row
     * @param size side of the square output, in pixels
     * @param source the picture of a file
     * @return (B, 3, size, size) float32 RGB in [0, 1], as {@link #load(NDManager, List, int)}
     */
    public static NDArray load(NDManager manager, List<Path> files, int size,
            java.util.function.Function<Path, Image> source) {
        if (files.isEmpty()) {
            throw new IllegalArgumentException("files must name at least one picture, got none");
        }
        if (size < 1) {
            throw new IllegalArgumentException("size must be at least 1 pixel, got " + size);
        }
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDList pictures = new NDList(files.size());
            for (Path file : files) {
                NDArray hwc = source.apply(file).toNDArray(manager, Image.Flag.COLOR);
                NDArray resized = NDImageUtils.resize(hwc, size, size);
                pictures.add(resized.transpose(2, 0, 1).toType(DataType.FLOAT32, false).div(255f));
            }
            NDArray batch = NDArrays.stack(pictures);
            NDScope.unregister(batch);
            return batch;
        }
    }

    /** Decodes one file, naming it in the error when it cannot. */
    static Image decode(Path file) {
        try {
            return ImageFactory.getInstance().fromFile(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot decode " + file + ": " + e.getMessage(), e);
        } catch (RuntimeException e) { // a decoder meeting corrupt pixel data may throw anything
            throw new UncheckedIOException("cannot decode " + file + ": " + e,
                    new IOException(e.getMessage(), e));
        }
    }
}
