package io.github.setclip.data.captions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class CsvRecordsTest {

    private static List<String> fields(String line) {
        List<CsvRecords.Row> rows = CsvRecords.parse(line);
        assertEquals(1, rows.size(), "one record in " + line);
        assertFalse(rows.get(0).malformed(), rows.get(0).problem());
        return rows.get(0).fields();
    }

    @Test
    void splitsFieldsLikeRfc4180() {
        assertEquals(List.of("a", "", "c", ""), fields("a,,c,"));
        assertEquals(List.of("x,y", "say \"hi\""), fields("\"x,y\",\"say \"\"hi\"\"\""));
        assertEquals(List.of("a 5\" screen", "b"), fields("a 5\" screen,b"), "a quote inside an unquoted field");
        assertEquals(List.of("spaced, quoted", "z"), fields("  \"spaced, quoted\"  , z "));
    }

    @Test
    void skipsBlankLinesAndNamesEachRecordByTheLineItStartsOn() {
        List<CsvRecords.Row> rows = CsvRecords.parse("h1,h2\n\n   \na,\"two\r\nlines\"\r\nb,c\rd,e\n");
        assertEquals(List.of(1, 4, 6, 7), rows.stream().map(CsvRecords.Row::line).toList());
        assertEquals(List.of("a", "two\r\nlines"), rows.get(1).fields());
        assertEquals(List.of("d", "e"), rows.get(3).fields());
        assertEquals(List.of(), CsvRecords.parse(""));
        assertEquals(List.of(), CsvRecords.parse("\n \n"));
    }

    @Test
    void aQuoteThatNeverClosesIsOneMalformedRowAndReadingGoesOnAtTheNextLine() {
        List<CsvRecords.Row> rows = CsvRecords.parse("a,\"open\nb,c\nd,e");
        assertEquals(3, rows.size());
        assertEquals(1, rows.get(0).line());
        assertTrue(rows.get(0).malformed());
        assertTrue(rows.get(0).problem().startsWith("unterminated quoted field (no closing quote before the end"),
                rows.get(0).problem());
        assertEquals(List.of("b", "c"), rows.get(1).fields());
        assertEquals(3, rows.get(2).line());
        assertEquals(List.of("d", "e"), rows.get(2).fields());
    }

    @Test
    void textAfterAClosingQuoteIsNamedOnItsLineOrOnTheLineWhereTheQuoteOpened() {
        List<CsvRecords.Row> same = CsvRecords.parse("x,\"quoted\"tail\ny,z");
        assertTrue(same.get(0).problem().startsWith("text after the closing quote"), same.get(0).problem());
        assertEquals(List.of("y", "z"), same.get(1).fields());

        List<CsvRecords.Row> later = CsvRecords.parse("h\nx,\"open\ny,z\nw,\"q\"tail\nv,u");
        assertEquals(List.of(1, 2, 3, 4, 5), later.stream().map(CsvRecords.Row::line).toList());
        assertTrue(later.get(1).problem().startsWith("unterminated quoted field"), later.get(1).problem());
        assertTrue(later.get(1).problem().contains("ends on line 4"), later.get(1).problem());
        assertEquals(List.of("y", "z"), later.get(2).fields());
        assertTrue(later.get(3).problem().startsWith("text after the closing quote"), later.get(3).problem());
        assertEquals(List.of("v", "u"), later.get(4).fields());
    }
}
