package io.github.setclip.tasks.fashion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.setclip.data.InvalidSettingException;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The second views of a Fashion-MNIST half, each against a plain double-precision loop that makes
 * the same draws from the same seed.
 */
class HalfViewTest {

    private static final int B = 6;
    private static final int H = 28;
    private static final int W = 14;
    private static final long SEED = 42;

    private static float[] pixels() {
        Random random = new Random(7);
        float[] x = new float[B * H * W];
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextFloat();
        }
        return x;
    }

    private static float[] view(String ops, float[] x) {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            NDArray input = manager.create(x, new Shape(B, 1, H, W));
            NDArray out = HalfView.parse(ops).apply(input, SEED);
            assertEquals(new Shape(B, 1, H, W), out.getShape());
            assertArrayEquals(x, input.toFloatArray(), "the input is not modified");
            return out.toFloatArray();
        }
    }

    private static double at(float[] x, int b, int r, int c) {
        return r < 0 || r >= H || c < 0 || c >= W ? 0 : x[(b * H + r) * W + c];
    }

    /** Bilinear read at a continuous source position, zero outside the half. */
    private static double bilinear(float[] x, int b, double r, double c) {
        double sum = 0;
        for (int i = (int) Math.floor(r); i <= (int) Math.floor(r) + 1; i++) {
            for (int j = (int) Math.floor(c); j <= (int) Math.floor(c) + 1; j++) {
                sum += Math.max(0, 1 - Math.abs(r - i)) * Math.max(0, 1 - Math.abs(c - j)) * at(x, b, i, j);
            }
        }
        return sum;
    }

    private static void assertClose(double[] expected, float[] actual, double tolerance) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], tolerance, "pixel " + i);
        }
    }

    @Test
    void jitterAloneIsTheGainAndNoiseTheTaskAlwaysDrew() {
        float[] x = pixels();
        Random random = new Random(SEED);
        float[] gain = new float[B];
        for (int b = 0; b < B; b++) {
            gain[b] = 0.7f + 0.6f * random.nextFloat();
        }
        float[] expected = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            float noise = (float) (0.1 * random.nextGaussian());
            expected[i] = Math.min(1f, Math.max(0f, x[i] * gain[i / (H * W)] + noise));
        }
        assertArrayEquals(expected, view("jitter", x), "bit for bit, as runs before views were choosable");
    }

    @Test
    void shiftMovesEachImageByWholePixelsAndFillsTheEdgeWithZero() {
        float[] x = pixels();
        Random random = new Random(SEED);
        double[] expected = new double[x.length];
        boolean moved = false;
        for (int b = 0; b < B; b++) {
            int dy = random.nextInt(5) - 2;
            int dx = random.nextInt(5) - 2;
            moved |= dy != 0 || dx != 0;
            for (int r = 0; r < H; r++) {
                for (int c = 0; c < W; c++) {
                    expected[(b * H + r) * W + c] = at(x, b, r + dy, c + dx);
                }
            }
        }
        assertTrue(moved, "the seed moves some image");
        assertClose(expected, view("shift", x), 1e-6);
    }

    @Test
    void cropResamplesABoxOfTheHalfBilinearly() {
        float[] x = pixels();
        Random random = new Random(SEED);
        double[] expected = new double[x.length];
        for (int b = 0; b < B; b++) {
            double area = 0.6 + 0.4 * random.nextDouble();
            double ratio = Math.exp(Math.log(0.75) + (Math.log(4 / 3.0) - Math.log(0.75)) * random.nextDouble());
            double h = Math.min(H, H * Math.sqrt(area / ratio));
            double w = Math.min(W, W * Math.sqrt(area * ratio));
            double top = (H - h) * random.nextDouble();
            double left = (W - w) * random.nextDouble();
            for (int r = 0; r < H; r++) {
                for (int c = 0; c < W; c++) {
                    expected[(b * H + r) * W + c] = bilinear(x, b, top + (r + 0.5) * h / H - 0.5,
                            left + (c + 0.5) * w / W - 0.5);
                }
            }
        }
        assertClose(expected, view("crop", x), 1e-5);
    }

    @Test
    void eraseZeroesOneRectangleInAboutHalfTheImages() {
        float[] x = pixels();
        Random random = new Random(SEED);
        double[] expected = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            expected[i] = x[i];
        }
        int erased = 0;
        for (int b = 0; b < B; b++) {
            if (random.nextDouble() >= 0.5) {
                continue;
            }
            erased++;
            double area = H * W * (0.02 + 0.23 * random.nextDouble());
            double ratio = Math.exp(Math.log(0.3) + (Math.log(3.3) - Math.log(0.3)) * random.nextDouble());
            int eh = (int) Math.min(H, Math.max(1, Math.round(Math.sqrt(area * ratio))));
            int ew = (int) Math.min(W, Math.max(1, Math.round(Math.sqrt(area / ratio))));
            int top = random.nextInt(H - eh + 1);
            int left = random.nextInt(W - ew + 1);
            for (int r = top; r < top + eh; r++) {
                for (int c = left; c < left + ew; c++) {
                    expected[(b * H + r) * W + c] = 0;
                }
            }
        }
        assertTrue(erased > 0 && erased < B, "the seed erases some images and spares others: " + erased);
        assertClose(expected, view("erase", x), 0);
    }

    @Test
    void everyOperationTogetherStaysInTheUnitRangeAndIsReproducible() {
        float[] x = pixels();
        float[] once = view("erase+shift+crop+jitter", x);
        assertArrayEquals(once, view("jitter+crop+shift+erase", x), "the order written does not matter");
        for (float v : once) {
            assertTrue(v >= 0 && v <= 1, "pixel " + v);
        }
    }

    @Test
    void viewsReadBackAsTheyAreWrittenAndNameWhatIsWrong() {
        assertEquals("crop+shift+erase+jitter", HalfView.parse("jitter+erase+shift+crop").toString());
        assertEquals(HalfView.DEFAULT, HalfView.parse("jitter"));
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> HalfView.parse("shift+blur"));
        assertTrue(e.getMessage().contains("crop, shift, erase, jitter") && e.getMessage().contains("shift+blur"),
                e.getMessage());
        assertThrows(InvalidSettingException.class, () -> HalfView.parse(""));
        assertThrows(InvalidSettingException.class, () -> HalfView.parse("shift+"));
    }
}
