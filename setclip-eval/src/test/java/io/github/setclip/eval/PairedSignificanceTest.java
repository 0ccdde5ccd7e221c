package io.github.setclip.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.TDistribution;
import org.junit.jupiter.api.Test;

/**
 * Reference values from SciPy 1.17.1. Where differences tie, SciPy's {@code method='exact'} uses the
 * tie-free null distribution (a conservative rounding); the exact conditional distribution this class
 * enumerates is SciPy's {@code method=stats.PermutationMethod()}, which for n <= 13 visits all 2^n
 * sign flips. Commons Math's own Wilcoxon test reproduces only the tie-free, zero-free values here
 * (see the class Javadoc), hence the cases with zeros and ties.
 */
class PairedSignificanceTest {

    private static final double[] A5 = {0.52, 0.55, 0.49, 0.58, 0.51};
    private static final double[] B5 = {0.47, 0.50, 0.48, 0.52, 0.50};

    @Test
    void pairedTMatchesScipyOnFiveSeeds() {
        // python3 -c "from scipy import stats; print(stats.ttest_rel([0.52,0.55,0.49,0.58,0.51],
        //     [0.47,0.50,0.48,0.52,0.50]))" -> statistic 3.3425160871869353, pvalue 0.028768335227557965
        PairedSignificance.Result r = PairedSignificance.pairedT(A5, B5);
        assertEquals("paired-t", r.test());
        assertEquals(3.3425160871869353, r.statistic(), 1e-12);
        assertEquals(0.028768335227557965, r.pValue(), 1e-13);
        assertEquals(5, r.n());
        assertEquals(0.036, r.meanDifference(), 1e-12);
    }

    @Test
    void pairedTMatchesScipyOnThreePairsAndOnATinyPValue() {
        // python3 -c "from scipy import stats; print(stats.ttest_rel([1.0,2.0,4.0],[0.5,2.5,1.0]))"
        //     -> statistic 0.9607689228305228, pvalue 0.43804851305098363
        PairedSignificance.Result r3 = PairedSignificance.pairedT(new double[] {1, 2, 4}, new double[] {0.5, 2.5, 1});
        assertEquals(0.9607689228305228, r3.statistic(), 1e-12);
        assertEquals(0.43804851305098363, r3.pValue(), 1e-13);
        // python3 -c "from scipy import stats; print(stats.ttest_rel([10.1,10.3,10.2,10.4,10.25,10.35,
        //     10.15,10.3],[0,0.1,0.05,0.2,0.1,0.15,0.0,0.12]))"
        //     -> statistic 811.5627961651967, pvalue 1.1389533408774049e-18
        PairedSignificance.Result big = PairedSignificance.pairedT(
                new double[] {10.1, 10.3, 10.2, 10.4, 10.25, 10.35, 10.15, 10.3},
                new double[] {0, 0.1, 0.05, 0.2, 0.1, 0.15, 0.0, 0.12});
        assertEquals(811.5627961651967, big.statistic(), 1e-8);
        assertEquals(1.1389533408774049e-18, big.pValue(), 1e-29);
        // The test is antisymmetric in a and b.
        PairedSignificance.Result swapped = PairedSignificance.pairedT(new double[] {0.5, 2.5, 1}, new double[] {1, 2, 4});
        assertEquals(-r3.statistic(), swapped.statistic(), 1e-12);
        assertEquals(r3.pValue(), swapped.pValue(), 1e-15);
    }

    @Test
    void wilcoxonMatchesScipyOnFiveSeeds() {
        // d = 0.05, 0.05, 0.01, 0.06, 0.01 (as doubles: two exact ties), all positive: R- = 0.
        // python3 -c "from scipy import stats; print(stats.wilcoxon([0.52,0.55,0.49,0.58,0.51],
        //     [0.47,0.50,0.48,0.52,0.50], method='exact'))" -> statistic 0.0, pvalue 0.0625
        // (method=stats.PermutationMethod() gives the same 0.0625 = 2/32)
        PairedSignificance.Result r = PairedSignificance.wilcoxon(A5, B5);
        assertEquals("wilcoxon", r.test());
        assertEquals(0.0, r.statistic());
        assertEquals(0.0625, r.pValue(), 1e-15);
    }

