package io.github.setclip.eval;

/**
 * The few distribution functions the significance tests need, in plain doubles: Student t and
 * standard normal tail probabilities through the regularised incomplete beta and gamma functions
 * (continued fractions evaluated with the modified Lentz method). Accurate to about 1e-14 relative
 * in the ranges a test meets.
 */
final class Distributions {

    private static final double EPS = 1e-16;
    private static final double TINY = 1e-300;
    private static final int MAX_ITERATIONS = 10_000;
    private static final double HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

    private Distributions() {}

    /** P(|T| >= |t|) for Student's t with {@code df} degrees of freedom: I_{df/(df+t²)}(df/2, 1/2). */
    static double studentTwoSided(double t, double df) {
        if (Double.isNaN(t) || !(df > 0)) {
            return Double.NaN;
        }
        if (Double.isInfinite(t)) {
            return 0;
        }
        return regularizedBeta(df / (df + t * t), df / 2, 0.5);
    }

    /** P(|Z| >= |z|) for a standard normal Z: Q(1/2, z²/2), the regularised upper gamma. */
    static double normalTwoSided(double z) {
        if (Double.isNaN(z)) {
            return Double.NaN;
        }
        return regularizedGammaQ(0.5, z * z / 2);
    }

    /** ln Γ(x) for x > 0: Stirling's series at x + k >= 15, shifted down by the recurrence. */
    static double lnGamma(double x) {
        if (!(x > 0)) {
            throw new IllegalArgumentException("lnGamma needs x > 0, got " + x);
        }
        double shift = 0;
        double y = x;
        while (y < 15) {
            shift += Math.log(y);
            y += 1;
        }
        double inv = 1 / y;
        double inv2 = inv * inv;
        double series = inv * (1.0 / 12 - inv2 * (1.0 / 360 - inv2 * (1.0 / 1260
                - inv2 * (1.0 / 1680 - inv2 * (1.0 / 1188)))));
        return (y - 0.5) * Math.log(y) - y + HALF_LOG_TWO_PI + series - shift;
    }

    /** The regularised incomplete beta function I_x(a, b), for a, b > 0 and 0 <= x <= 1. */
    static double regularizedBeta(double x, double a, double b) {
        if (x <= 0) {
            return 0;
        }
        if (x >= 1) {
            return 1;
        }
        double front = Math.exp(lnGamma(a + b) - lnGamma(a) - lnGamma(b)
                + a * Math.log(x) + b * Math.log1p(-x));
        // The continued fraction converges fast for x < (a+1)/(a+b+2); use the symmetry otherwise.
        if (x < (a + 1) / (a + b + 2)) {
            return front * betaFraction(x, a, b) / a;
        }
        return 1 - front * betaFraction(1 - x, b, a) / b;
    }

    /** Continued fraction of I_x(a, b) (its even and odd steps in one loop), by modified Lentz. */
    private static double betaFraction(double x, double a, double b) {
        double c = 1;
        double d = nonZero(1 - (a + b) * x / (a + 1));
        d = 1 / d;
        double h = d;
        for (int m = 1; m <= MAX_ITERATIONS; m++) {
            int m2 = 2 * m;
            double even = m * (b - m) * x / ((a + m2 - 1) * (a + m2));
            d = 1 / nonZero(1 + even * d);
            c = nonZero(1 + even / c);
            h *= d * c;
            double odd = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1));
            d = 1 / nonZero(1 + odd * d);
            c = nonZero(1 + odd / c);
            double step = d * c;
            h *= step;
            if (Math.abs(step - 1) < EPS) {
                return h;
            }
        }
        throw new ArithmeticException("incomplete beta did not converge for x=" + x + ", a=" + a
                + ", b=" + b);
    }

    /** The regularised upper incomplete gamma function Q(a, x) = Γ(a, x) / Γ(a), for a > 0, x >= 0. */
    static double regularizedGammaQ(double a, double x) {
        if (x <= 0) {
            return 1;
        }
        if (Double.isInfinite(x)) {
            return 0;
        }
        double front = Math.exp(-x + a * Math.log(x) - lnGamma(a));
        if (x < a + 1) {
            // Series for the lower function P: sum_n x^n / (a (a+1) ... (a+n)).
            double term = 1 / a;
            double sum = term;
            for (int n = 1; n <= MAX_ITERATIONS; n++) {
                term *= x / (a + n);
                sum += term;
                if (Math.abs(term) < Math.abs(sum) * EPS) {
                    return 1 - front * sum;
                }
            }
            throw new ArithmeticException("incomplete gamma series did not converge for a=" + a
                    + ", x=" + x);
        }
        // Continued fraction for Q, by modified Lentz.
        double b = x + 1 - a;
        double c = 1 / TINY;
        double d = 1 / b;
        double h = d;
        for (int i = 1; i <= MAX_ITERATIONS; i++) {
            double an = -i * (i - a);
            b += 2;
            d = 1 / nonZero(an * d + b);
            c = nonZero(b + an / c);
            double step = d * c;
            h *= step;
            if (Math.abs(step - 1) < EPS) {
                return front * h;
            }
        }
        throw new ArithmeticException("incomplete gamma fraction did not converge for a=" + a
                + ", x=" + x);
    }

    private static double nonZero(double v) {
        return Math.abs(v) < TINY ? TINY : v;
    }
}
