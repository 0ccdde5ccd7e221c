package io.github.setclip.data.idx;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Fashion-MNIST held as its raw IDX bytes (47 MB for the 60,000 training images, kept once, never
 * converted as a whole): each batch of image halves is cut from the bytes and scaled to float when
 * asked for, so memory does not grow with the number of steps. Loading checks that images are 28
 * x 28, that each set has one label per image and that labels are in 0..9.
 */
public final class FashionMnist {

    /** Side of an image in pixels. */
    public static final int SIZE = 28;

    /** Columns of one half. */
    public static final int HALF = SIZE / 2;

    /** The ten class names, by label. */
    public static final String[] CLASS_NAMES = {
        "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag",
        "Ankle boot"
    };

    private final IdxFile.Images train;
    private final byte[] trainLabels;
    private final IdxFile.Images test;
    private final byte[] testLabels;

    private FashionMnist(IdxFile.Images train, byte[] trainLabels, IdxFile.Images test,
            byte[] testLabels) {
        this.train = train;
        this.trainLabels = trainLabels;
        this.test = test;
        this.testLabels = testLabels;
    }

    /**
     * Reads and checks the four files.
     *
     * @param files the located files
     * @return the dataset
     * @throws IOException if a file is unreadable, not 28 x 28, or its labels do not match
     */
    public static FashionMnist load(FashionMnistFiles.Located files) throws IOException {
        IdxFile.Images train = images(files.trainImages());
        IdxFile.Images test = images(files.testImages());
        byte[] trainLabels = labels(files.trainLabels(), train.count());
        byte[] testLabels = labels(files.testLabels(), test.count());
        return new FashionMnist(train, trainLabels, test, testLabels);
    }

    private static IdxFile.Images images(Path file) throws IOException {
        IdxFile.Images images = IdxFile.readImages(file);
        if (images.rows() != SIZE || images.columns() != SIZE) {
            throw new IOException(file + ": images are " + images.rows() + " x " + images.columns()
                    + ", Fashion-MNIST's are 28 x 28");
        }
        return images;
    }

    private static byte[] labels(Path file, int count) throws IOException {
        byte[] labels = IdxFile.readLabels(file);
        if (labels.length != count) {
            throw new IOException(file + ": " + labels.length + " labels for " + count + " images");
        }
        for (int i = 0; i < labels.length; i++) {
            int label = Byte.toUnsignedInt(labels[i]);
            if (label >= CLASS_NAMES.length) {
                throw new IOException(file + ": label " + label + " of item " + i + " is not in 0..9");
            }
        }
        return labels;
    }

    /** Number of training images. */
    public int trainCount() {
        return train.count();
    }

    /** Number of test images. */
    public int testCount() {
        return test.count();
    }

    /**
     * The class of an image.
     *
     * @param fromTrain training (true) or test (false) set
     * @param row the image
     * @return its label, 0..9
     */
    public int label(boolean fromTrain, int row) {
        return (fromTrain ? trainLabels : testLabels)[row];
    }

    /**
     * One half of the given images as a batch.
     *
     * @param manager owns the result
     * @param fromTrain training (true) or test (false) set
     * @param rows the images
     * @param left the left 14 columns (true) or the right 14
     * @return (B, 1, 28, 14) float32 in [0, 1]
     */
    public NDArray halves(NDManager manager, boolean fromTrain, int[] rows, boolean left) {
        IdxFile.Images set = fromTrain ? train : test;
        byte[] pixels = set.pixels();
        float[] batch = new float[rows.length * SIZE * HALF];
        int offset = left ? 0 : HALF;
        int out = 0;
        for (int i = 0; i < rows.length; i++) {
            if (rows[i] < 0 || rows[i] >= set.count()) {
                throw new IndexOutOfBoundsException("image " + rows[i] + " of " + set.count()
                        + (fromTrain ? " training" : " test") + " images");
            }
            int image = rows[i] * SIZE * SIZE;
            for (int r = 0; r < SIZE; r++) {
                int from = image + r * SIZE + offset;
                for (int c = 0; c < HALF; c++) {
                    batch[out++] = (pixels[from + c] & 0xff) / 255f;
                }
            }
        }
        return manager.create(batch, new Shape(rows.length, 1, SIZE, HALF));
    }
}