    @Test
    void wilcoxonWithoutTiesMatchesScipyExact() {
        // d = 1, -2, 3, 4, 5, -6, 7, 8, 9, 10: R- = 2 + 6 = 8.
        // python3 -c "from scipy import stats; print(stats.wilcoxon([11,10,14,19,19,7,16,24,21,21],
        //     [10,12,11,15,14,13,9,16,12,11], method='exact'))" -> statistic 8.0, pvalue 0.048828125
        PairedSignificance.Result r = PairedSignificance.wilcoxon(
                new double[] {11, 10, 14, 19, 19, 7, 16, 24, 21, 21},
                new double[] {10, 12, 11, 15, 14, 13, 9, 16, 12, 11});
        assertEquals(8.0, r.statistic());
        assertEquals(0.048828125, r.pValue(), 1e-15); // 50 / 1024
    }

    @Test
    void wilcoxonDropsZerosAndAveragesTiedRanks() {
        // d = 1, 1, 2, -2, 3, 0, 4, 1: the zero is dropped; |d| = 1,1,1 share rank 2, 2 and -2 share
        // 4.5, so R- = 4.5.
        // python3 -c "from scipy import stats; print(stats.wilcoxon([3,5,4,6,7,2,9,8],[2,4,2,8,4,2,5,7],
        //     method=stats.PermutationMethod()))" -> statistic 4.5, pvalue 0.140625
        // (method='exact' rounds the tied statistic and gives the conservative 0.15625)
        PairedSignificance.Result r = PairedSignificance.wilcoxon(
                new double[] {3, 5, 4, 6, 7, 2, 9, 8}, new double[] {2, 4, 2, 8, 4, 2, 5, 7});
        assertEquals(4.5, r.statistic());
        assertEquals(0.140625, r.pValue(), 1e-15); // 18 / 128
        assertEquals(8, r.n());
        assertEquals(10 / 8.0, r.meanDifference(), 1e-15);
    }

    @Test
    void wilcoxonOnThreePairsWithATie() {
        // d = 0.5, -0.5, 3: ranks 1.5, 1.5, 3; R+ = 4.5, R- = 1.5. Of the 8 sign flips 3 reach R+ >= 4.5,
        // so p = 2 * 3/8.
        // python3 -c "from scipy import stats; print(stats.wilcoxon([1.0,2.0,4.0],[0.5,2.5,1.0],
        //     method='exact'))" -> statistic 1.5, pvalue 0.75 (PermutationMethod: 0.75 too)
        PairedSignificance.Result r = PairedSignificance.wilcoxon(new double[] {1, 2, 4}, new double[] {0.5, 2.5, 1});
        assertEquals(1.5, r.statistic());
        assertEquals(0.75, r.pValue(), 1e-15);
    }

    @Test
    void wilcoxonWithTiesOnTenSeedsMatchesTheScipyPermutationTest() {
        // python3 -c "from scipy import stats; print(stats.wilcoxon(
        //     [0.61,0.58,0.66,0.70,0.55,0.63,0.59,0.68,0.62,0.57],
        //     [0.60,0.52,0.65,0.62,0.58,0.55,0.56,0.61,0.64,0.50], method=stats.PermutationMethod()))"
        //     -> statistic 7.5, pvalue 0.04296875
        PairedSignificance.Result r = PairedSignificance.wilcoxon(
                new double[] {0.61, 0.58, 0.66, 0.70, 0.55, 0.63, 0.59, 0.68, 0.62, 0.57},
                new double[] {0.60, 0.52, 0.65, 0.62, 0.58, 0.55, 0.56, 0.61, 0.64, 0.50});
        assertEquals(7.5, r.statistic());
        assertEquals(0.04296875, r.pValue(), 1e-15); // 44 / 1024
    }

