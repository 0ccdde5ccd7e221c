package io.github.setclip.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {

    @TempDir
    Path dir;

    private static Map<String, Double> metrics(Object... nameValue) {
        Map<String, Double> map = new LinkedHashMap<>();
        for (int i = 0; i < nameValue.length; i += 2) {
            map.put((String) nameValue[i], (Double) nameValue[i + 1]);
        }
        return map;
    }

    private static Report sample() {
        return new Report()
                .add("retrieval", metrics("i2t_R@1", 0.123456, "i2t_median_rank", 12.0))
                .add("zero-shot", metrics("top1", 0.5, "top5", 0.98765))
                .add("retrieval", metrics("t2i_R@1", 0.25, "i2t_R@1", 0.2)); // merges, replaces
    }

    @Test
    void markdownHasOneTablePerSectionWithFourSignificantDigits() {
        String expected = """
                # Run 7

                ## retrieval

                | metric | value |
                |---|---:|
                | i2t_R@1 | 0.2000 |
                | i2t_median_rank | 12.00 |
                | t2i_R@1 | 0.2500 |

                ## zero-shot

                | metric | value |
                |---|---:|
                | top1 | 0.5000 |
                | top5 | 0.9877 |
                """;
        assertEquals(expected, sample().toMarkdown("Run 7"));
    }

    @Test
    void markdownFileHoldsTheSameText() throws IOException {
        Path file = dir.resolve("out/report.md");
        sample().writeMarkdown(file, "Run 7");
        assertEquals(sample().toMarkdown("Run 7"), Files.readString(file));
    }

    @Test
    void jsonNestsMetricsUnderTheirSection() throws IOException {
        Path file = dir.resolve("report.json");
        sample().add("geometry", metrics("gap", Double.NaN)).writeJson(file);
        String expected = """
                {
                  "retrieval": {
                    "i2t_R@1": 0.2,
                    "i2t_median_rank": 12,
                    "t2i_R@1": 0.25
                  },
                  "zero-shot": {
                    "top1": 0.5,
                    "top5": 0.98765
                  },
                  "geometry": {
                    "gap": NaN
                  }
                }
                """;
        assertEquals(expected, Files.readString(file).replace(System.lineSeparator(), "\n"));
    }

    @Test
    void valuesKeepFourSignificantDigitsAcrossMagnitudes() {
        assertEquals("0.1235", Report.format(0.123456));
        assertEquals("-3.215", Report.format(-3.21456));
        assertEquals("0.0001235", Report.format(0.00012345678));
        assertEquals("1.235e-07", Report.format(1.23456e-7));
        assertEquals("70000", Report.format(70000));
        assertEquals("1235000", Report.format(1234567));
        assertEquals("1.000", Report.format(1));
        assertEquals("0", Report.format(0));
        assertEquals("NaN", Report.format(Double.NaN));
        assertEquals("-inf", Report.format(Double.NEGATIVE_INFINITY));
    }

    @Test
    void rejectsNullValues() {
        assertThrows(IllegalArgumentException.class,
                () -> new Report().add("s", metrics("m", null)));
    }
}
