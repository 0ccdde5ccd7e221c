package io.github.setclip.losses;

/**
 * An independent, deliberately plain double-precision implementation of losses.md: Java loops, no
 * NDArray, no log-sum-exp tricks. The tests hold the NDArray implementation to it.
 */
final class ReferenceLosses {

    private ReferenceLosses() {}

    static double contrastive(double[][] s, double[][] t, int m, double logScale) {
        if (m == 0) {
            return 0;
        }
        double scale = Math.min(Math.exp(logScale), 100);
        double[][] logits = new double[m][m];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                logits[i][j] = scale * dot(s[i], t[j]);
            }
        }
        double rows = 0;
        double cols = 0;
        for (int i = 0; i < m; i++) {
            double rowSum = 0;
            double colSum = 0;
            for (int j = 0; j < m; j++) {
                rowSum += Math.exp(logits[i][j]);
                colSum += Math.exp(logits[j][i]);
            }
            rows += -Math.log(Math.exp(logits[i][i]) / rowSum);
            cols += -Math.log(Math.exp(logits[i][i]) / colSum);
        }
        return 0.5 * (rows / m + cols / m);
    }

    /**
     * CL with the first p rows positive, optional weights, and either the p positive rows or all
     * N rows of the other modality as candidates.
     */
    static double contrastive(
            double[][] s, double[][] t, int p, double[] weights, boolean all, double logScale) {
        return contrastive(s, t, p, weights, all ? s.length : p, all ? s.length : p, logScale);
    }

    /**
     * CL with the first p rows positive, each S row scored against the first {@code tRows} rows of
     * T and each T row against the first {@code sRows} rows of S (S-CLIP's one-sided form: tRows
     * = p, sRows = N).
     */
    static double contrastive(double[][] s, double[][] t, int p, double[] weights, int tRows, int sRows,
            double logScale) {
        double scale = Math.min(Math.exp(logScale), 100);
        double weighted = 0;
        double weightSum = 0;
        for (int i = 0; i < p; i++) {
            double rowSum = 0;
            double colSum = 0;
            for (int j = 0; j < tRows; j++) {
                rowSum += Math.exp(scale * dot(s[i], t[j]));
            }
            for (int j = 0; j < sRows; j++) {
                colSum += Math.exp(scale * dot(t[i], s[j]));
            }
            double target = Math.exp(scale * dot(s[i], t[i]));
            double ceRow = -Math.log(target / rowSum);
            double ceCol = -Math.log(target / colSum);
            double w = weights == null ? 1 : weights[i];
            weighted += w * (ceRow + ceCol);
            weightSum += w;
        }
        return weightSum == 0 ? 0 : 0.5 * weighted / weightSum;
    }

    /** The authors' SDD (spec 3b): summed densities, summed KL, times the inverse spreads. */
    static double sddAuthors(double[][] s, double[][] t, double h) {
        double c = 3 / (16 * 2 * Math.PI * h * h);
        double widthS = 4 * h * h * variance(s);
        double widthT = 4 * h * h * variance(t);
        double total = 0;
        for (double[] z : concat(s, t)) {
            double qs = 0;
            for (double[] x : s) {
                qs += c * Math.exp(-sqDist(z, x) / widthS);
            }
            double qt = 0;
            for (double[] x : t) {
                qt += c * Math.exp(-sqDist(z, x) / widthT);
            }
            total += (qs - qt) * (Math.log(qs) - Math.log(qt));
        }
        return (1 / spread(s) + 1 / spread(t)) * total;
    }

    static double spread(double[][] x) {
        double sum = 0;
        for (int k = 0; k < x[0].length; k++) {
            double max = Double.NEGATIVE_INFINITY;
            double min = Double.POSITIVE_INFINITY;
            for (double[] row : x) {
                max = Math.max(max, row[k]);
                min = Math.min(min, row[k]);
            }
            sum += (max - min) * (max - min);
        }
        return sum;
    }

    /** Per-kernel squared MMDs: Gaussians for j = minJ..maxJ, then the polynomial kernel. */
    static double[] mmdPerKernel(double[][] s, double[][] t, int minJ, int maxJ, boolean poly) {
        int n = s.length;
        double g = mmdBandwidth(s, t);
        int k = maxJ - minJ + 1 + (poly ? 1 : 0);
        double[] out = new double[k];
        for (int u = 0; u < k; u++) {
            double sigma2 = u <= maxJ - minJ ? g * Math.pow(2, minJ + u) : Double.NaN;
            boolean gaussian = u <= maxJ - minJ;
            double ss = 0;
            double tt = 0;
            double st = 0;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    ss += kernel(s[i], s[j], gaussian, sigma2);
                    tt += kernel(t[i], t[j], gaussian, sigma2);
                    st += kernel(s[i], t[j], gaussian, sigma2);
                }
            }
            out[u] = (ss + tt - 2 * st) / ((double) n * n);
        }
        return out;
    }

    /** The MMD bandwidth g: mean squared distance over distinct rows of [S; T]. */
    static double mmdBandwidth(double[][] s, double[][] t) {
        double[][] x = concat(s, t);
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < x.length; j++) {
                if (i != j) {
                    sum += sqDist(x[i], x[j]);
                }
            }
        }
        return sum / ((double) x.length * (x.length - 1));
    }

    static double mmd(double[][] s, double[][] t, double[] logits) {
        double[] perKernel = mmdPerKernel(s, t, -2, 2, true);
        double[] beta = softmax(logits);
        double value = 0;
        for (int u = 0; u < beta.length; u++) {
            value += beta[u] * perKernel[u];
        }
        return value;
    }

    static double sdd(double[][] s, double[][] t, double h, boolean relative, boolean kl) {
        int n = s.length;
        double varS = relative ? variance(s) : 1;
        double varT = relative ? variance(t) : 1;
        double total = 0;
        for (double[] z : concat(s, t)) {
            double ps = density(z, s, h * varS);
            double pt = density(z, t, h * varT);
            total += kl ? (ps - pt) * (Math.log(ps) - Math.log(pt)) : (ps - pt) * (ps - pt);
        }
        return total / (2 * n);
    }

    static double ntXent(double[][] z, double[][] zPlus, double tau) {
        int n = z.length;
        double[][] all = concat(z, zPlus);
        double total = 0;
        for (int a = 0; a < 2 * n; a++) {
            int p = a < n ? a + n : a - n;
            double denominator = 0;
            for (int b = 0; b < 2 * n; b++) {
                if (b != a) {
                    denominator += Math.exp(dot(all[a], all[b]) / tau);
                }
            }
            total += -Math.log(Math.exp(dot(all[a], all[p]) / tau) / denominator);
        }
        return total / (2 * n);
    }

    static double variance(double[][] x) {
        int n = x.length;
        int d = x[0].length;
        double[] mean = new double[d];
        for (double[] row : x) {
            for (int k = 0; k < d; k++) {
                mean[k] += row[k] / n;
            }
        }
        double sum = 0;
        for (double[] row : x) {
            sum += sqDist(row, mean);
        }
        return sum / (n - 1);
    }

    private static double density(double[] z, double[][] set, double width) {
        double sum = 0;
        for (double[] x : set) {
            sum += Math.exp(-sqDist(z, x) / width);
        }
        return sum / set.length;
    }

    private static double kernel(double[] a, double[] b, boolean gaussian, double sigma2) {
        if (gaussian) {
            return Math.exp(-sqDist(a, b) / (2 * sigma2));
        }
        double inner = dot(a, b) + 1;
        return inner * inner;
    }

    static double[] softmax(double[] w) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : w) {
            max = Math.max(max, v);
        }
        double sum = 0;
        double[] out = new double[w.length];
        for (int i = 0; i < w.length; i++) {
            out[i] = Math.exp(w[i] - max);
            sum += out[i];
        }
        for (int i = 0; i < w.length; i++) {
            out[i] /= sum;
        }
        return out;
    }

    static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int k = 0; k < a.length; k++) {
            sum += a[k] * b[k];
        }
        return sum;
    }

    static double sqDist(double[] a, double[] b) {
        double sum = 0;
        for (int k = 0; k < a.length; k++) {
            double diff = a[k] - b[k];
            sum += diff * diff;
        }
        return sum;
    }

    static double[][] concat(double[][] a, double[][] b) {
        double[][] out = new double[a.length + b.length][];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