    @Test
    void wilcoxonBeyondTwentyPairsUsesTheTieCorrectedNormalApproximation() {
        // python3 -c "import numpy as np; from scipy import stats; rng=np.random.default_rng(7);
        //     b=np.round(rng.normal(0.5,0.05,25),3); a=np.round(b+rng.normal(0.01,0.03,25),3);
        //     print(stats.wilcoxon(a.tolist(), b.tolist(), method='asymptotic'))"
        //     -> statistic 138.5, pvalue 0.5182795039444774
        double[] b = {0.5, 0.515, 0.486, 0.455, 0.477, 0.45, 0.503, 0.567, 0.475, 0.469, 0.524, 0.518,
            0.505, 0.453, 0.499, 0.535, 0.433, 0.477, 0.405, 0.436, 0.408, 0.488, 0.437, 0.514, 0.508};
        double[] a = {0.504, 0.449, 0.48, 0.464, 0.49, 0.414, 0.499, 0.548, 0.461, 0.511, 0.51, 0.527,
            0.542, 0.445, 0.506, 0.548, 0.445, 0.45, 0.417, 0.487, 0.372, 0.524, 0.451, 0.505, 0.578};
        PairedSignificance.Result r = PairedSignificance.wilcoxon(a, b);
        assertEquals(138.5, r.statistic());
        assertEquals(0.5182795039444774, r.pValue(), 1e-13);
        // python3 -c "... print(stats.ttest_rel(a.tolist(), b.tolist()))"
        //     -> statistic 0.6044660401418807, pvalue 0.5512061082853297
        PairedSignificance.Result t = PairedSignificance.pairedT(a, b);
        assertEquals(0.6044660401418807, t.statistic(), 1e-12);
        assertEquals(0.5512061082853297, t.pValue(), 1e-13);
    }

    @Test
    void theCommonsMathTailsBehindThePValuesMatchScipy() {
        // The t and normal tails the tests rely on, at the precision the tests above need.
        // python3 -c "from scipy import stats; print(2*stats.t.cdf(-2.5, 3))" -> 2 * 0.04385332350403278
        assertEquals(2 * 0.04385332350403278, 2 * new TDistribution(null, 3).cumulativeProbability(-2.5), 1e-14);
        // python3 -c "from scipy import stats; print(stats.t.sf(40, 1.5))" -> 0.0014898121954656225
        assertEquals(0.0014898121954656225, new TDistribution(null, 1.5).cumulativeProbability(-40), 1e-15);
        // python3 -c "from scipy import stats; print(stats.t.cdf(0.3, 100))" -> 0.6176000598498482
        assertEquals(0.6176000598498482, new TDistribution(null, 100).cumulativeProbability(0.3), 1e-13);
        // python3 -c "from scipy import stats; print(stats.norm.cdf(1.96))" -> 0.9750021048517795
        NormalDistribution normal = new NormalDistribution(null, 0, 1);
        assertEquals(0.9750021048517795, normal.cumulativeProbability(1.96), 1e-14);
        // python3 -c "from scipy import stats; print(stats.norm.sf(6.0))" -> 9.865876450376946e-10
        assertEquals(9.865876450376946e-10, normal.cumulativeProbability(-6), 1e-22);
    }

    @Test
    void identicalMethodsGivePOne() {
        double[] same = {0.3, 0.4, 0.5};
        assertEquals(1.0, PairedSignificance.pairedT(same, same).pValue());
        assertEquals(0.0, PairedSignificance.pairedT(same, same).statistic());
        assertEquals(1.0, PairedSignificance.wilcoxon(same, same).pValue());
        // A constant non-zero difference is infinitely significant for t.
        PairedSignificance.Result shifted = PairedSignificance.pairedT(new double[] {1, 2, 3}, new double[] {0, 1, 2});
        assertEquals(Double.POSITIVE_INFINITY, shifted.statistic());
        assertEquals(0.0, shifted.pValue());
    }

    @Test
    void rejectsTooFewOrUnpairedOrNonFiniteValues() {
        IllegalArgumentException one = assertThrows(IllegalArgumentException.class,
                () -> PairedSignificance.pairedT(new double[] {1}, new double[] {2}));
        assertTrue(one.getMessage().contains("at least 2"), one.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> PairedSignificance.wilcoxon(new double[] {1, 2}, new double[] {1, 2, 3}));
        assertThrows(IllegalArgumentException.class,
                () -> PairedSignificance.wilcoxon(new double[] {1, Double.NaN}, new double[] {1, 2}));
    }
}
