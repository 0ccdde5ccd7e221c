package io.github.setclip.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;

/**
 * Two modalities of feature vectors made from one shared latent code: item i of S and item i of
 * T are noisy linear views of latent i. Made by the tests, so no data file is needed.
 */
final class SyntheticPairs {

    final float[][] s;
    final float[][] t;

    SyntheticPairs(int items, int latent, int sWidth, int tWidth, long seed) {
        Random random = new Random(seed);
        float[][] z = gaussian(random, items, latent, 1);
        s = add(project(z, gaussian(random, latent, sWidth, 1)), gaussian(random, items, sWidth, 0.1f));
        t = add(project(z, gaussian(random, latent, tWidth, 1)), gaussian(random, items, tWidth, 0.1f));
    }

    ModalityInput input(float[][] features) {
        return new ModalityInput() {
            @Override
            public NDList batch(NDManager manager, int[] items, ViewSeeds seeds) {
                float[] flat = new float[items.length * features[0].length];
                for (int i = 0; i < items.length; i++) {
                    System.arraycopy(features[items[i]], 0, flat, i * features[0].length, features[0].length);
                }
                return new NDList(manager.create(flat, new Shape(items.length, features[0].length)));
            }

            @Override
            public NDList secondView(NDManager manager, int[] items, ViewSeeds seeds) {
                NDArray x = batch(manager, items, seeds).head();
                return new NDList(x.add(manager.randomNormal(0, 0.05f, x.getShape(), x.getDataType())));
            }
        };
    }

    private static float[][] gaussian(Random random, int rows, int cols, float scale) {
        float[][] x = new float[rows][cols];
        for (float[] row : x) {
            for (int j = 0; j < cols; j++) {
                row[j] = (float) random.nextGaussian() * scale;
            }
        }
        return x;
    }

    private static float[][] project(float[][] z, float[][] w) {
        float[][] out = new float[z.length][w[0].length];
        for (int i = 0; i < z.length; i++) {
            for (int k = 0; k < w.length; k++) {
                for (int j = 0; j < w[0].length; j++) {
                    out[i][j] += z[i][k] * w[k][j];
                }
            }
        }
        return out;
    }

    private static float[][] add(float[][] a, float[][] b) {
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[0].length; j++) {
                a[i][j] += b[i][j];
            }
        }
        return a;
    }
}
