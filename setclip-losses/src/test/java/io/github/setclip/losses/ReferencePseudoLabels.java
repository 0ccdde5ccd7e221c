package io.github.setclip.losses;

import java.util.ArrayList;
import java.util.List;

/**
 * Plain double-precision transcriptions of the pseudo-label definitions in docs/losses.md: Java
 * loops, Sinkhorn in the scaling (not log) domain, no NDArray. The tests hold the batched
 * implementation to them.
 */
final class ReferencePseudoLabels {

    private ReferencePseudoLabels() {}

    /** Sinkhorn-Knopp on {@code K = exp(-C/eps)}: v = b / K^T u, then u = a / K v, per iteration. */
    static double[][] sinkhorn(double[][] cost, double eps, double[] a, double[] b, int iterations) {
        int n = cost.length;
        int m = cost[0].length;
        double[][] kernel = new double[n][m];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                kernel[i][j] = Math.exp(-cost[i][j] / eps);
            }
        }
        double[] u = new double[n];
        java.util.Arrays.fill(u, 1);
        double[] v = new double[m];
        for (int it = 0; it < iterations; it++) {
            for (int j = 0; j < m; j++) {
                double sum = 0;
                for (int i = 0; i < n; i++) {
                    sum += kernel[i][j] * u[i];
                }
                v[j] = b[j] / sum;
            }
            for (int i = 0; i < n; i++) {
                double sum = 0;
                for (int j = 0; j < m; j++) {
                    sum += kernel[i][j] * v[j];
                }
                u[i] = a[i] / sum;
            }
        }
        double[][] plan = new double[n][m];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                plan[i][j] = u[i] * kernel[i][j] * v[j];
            }
        }
        return plan;
    }

    static double[] uniform(int n) {
        double[] x = new double[n];
        java.util.Arrays.fill(x, 1.0 / n);
        return x;
    }

    /**
     * Caption-level targets over the paired rows: the rule applied to {@code <x_u, x_j>} at
     * inverse temperature {@code beta} (the capped logit scale, or 1/T when fixed).
     */
    static double[][] captionTargets(
            PseudoLabelRule rule, double[][] unpaired, double[][] paired, double beta, int iters) {
        int u = unpaired.length;
        int p = paired.length;
        double[][] c = new double[u][p];
        for (int i = 0; i < u; i++) {
            for (int j = 0; j < p; j++) {
                c[i][j] = dot(unpaired[i], paired[j]);
            }
        }
        double[][] q = new double[u][p];
        switch (rule) {
            case HARD_NEAREST -> {
                for (int i = 0; i < u; i++) {
                    q[i][argmax(c[i])] = 1;
                }
            }
            case SOFT_NEAREST -> {
                for (int i = 0; i < u; i++) {
                    double[] row = new double[p];
                    for (int j = 0; j < p; j++) {
                        row[j] = beta * c[i][j];
                    }
                    q[i] = softmax(row);
                }
            }
            case OPTIMAL_TRANSPORT -> {
                double[][] cost = new double[u][p];
                for (int i = 0; i < u; i++) {
                    for (int j = 0; j < p; j++) {
                        cost[i][j] = 1 - c[i][j];
                    }
                }
                double[][] plan = sinkhorn(cost, 1 / beta, uniform(u), uniform(p), iters);
                for (int i = 0; i < u; i++) {
                    double sum = 0;
                    for (int j = 0; j < p; j++) {
                        sum += plan[i][j];
                    }
                    for (int j = 0; j < p; j++) {
                        q[i][j] = plan[i][j] / sum;
                    }
                }
            }
        }
        return q;
    }

    /** {@code 1/U sum_u sum_j -q_uj ln softmax_j(scale <x_u, y_j>)}; 0 when U or P is 0. */
    static double captionLoss(double[][] unpaired, double[][] partners, double[][] q, double scale) {
        int u = unpaired.length;
        if (u == 0 || partners.length == 0) {
            return 0;
        }
        double total = 0;
        for (int i = 0; i < u; i++) {
            double[] z = new double[partners.length];
            for (int j = 0; j < z.length; j++) {
                z[j] = scale * dot(unpaired[i], partners[j]);
            }
            double[] pr = softmax(z);
            for (int j = 0; j < z.length; j++) {
                total -= q[i][j] * Math.log(pr[j]);
            }
        }
        return total / u;
    }

    static double cappedScale(double logScale) {
        return Math.min(Math.exp(logScale), 100);
    }

    /** The keyword partial-label loss, straight from its definition. */
    static double keywordLoss(
            double[][] unpaired, double[][] keywords, double[][] candidates, double scale,
            CandidateWeighting weighting) {
        int u = unpaired.length;
        double total = 0;
        for (int i = 0; i < u; i++) {
            double[] z = new double[keywords.length];
            for (int k = 0; k < z.length; k++) {
                z[k] = scale * dot(unpaired[i], keywords[k]);
            }
            double[] p = softmax(z);
            double inSet = 0;
            double logSum = 0;
            int count = 0;
            for (int k = 0; k < z.length; k++) {
                if (candidates[i][k] == 1) {
                    inSet += p[k];
                    logSum += Math.log(p[k]);
                    count++;
                }
            }
            if (count == 0) {
                continue;
            }
            total += weighting == CandidateWeighting.PREDICTED ? -Math.log(inSet) : -logSum / count;
        }
        return total / u;
    }

    /**
     * S-CLIP's form of the keyword loss: the cross-entropy against fixed targets {@code w} (for
     * PREDICTED, the predictions renormalised on the candidates at some reference point).
     */
    static double keywordSoftCrossEntropy(
            double[][] unpaired, double[][] keywords, double[][] targets, double scale) {
        double total = 0;
        for (int i = 0; i < unpaired.length; i++) {
            double[] z = new double[keywords.length];
            for (int k = 0; k < z.length; k++) {
                z[k] = scale * dot(unpaired[i], keywords[k]);
            }
            double[] p = softmax(z);
            for (int k = 0; k < z.length; k++) {
                if (targets[i][k] != 0) {
                    total -= targets[i][k] * Math.log(p[k]);
                }
            }
        }
        return total / unpaired.length;
    }

    /** The predictions {@code softmax(scale <x_u, w_k>)} restricted to the candidates, renormalised. */
    static double[][] predictedCandidateTargets(
            double[][] unpaired, double[][] keywords, double[][] candidates, double scale) {
        double[][] w = new double[unpaired.length][keywords.length];
        for (int i = 0; i < unpaired.length; i++) {
            double[] z = new double[keywords.length];
            for (int k = 0; k < z.length; k++) {
                z[k] = scale * dot(unpaired[i], keywords[k]);
            }
            double[] p = softmax(z);
            double sum = 0;
            for (int k = 0; k < z.length; k++) {
                sum += candidates[i][k] * p[k];
            }
            for (int k = 0; k < z.length; k++) {
                w[i][k] = sum == 0 ? 0 : candidates[i][k] * p[k] / sum;
            }
        }
        return w;
    }

    /** Row u is the keyword row of the paired item with the largest score (the first on ties). */
    static double[][] keywordCandidates(double[][] scores, double[][] pairedKeywords) {
        double[][] out = new double[scores.length][];
        for (int i = 0; i < scores.length; i++) {
            out[i] = pairedKeywords[argmax(scores[i])].clone();
        }
        return out;
    }

    /** One mined pair. */
    record Pair(int i, int j, double score) {}

    /** Brute-force mutual nearest neighbours with margins, over the full similarity matrix. */
    static List<Pair> mutualNearestNeighbours(double[][] a, double[][] b, double delta) {
        int na = a.length;
        int nb = b.length;
        double[][] c = new double[na][nb];
        for (int i = 0; i < na; i++) {
            for (int j = 0; j < nb; j++) {
                c[i][j] = dot(a[i], b[j]);
            }
        }
        int[] rowArg = new int[na];
        double[] rowMargin = new double[na];
        for (int i = 0; i < na; i++) {
            double[] top = topTwo(c[i]);
            rowArg[i] = (int) top[2];
            rowMargin[i] = top[0] - top[1];
        }
        int[] colArg = new int[nb];
        double[] colMargin = new double[nb];
        for (int j = 0; j < nb; j++) {
            double[] column = new double[na];
            for (int i = 0; i < na; i++) {
                column[i] = c[i][j];
            }
            double[] top = topTwo(column);
            colArg[j] = (int) top[2];
            colMargin[j] = top[0] - top[1];
        }
        List<Pair> pairs = new ArrayList<>();
        for (int i = 0; i < na; i++) {
            int j = rowArg[i];
            if (colArg[j] == i && rowMargin[i] >= delta && colMargin[j] >= delta) {
                pairs.add(new Pair(i, j, Math.min(rowMargin[i], colMargin[j])));
            }
        }
        return pairs;
    }

    /** {best, second best counting repeats (-inf if none), index of the first best}. */
    private static double[] topTwo(double[] x) {
        double best = Double.NEGATIVE_INFINITY;
        double second = Double.NEGATIVE_INFINITY;
        int arg = -1;
        for (int k = 0; k < x.length; k++) {
            if (x[k] > best) {
                second = best;
                best = x[k];
                arg = k;
            } else if (x[k] > second) {
                second = x[k];
            }
        }
        return new double[] {best, second, arg};
    }

    static int argmax(double[] x) {
        int arg = 0;
        for (int k = 1; k < x.length; k++) {
            if (x[k] > x[arg]) {
                arg = k;
            }
        }
        return arg;
    }

    static double[] softmax(double[] z) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) {
            max = Math.max(max, v);
        }
        double sum = 0;
        double[] p = new double[z.length];
        for (int k = 0; k < z.length; k++) {
            p[k] = Math.exp(z[k] - max);
            sum += p[k];
        }
        for (int k = 0; k < z.length; k++) {
            p[k] /= sum;
        }
        return p;
    }

    static double dot(double[] x, double[] y) {
        double sum = 0;
        for (int k = 0; k < x.length; k++) {
            sum += x[k] * y[k];
        }
        return sum;
    }
}
