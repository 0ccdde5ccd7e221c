package io.github.setclip.eval;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.stat.inference.TTest;
import org.apache.commons.math3.stat.ranking.NaNStrategy;
import org.apache.commons.math3.stat.ranking.NaturalRanking;
import org.apache.commons.math3.stat.ranking.TiesStrategy;

/**
 * Two-sided significance tests for paired measurements, e.g. one metric of two methods over the same
 * seeds: {@code a[i]} and {@code b[i]} come from seed i. Both test whether the differences
 * {@code a[i] - b[i]} are centred on zero, and agree with SciPy's {@code ttest_rel} and
 * {@code wilcoxon}.
 *
 * <p>The t-test, the ranking and the normal tail come from Apache Commons Math. The Wilcoxon
 * p-value itself stays here because Commons Math's {@code WilcoxonSignedRankTest} (3.6.1) gives
 * other answers than SciPy's reference values: it ranks zero differences and counts them in R-
 * (SciPy and Wilcoxon drop them: 0.078125 instead of 0.140625), its exact p-value uses the tie-free
 * null distribution of integer ranks (0.5 instead of 0.75 on d = 0.5, -0.5, 3), and its normal
 * approximation has a continuity correction and no tie correction. What remains here is the exact
 * conditional null distribution under ties (an enumeration of the 2^m sign flips) and the
 * tie-corrected variance.
 */
public final class PairedSignificance {

    /** Up to this many non-zero differences the Wilcoxon p-value is exact; beyond, normal. */
    static final int EXACT_LIMIT = 20;

    private static final NormalDistribution STANDARD_NORMAL = new NormalDistribution(null, 0, 1);

    private PairedSignificance() {}

    /**
     * Student's paired t-test: t = mean(d) / (sd(d) / √n) with the sample standard deviation, on
     * n - 1 degrees of freedom; the two-sided p-value comes from the t distribution.
     *
     * @param a first method's values, one per pair
     * @param b second method's values, the same length
     * @return the t statistic and p-value; when every difference is zero, t = 0 and p = 1
     * @throws IllegalArgumentException for fewer than 2 pairs, unequal lengths or non-finite values
     */
    public static Result pairedT(double[] a, double[] b) {
        double[] d = differences(a, b);
        int n = d.length;
        double mean = Arrays.stream(d).average().orElseThrow();
        if (Arrays.stream(d).allMatch(x -> x == d[0])) {
            // Constant differences (sd = 0): no difference at all, or a difference without any noise.
            return mean == 0
                    ? new Result("paired-t", 0, 1, n, mean)
                    : new Result("paired-t", Math.copySign(Double.POSITIVE_INFINITY, mean), 0, n, mean);
        }
        TTest test = new TTest();
        return new Result("paired-t", test.pairedT(a, b), test.pairedTTest(a, b), n, mean);
    }

    /**
     * Wilcoxon's signed-rank test. Zero differences are dropped; the others are ranked by absolute
     * value, ties getting their average rank. The statistic is min(R+, R-), the smaller of the rank
     * sums of the positive and the negative differences. With m <= 20 non-zero differences the
     * p-value is exact: the share of all 2^m sign assignments whose R+ is at least as extreme, doubled
     * (exact also under ties, like SciPy's permutation method). Beyond, it is the normal
     * approximation with the tie-corrected variance and no continuity correction.
     *
     * @param a first method's values, one per pair
     * @param b second method's values, the same length
     * @return the statistic min(R+, R-) and p-value; when every difference is zero, 0 and p = 1
     * @throws IllegalArgumentException for fewer than 2 pairs, unequal lengths or non-finite values
     */
    public static Result wilcoxon(double[] a, double[] b) {
        double[] all = differences(a, b);
        double meanDifference = Arrays.stream(all).average().orElseThrow();
        double[] d = Arrays.stream(all).filter(x -> x != 0).toArray();
        int m = d.length;
        if (m == 0) {
            return new Result("wilcoxon", 0, 1, all.length, meanDifference);
        }
        double[] ranks = new NaturalRanking(NaNStrategy.FAILED, TiesStrategy.AVERAGE)
                .rank(Arrays.stream(d).map(Math::abs).toArray());
        long[] doubledRanks = new long[m]; // twice the average ranks: integers even under ties
        long plus = 0;
        for (int i = 0; i < m; i++) {
            doubledRanks[i] = Math.round(2 * ranks[i]);
            if (d[i] > 0) {
                plus += doubledRanks[i];
            }
        }
        long total = (long) m * (m + 1);
        double statistic = Math.min(plus, total - plus) / 2.0;
        double p;
        if (m <= EXACT_LIMIT) {
            p = exactP(doubledRanks, plus);
        } else {
            double variance = m * (m + 1.0) * (2 * m + 1) / 24 - tieTerms(ranks) / 48.0;
            double z = (plus / 2.0 - m * (m + 1.0) / 4) / Math.sqrt(variance);
            p = 2 * STANDARD_NORMAL.cumulativeProbability(-Math.abs(z));
        }
        return new Result("wilcoxon", statistic, p, all.length, meanDifference);
    }

    /** Sum over the groups of tied ranks of (t³ - t), t being the group's size. */
    private static long tieTerms(double[] ranks) {
        Map<Double, Long> sizes = new HashMap<>();
        for (double r : ranks) {
            sizes.merge(r, 1L, Long::sum);
        }
        return sizes.values().stream().mapToLong(t -> t * t * t - t).sum();
    }

    /**
     * Two-sided exact p of an observed (doubled) R+ over all sign assignments, visited in Gray-code
     * order so that each step flips one sign.
     */
    private static double exactP(long[] doubledRanks, long observed) {
        int m = doubledRanks.length;
        long assignments = 1L << m;
        long atMost = 0;
        long atLeast = 0;
        long sum = 0; // R+ (doubled) of the current assignment; the empty one has R+ = 0
        long gray = 0;
        for (long k = 0; k < assignments; k++) {
            if (k > 0) {
                int bit = Long.numberOfTrailingZeros(k);
                sum += (gray >> bit & 1) == 0 ? doubledRanks[bit] : -doubledRanks[bit];
                gray ^= 1L << bit;
            }
            if (sum <= observed) {
                atMost++;
            }
            if (sum >= observed) {
                atLeast++;
            }
        }
        return Math.min(1, 2.0 * Math.min(atMost, atLeast) / assignments);
    }

    private static double[] differences(double[] a, double[] b) {
        if (a == null || b == null || a.length != b.length) {
            throw new IllegalArgumentException("a and b must be paired arrays of equal length, got "
                    + (a == null ? "null" : a.length) + " and " + (b == null ? "null" : b.length));
        }
        if (a.length < 2) {
            throw new IllegalArgumentException("a paired test needs at least 2 pairs, got " + a.length);
        }
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            if (!Double.isFinite(a[i]) || !Double.isFinite(b[i])) {
                throw new IllegalArgumentException("pair " + i + " is not finite: " + a[i] + ", " + b[i]);
            }
            d[i] = a[i] - b[i];
        }
        return d;
    }

    /**
     * Outcome of a paired test.
     *
     * @param test "paired-t" or "wilcoxon"
     * @param statistic t, or Wilcoxon's min(R+, R-)
     * @param pValue two-sided p-value
     * @param n number of pairs (including any with zero difference)
     * @param meanDifference mean of a[i] - b[i] over all pairs
     */
    public record Result(String test, double statistic, double pValue, int n, double meanDifference) {}
}
