package io.github.setclip.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class DistributionsTest {

    @Test
    void lnGammaMatchesFactorialsAndTheHalfIntegerValue() {
        assertEquals(0.0, Distributions.lnGamma(1), 1e-14);
        assertEquals(0.0, Distributions.lnGamma(2), 1e-14);
        assertEquals(Math.log(24), Distributions.lnGamma(5), 1e-13);
        assertEquals(Math.log(3628800), Distributions.lnGamma(11), 1e-13);
        assertEquals(0.5 * Math.log(Math.PI), Distributions.lnGamma(0.5), 1e-14); // Γ(1/2) = √π
        assertEquals(Math.log(0.75 * Math.sqrt(Math.PI)), Distributions.lnGamma(2.5), 1e-14);
        // 100! by summing logs.
        double log100 = 0;
        for (int k = 2; k <= 100; k++) {
            log100 += Math.log(k);
        }
        assertEquals(log100, Distributions.lnGamma(101), 1e-11);
    }

    @Test
    void incompleteBetaHasClosedFormsForSmallParameters() {
        // I_x(1, 1) = x; I_x(2, 1) = x²; I_x(1, 3) = 1 - (1-x)³; I_x(1/2, 1/2) = (2/π) asin(√x).
        assertEquals(0.3, Distributions.regularizedBeta(0.3, 1, 1), 1e-14);
        assertEquals(0.09, Distributions.regularizedBeta(0.3, 2, 1), 1e-14);
        assertEquals(1 - Math.pow(0.7, 3), Distributions.regularizedBeta(0.3, 1, 3), 1e-14);
        assertEquals(2 / Math.PI * Math.asin(Math.sqrt(0.8)),
                Distributions.regularizedBeta(0.8, 0.5, 0.5), 1e-13);
    }

    @Test
    void tailProbabilitiesMatchScipy() {
        // python3 -c "from scipy import stats; print(2*stats.t.cdf(-2.5, 3))" -> 2 * 0.04385332350403278
        assertEquals(2 * 0.04385332350403278, Distributions.studentTwoSided(2.5, 3), 1e-14);
        // python3 -c "from scipy import stats; print(stats.t.sf(40, 1.5))" -> 0.0014898121954656225
        assertEquals(2 * 0.0014898121954656225, Distributions.studentTwoSided(-40, 1.5), 1e-15);
        // python3 -c "from scipy import stats; print(stats.t.cdf(0.3, 100))" -> 0.6176000598498482
        assertEquals(2 * (1 - 0.6176000598498482), Distributions.studentTwoSided(0.3, 100), 1e-13);
        // Cauchy (df = 1): P(|T| >= 1) = 1/2.
        assertEquals(0.5, Distributions.studentTwoSided(1, 1), 1e-14);
        // python3 -c "from scipy import stats; print(stats.norm.cdf(1.96))" -> 0.9750021048517795
        assertEquals(2 * (1 - 0.9750021048517795), Distributions.normalTwoSided(1.96), 1e-14);
        // python3 -c "from scipy import stats; print(stats.norm.sf(6.0))" -> 9.865876450376946e-10
        assertEquals(2 * 9.865876450376946e-10, Distributions.normalTwoSided(-6), 1e-22);
        assertEquals(1.0, Distributions.normalTwoSided(0), 1e-15);
    }
}
