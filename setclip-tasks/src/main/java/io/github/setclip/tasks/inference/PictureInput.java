package io.github.setclip.tasks.inference;

import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.util.NDImageUtils;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.setclip.tasks.imagetext.ImageTextModel;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * Pictures as the run's picture tower saw its training pictures: RGB in [0, 1], resized to the
 * run's square size by DJL's {@code NDImageUtils.resize} (bilinear, antialiased on PyTorch, the
 * aspect not kept; as the captions task resizes its files), mapped by {@link
 * ImageTextModel#pictureInput}.
 *
 * <p>Transparency follows the run's data. The emoji pictures were composited on white, so for an
 * emoji run a picture with an alpha channel (a {@code BufferedImage} behind the DJL {@code Image})
 * is composited on white the same way; a captions run decoded its files with DJL, which drops
 * alpha, and so does this.
 */
final class PictureInput implements TowerInput<Image> {

    private static final int CHUNK = 64;

    private final int size;
    private final boolean onWhite;

    /**
     * @param size side of the square pictures the tower was trained on, in pixels
     * @param onWhite whether transparent pixels are composited on white (emoji runs)
     */
    PictureInput(int size, boolean onWhite) {
        this.size = size;
        this.onWhite = onWhite;
    }

    /** Side of the square pictures the tower takes, in pixels. */
    int size() {
        return size;
    }

    @Override
    public ModalityKind kind() {
        return ModalityKind.IMAGE;
    }

    @Override
    public Class<Image> type() {
        return Image.class;
    }

    @Override
    public int chunkSize() {
        return CHUNK;
    }

    @Override
    public void check(List<Image> images) {
        TowerInput.requireInputs("images", images);
    }

    @Override
    public NDList batch(NDManager manager, List<Image> images) {
        check(images);
        NDList pictures = new NDList(images.size());
        for (Image image : images) {
            pictures.add(onWhite && image.getWrappedImage() instanceof BufferedImage b
                    && b.getColorModel().hasAlpha() ? onWhite(manager, b) : decoded(manager, image));
        }
        return new NDList(ImageTextModel.pictureInput(NDArrays.stack(pictures)));
    }

    /** DJL's decoding, as the captions task reads its files: (3, size, size) in [0, 1]. */
    private NDArray decoded(NDManager manager, Image image) {
        NDArray hwc = image.toNDArray(manager, Image.Flag.COLOR);
        if (image.getWidth() != size || image.getHeight() != size) {
            hwc = NDImageUtils.resize(hwc, size, size);
        }
        return hwc.transpose(2, 0, 1).toType(DataType.FLOAT32, false).div(255f);
    }

    /** Composited on white as the emoji dataset does: (3, size, size) in [0, 1]. */
    private NDArray onWhite(NDManager manager, BufferedImage image) {
        int width = image.getWidth();
        int height = image.getHeight();
        int plane = width * height;
        int[] argb = image.getRGB(0, 0, width, height, null, 0, width);
        float[] chw = new float[3 * plane];
        for (int p = 0; p < plane; p++) {
            int pixel = argb[p];
            float alpha = (pixel >>> 24) / 255f;
            float white = 1 - alpha;
            chw[p] = ((pixel >> 16) & 0xff) / 255f * alpha + white;
            chw[plane + p] = ((pixel >> 8) & 0xff) / 255f * alpha + white;
            chw[2 * plane + p] = (pixel & 0xff) / 255f * alpha + white;
        }
        NDArray picture = manager.create(chw, new Shape(3, height, width));
        if (width == size && height == size) {
            return picture;
        }
        return NDImageUtils.resize(picture.transpose(1, 2, 0), size, size).transpose(2, 0, 1);
    }
}
