package io.github.setclip.losses;

import static io.github.setclip.losses.Fixtures.array;
import static io.github.setclip.losses.Fixtures.assertClose;
import static io.github.setclip.losses.Fixtures.scalar;
import static io.github.setclip.losses.SinkhornTest.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class KeywordPartialLabelLossTest {

    private static final double LOG_SCALE = Math.log(4);

    /** Rows with two, one, no, three and all six candidates. */
    private static final double[][] CANDIDATES = {
        {0, 1, 0, 1, 0, 0},
        {0, 0, 1, 0, 0, 0},
        {0, 0, 0, 0, 0, 0},
        {1, 0, 0, 0, 1, 1},
        {1, 1, 1, 1, 1, 1},
    };

    private static NDManager manager;

    private final double[][] unpaired = Fixtures.unitRows(61, 5, 4);
    private final double[][] keywords = Fixtures.unitRows(62, 6, 4);

    @BeforeAll
    static void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    private static NDArray f64(double[][] x) {
        return array(manager, x, DataType.FLOAT64);
    }

    private static NDArray logScale(double l, DataType type) {
        return manager.create(new double[] {l}).toType(type, false);
    }

    private static KeywordPartialLabelLoss loss(CandidateWeighting weighting) {
        return KeywordPartialLabelLoss.builder().optWeighting(weighting).build();
    }

    private double value(CandidateWeighting weighting, double[][] x, double[][] candidates) {
        return scalar(loss(weighting).compute(f64(x), f64(keywords), f64(candidates), logScale(LOG_SCALE, DataType.FLOAT64)));
    }

    @ParameterizedTest
    @EnumSource(CandidateWeighting.class)
    void equalsTheFloat64Reference(CandidateWeighting weighting) {
        double expected =
                ReferencePseudoLabels.keywordLoss(unpaired, keywords, CANDIDATES, 4, weighting);
        assertClose(expected, value(weighting, unpaired, CANDIDATES), 1e-9, weighting + " loss");
    }

    @ParameterizedTest
    @EnumSource(CandidateWeighting.class)
    void aSingleCandidateGivesThePlainCrossEntropy(CandidateWeighting weighting) {
        double[][] x = {unpaired[0]};
        double[][] single = {{0, 0, 0, 0, 1, 0}};
        double[] z = new double[6];
        for (int k = 0; k < 6; k++) {
            z[k] = 4 * ReferencePseudoLabels.dot(x[0], keywords[k]);
        }
        double expected = -Math.log(ReferencePseudoLabels.softmax(z)[4]);
        assertClose(expected, value(weighting, x, single), 1e-12, "single candidate");
    }

    @Test
    void predictedWeightingIsZeroWhenEveryKeywordIsACandidate() {
        double[][] x = {unpaired[4]};
        assertEquals(0.0, value(CandidateWeighting.PREDICTED, x, new double[][] {CANDIDATES[4]}), 1e-15);
    }

    @ParameterizedTest
    @EnumSource(CandidateWeighting.class)
    void rowsWithoutCandidatesAddNothingButCountInU(CandidateWeighting weighting) {
        double[][] withCandidates = Fixtures.rows(unpaired, new int[] {0, 1, 3, 4});
        double[][] theirCandidates = Fixtures.rows(CANDIDATES, new int[] {0, 1, 3, 4});
        double all = value(weighting, unpaired, CANDIDATES);
        double only = value(weighting, withCandidates, theirCandidates);
        assertClose(4 * only, 5 * all, 1e-12, "sums over rows");
    }

    @Test
    void isExactlyZeroWithoutRowsKeywordsOrCandidates() {
        KeywordPartialLabelLoss loss = loss(CandidateWeighting.PREDICTED);
        NDArray l = logScale(LOG_SCALE, DataType.FLOAT64);
        NDArray none = manager.zeros(new Shape(0, 4), DataType.FLOAT64);
        assertEquals(0.0, scalar(loss.compute(none, f64(keywords), manager.zeros(new Shape(0, 6)), l)));
        assertEquals(0.0, scalar(loss.compute(f64(unpaired), none, manager.zeros(new Shape(5, 0)), l)));
        NDArray value = loss.compute(f64(unpaired), f64(keywords), manager.zeros(new Shape(5, 6)), l);
        assertEquals(0.0, scalar(value));
        assertEquals(new Shape(), value.getShape());
    }

    @ParameterizedTest
    @EnumSource(CandidateWeighting.class)
    void gradientsMatchCentralDifferences(CandidateWeighting weighting) {
        KeywordPartialLabelLoss loss = loss(weighting);
        double error =
                GradientCheck.maxRelativeError(
                        manager,
                        List.of(unpaired, keywords, new double[][] {{LOG_SCALE}}),
                        x -> loss.compute(x.get(0), x.get(1), array(x.get(0).getManager(), CANDIDATES, DataType.FLOAT64), x.get(2)));
        assertTrue(error < 1e-6, weighting + " relative gradient error " + error);
    }

    @Test
    void predictedGradientIsThatOfTheCrossEntropyAgainstFixedRenormalisedPredictions() {
        // The S-CLIP form: cross-entropy against p restricted to C and renormalised, held fixed.
        double scale = 4;
        double[][] targets =
                ReferencePseudoLabels.predictedCandidateTargets(unpaired, keywords, CANDIDATES, scale);
        double[][] expected =
                numericGradient(unpaired, x -> ReferencePseudoLabels.keywordSoftCrossEntropy(x, keywords, targets, scale));
        KeywordPartialLabelLoss loss = loss(CandidateWeighting.PREDICTED);
        double[][] actual =
                GradientCheck.autograd(
                        manager,
                        List.of(unpaired, keywords, new double[][] {{LOG_SCALE}}),
                        0,
                        x -> loss.compute(x.get(0), x.get(1), array(x.get(0).getManager(), CANDIDATES, DataType.FLOAT64), x.get(2)));
        assertTrue(GradientCheck.relativeError(expected, actual) < 1e-6, "gradient differs from the S-CLIP form");
    }

    private static double[][] numericGradient(double[][] x, ToDoubleFunction<double[][]> f) {
        double[][] g = new double[x.length][x[0].length];
        for (int i = 0; i < x.length; i++) {
            for (int k = 0; k < x[i].length; k++) {
                double original = x[i][k];
                x[i][k] = original + GradientCheck.STEP;
                double plus = f.applyAsDouble(x);
                x[i][k] = original - GradientCheck.STEP;
                double minus = f.applyAsDouble(x);
                x[i][k] = original;
                g[i][k] = (plus - minus) / (2 * GradientCheck.STEP);
            }
        }
        return g;
    }

    @Test
    void float32AgreesWithTheFloat64Reference() {
        double l = Math.log(1 / 0.07);
        double expected =
                ReferencePseudoLabels.keywordLoss(unpaired, keywords, CANDIDATES, 1 / 0.07, CandidateWeighting.PREDICTED);
        NDArray value =
                loss(CandidateWeighting.PREDICTED)
                        .compute(
                                array(manager, unpaired, DataType.FLOAT32),
                                array(manager, keywords, DataType.FLOAT32),
                                array(manager, CANDIDATES, DataType.FLOAT32),
                                logScale(l, DataType.FLOAT32));
        assertEquals(DataType.FLOAT32, value.getDataType());
        assertClose(expected, scalar(value), 1e-4, "float32 loss");
    }

    @Test
    void acceptsABooleanCandidateMask() {
        NDArray mask = f64(CANDIDATES).eq(1);
        double expected = value(CandidateWeighting.PREDICTED, unpaired, CANDIDATES);
        double actual =
                scalar(loss(CandidateWeighting.PREDICTED)
                        .compute(f64(unpaired), f64(keywords), mask, logScale(LOG_SCALE, DataType.FLOAT64)));
        assertEquals(expected, actual, 0);
    }

    @Test
    void badInputsAreRejectedWithTheirNameAndValue() {
        KeywordPartialLabelLoss loss = loss(CandidateWeighting.PREDICTED);
        NDArray l = logScale(LOG_SCALE, DataType.FLOAT64);
        double[][] halves = {{0.5, 0, 0, 0, 0, 0}, {0, 0, 0, 0, 0, 0}, {0, 0, 0, 0, 0, 0}, {0, 0, 0, 0, 0, 0}, {0, 0, 0, 0, 0, 0}};
        NDArray withNaN = f64(keywords);
        withNaN.set(new ai.djl.ndarray.index.NDIndex("2, 1"), Double.NaN);
        expect("candidates must hold only 0 and 1", () -> loss.compute(f64(unpaired), f64(keywords), f64(halves), l));
        expect("candidates must have shape (U, K) = (5, 6), got (5, 5)",
                () -> loss.compute(f64(unpaired), f64(keywords), manager.zeros(new Shape(5, 5)), l));
        expect("same width d",
                () -> loss.compute(f64(unpaired), manager.zeros(new Shape(6, 3), DataType.FLOAT64), f64(CANDIDATES), l));
        expect("keywords contains NaN", () -> loss.compute(f64(unpaired), withNaN, f64(CANDIDATES), l));
        expect("logScale must hold exactly one value",
                () -> loss.compute(f64(unpaired), f64(keywords), f64(CANDIDATES), manager.zeros(new Shape(0), DataType.FLOAT64)));
        expect("logScale must be float64 like the embeddings, got float32",
                () -> loss.compute(f64(unpaired), f64(keywords), f64(CANDIDATES), logScale(1, DataType.FLOAT32)));
        expect("maxScale must be a positive finite number, got 0.0",
                () -> KeywordPartialLabelLoss.builder().optMaxScale(0));
    }
}
