package io.github.setclip.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class BadRowsTest {

    @Test
    void failingThrowsOnTheFirstBadRowWithItsPlaceAndProblem() {
        BadRows fail = BadRows.fail();
        assertFalse(fail.skips());
        BadInputException e = assertThrows(BadInputException.class, () -> fail.bad("a.csv:4", "empty caption"));
        assertTrue(e.getMessage().startsWith("a.csv:4: empty caption"), e.getMessage());
        assertTrue(e instanceof IllegalArgumentException);
        assertEquals(0, fail.skipped());
        assertEquals("", fail.summary());
    }

    @Test
    void skippingCountsEveryRowAndKeepsTheFirstFewMessages() {
        BadRows skip = BadRows.skip();
        assertTrue(skip.skips());
        assertEquals("", skip.summary());
        skip.bad("a.csv:2", "missing image x.png");
        assertEquals("skipped 1 bad row (first: a.csv:2: missing image x.png)", skip.summary());
        for (int line = 3; line < 10; line++) {
            skip.bad("a.csv:" + line, "empty caption");
        }
        assertEquals(8, skip.skipped());
        List<String> messages = skip.messages();
        assertEquals(BadRows.EXAMPLES, messages.size());
        assertEquals("a.csv:2: missing image x.png", messages.get(0));
        assertEquals("a.csv:6: empty caption", messages.get(4));
        assertEquals(messages, skip.examples());
        assertEquals("skipped 8 bad rows (first: a.csv:2: missing image x.png)", skip.summary());
    }
}
