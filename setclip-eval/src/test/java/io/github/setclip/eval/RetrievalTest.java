package io.github.setclip.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RetrievalTest {

    private static NDManager manager;

    @BeforeAll
    static void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    private static NDArray matrix(float[][] rows) {
        return Matrices.of(manager, rows);
    }

    @Test
    void ranksAreOnePlusTheItemsScoringHigherThanTheBestPartner() {
        // Query 0: partner 0 ranked 1st. Query 1: partner 2 ranked 3rd. Query 2: partner 1 ranked 2nd.
        NDArray sim = matrix(new float[][] {
            {0.9f, 0.1f, 0.2f}, {0.8f, 0.7f, 0.1f}, {0.5f, 0.4f, 0.3f}});
        NDArray partners = matrix(new float[][] {{1, 0, 0}, {0, 0, 1}, {0, 1, 0}});
        Retrieval.Result r = Retrieval.rank(sim, partners);
        assertEquals(1 / 3.0, r.recallAt1(), 1e-12);
        assertEquals(1.0, r.recallAt5(), 1e-12);
        assertEquals(2.0, r.medianRank());
        assertEquals(2.0, r.meanRank(), 1e-12);
    }

    @Test
    void tiesCountInTheQuerysFavour() {
        NDArray sim = matrix(new float[][] {{0.5f, 0.5f, 0.5f}});
        NDArray partners = matrix(new float[][] {{0, 0, 1}});
        assertEquals(1.0, Retrieval.rank(sim, partners).recallAt1());
    }

    @Test
    void anyOfSeveralPartnersIsAHit() {
        NDArray sim = matrix(new float[][] {{0.1f, 0.9f, 0.2f, 0.8f}});
        NDArray partners = matrix(new float[][] {{1, 0, 0, 1}}); // best partner (0.8) is 2nd
        Retrieval.Result r = Retrieval.rank(sim, partners);
        assertEquals(0.0, r.recallAt1());
        assertEquals(2.0, r.meanRank());
    }

    @Test
    void bothDirectionsUseTheTransposedPartners() {
        NDArray s = matrix(new float[][] {{1, 0}, {0, 1}});
        NDArray t = matrix(new float[][] {{0, 1}, {1, 0}, {0.9f, 0.1f}});
        // s0 pairs with t0 and t2; s1 with t1.
        NDArray partners = matrix(new float[][] {{1, 0, 1}, {0, 1, 0}});
        Retrieval.Bidirectional both = Retrieval.between(s, t, partners);
        assertEquals(2, both.sToT().queries());
        assertEquals(3, both.tToS().queries());
        // s0: sims 0, 1, 0.9; best partner t2 ranks 2nd. s1: sims 1, 0, 0.1; t1 ranks 3rd.
        assertEquals(2.5, both.sToT().meanRank(), 1e-12);
        // t0 -> s0 scores 0 < s1's 1: rank 2; t1 -> s1 scores 0 < s0's 1: rank 2; t2 -> s0: rank 1.
        assertEquals(5 / 3.0, both.tToS().meanRank(), 1e-12);
        NDArray lonely = matrix(new float[][] {{1, 0, 0}, {0, 0, 1}}); // t1 has no partner
        assertThrows(IllegalArgumentException.class, () -> Retrieval.between(s, t, lonely));
    }

    @Test
    void blocksOfQueryRowsGiveTheSameRanksAsOnePass() {
        java.util.Random random = new java.util.Random(9);
        int q = 2500;
        int g = 40;
        float[] sim = new float[q * g];
        float[] partners = new float[q * g];
        long[] expected = new long[q];
        for (int i = 0; i < q; i++) {
            for (int j = 0; j < g; j++) {
                sim[i * g + j] = random.nextInt(20); // many ties
            }
            int partner = random.nextInt(g);
            partners[i * g + partner] = 1;
            long higher = 0;
            for (int j = 0; j < g; j++) {
                higher += sim[i * g + j] > sim[i * g + partner] ? 1 : 0;
            }
            expected[i] = higher + 1;
        }
        Retrieval.Result result = Retrieval.rank(manager.create(sim, new Shape(q, g)),
                manager.create(partners, new Shape(q, g)));
        assertEquals(Retrieval.Result.of(expected), result);
    }
}
