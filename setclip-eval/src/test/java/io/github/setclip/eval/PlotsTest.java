package io.github.setclip.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;

class PlotsTest {

    @TempDir
    Path dir;

    /** Reads a PNG back and checks its size and that something was drawn. */
    private static BufferedImage readPng(Path png, int width, int height) throws IOException {
        BufferedImage image = ImageIO.read(png.toFile());
        assertNotNull(image, "not a readable image: " + png);
        assertEquals(width, image.getWidth());
        assertEquals(height, image.getHeight());
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < height; y += 3) {
            for (int x = 0; x < width; x += 3) {
                colours.add(image.getRGB(x, y));
            }
        }
        assertTrue(colours.size() > 2, "only " + colours.size() + " colours");
        return image;
    }

    private Path metrics(String... lines) throws IOException {
        Path file = dir.resolve("metrics.jsonl");
        Files.write(file, List.of(lines));
        return file;
    }

    private static final String[] RUN = {
        "{\"type\":\"step\",\"epoch\":1,\"step\":1,\"lr\":0.001,\"total\":3.2,\"cl\":2.1,\"mmd\":0.1,"
                + "\"sdd\":0.01,\"ssl\":1.0,\"samples_per_s\":90.0}",
        "{\"type\":\"step\",\"epoch\":1,\"step\":2,\"lr\":0.001,\"total\":2.9,\"cl\":1.9,\"mmd\":0.09,"
                + "\"sdd\":0.01,\"ssl\":0.9,\"samples_per_s\":95.0,\"future_key\":\"ignored\"}",
        "{\"type\":\"epoch\",\"epoch\":1,\"step\":2,\"grad_norm_cl\":0.5,\"grad_norm_mmd\":0.05,"
                + "\"grad_norm_sdd\":0.0,\"grad_norm_ssl\":0.2,\"kernel_weight_0\":0.5,"
                + "\"kernel_weight_1\":0.5,\"logit_scale\":14.3}",
        "",
        "{\"type\":\"validation\",\"epoch\":1,\"step\":2,\"i2t_R@1\":0.1,\"i2t_R@5\":0.3,"
                + "\"i2t_median_rank\":17,\"t2i_R@1\":0.12}",
        "{\"type\":\"step\",\"epoch\":2,\"step\":3,\"total\":2.5,\"cl\":1.6,\"mmd\":0.08,\"sdd\":0.01,"
                + "\"ssl\":0.8}",
        "{\"type\":\"epoch\",\"epoch\":2,\"step\":3,\"grad_norm_cl\":0.4,\"grad_norm_mmd\":0.04,"
                + "\"grad_norm_sdd\":0.0,\"grad_norm_ssl\":0.1,\"kernel_weight_0\":0.6,"
                + "\"kernel_weight_1\":0.4}",
        "{\"type\":\"validation\",\"epoch\":2,\"step\":3,\"i2t_R@1\":0.2,\"i2t_R@5\":0.4,"
                + "\"i2t_median_rank\":9,\"t2i_R@1\":0.22}",
        "{\"type\":\"run\",\"note\":\"unknown line types are skipped\"}",
    };

    @Test
    void scatterDrawsOneSeriesPerNameInOrderOfAppearance() throws IOException {
        double[][] xy = new double[40][];
        String[] names = new String[40];
        for (int i = 0; i < 40; i++) {
            xy[i] = new double[] {Math.cos(i), Math.sin(i) + (i % 2) * 3};
            names[i] = i % 2 == 0 ? "text" : "image";
        }
        XYChart chart = Plots.scatterChart("PCA", xy, names, 400, 300);
        assertEquals(List.of("text", "image"), List.copyOf(chart.getSeriesMap().keySet()));
        assertEquals(20, chart.getSeriesMap().get("image").getXData().length);
        assertTrue(chart.getStyler().isLegendVisible());
        Path png = dir.resolve("plots/pca.png");
        Plots.scatter(png, "PCA", xy, names, 400, 300);
        readPng(png, 400, 300);
    }

    @Test
    void scatterHidesTheLegendForManyClasses() throws IOException {
        double[][] xy = new double[50][];
        String[] names = new String[50];
        for (int i = 0; i < 50; i++) {
            xy[i] = new double[] {i, i * i};
            names[i] = "class " + (i % 25);
        }
        XYChart chart = Plots.scatterChart("classes", xy, names, 300, 200);
        assertEquals(25, chart.getSeriesMap().size());
        assertFalse(chart.getStyler().isLegendVisible());
        Plots.scatter(dir.resolve("classes.png"), "classes", xy, names, 300, 200);
        readPng(dir.resolve("classes.png"), 300, 200);
        assertThrows(IllegalArgumentException.class, () -> Plots.scatterChart(
                "bad", new double[][] {{0, 0}}, new String[] {"a", "b"}, 300, 200));
    }

    @Test
    void trainingCurvesDrawFourPanelsIntoOneImage() throws IOException {
        Path file = metrics(RUN);
        List<XYChart> panels = Plots.trainingCharts(file);
        assertEquals(List.of("Loss terms", "Validation", "Gradient norm at the embeddings",
                "Kernel weights"), panels.stream().map(XYChart::getTitle).toList());
        XYChart loss = panels.get(0);
        assertEquals(List.of("total", "cl", "mmd", "sdd", "ssl"), List.copyOf(loss.getSeriesMap().keySet()));
        assertEquals(3, loss.getSeriesMap().get("total").getXData().length);
        assertTrue(loss.getStyler().isYAxisLogarithmic());
        // Ranks are left out of the validation panel; the sdd gradient is always 0 (term off).
        assertEquals(Set.of("i2t_R@1", "i2t_R@5", "t2i_R@1"), panels.get(1).getSeriesMap().keySet());
        assertEquals(Set.of("cl", "mmd", "ssl"), panels.get(2).getSeriesMap().keySet());
        assertTrue(panels.get(2).getStyler().isYAxisLogarithmic());
        assertEquals(List.of("kernel 0", "kernel 1"), List.copyOf(panels.get(3).getSeriesMap().keySet()));
        Path png = dir.resolve("curves.png");
        Plots.trainingCurves(file, png);
        readPng(png, 2 * Plots.PANEL_WIDTH, 2 * Plots.PANEL_HEIGHT);
    }

    @Test
    void evaluationsInsideAnEpochGetPointsOfTheirOwnOnTheStepAxis() throws IOException {
        Path file = metrics(RUN[0],
                "{\"type\":\"validation\",\"epoch\":1,\"step\":1,\"i2t_R@1\":0.1}",
                RUN[1],
                "{\"type\":\"validation\",\"epoch\":1,\"step\":2,\"i2t_R@1\":0.2}");
        XYChart validation = Plots.trainingCharts(file).get(1);
        assertEquals("step", validation.getXAxisTitle());
        assertEquals(List.of(1.0, 2.0), java.util.Arrays.stream(validation.getSeriesMap().get("i2t_R@1").getXData())
                .boxed().toList());
        Path old = metrics(RUN[0], "{\"type\":\"validation\",\"epoch\":1,\"i2t_R@1\":0.1}");
        assertEquals("epoch", Plots.trainingCharts(old).get(1).getXAxisTitle(),
                "a file from before records carried their step is drawn by epoch");
    }

    @Test
    void panelsWithoutDataAreSkipped() throws IOException {
        Path file = metrics(RUN[0], RUN[1],
                "{\"type\":\"step\",\"epoch\":1,\"step\":3,\"total\":0.0,\"cl\":0.0}");
        List<XYChart> panels = Plots.trainingCharts(file);
        assertEquals(1, panels.size());
        assertFalse(panels.get(0).getStyler().isYAxisLogarithmic(), "a zero loss forbids a log axis");
        Path png = dir.resolve("steps.png");
        Plots.trainingCurves(file, png);
        readPng(png, Plots.PANEL_WIDTH, Plots.PANEL_HEIGHT);
        Path threePanels = metrics(RUN[0], RUN[2], RUN[4]);
        Plots.trainingCurves(threePanels, png);
        readPng(png, 2 * Plots.PANEL_WIDTH, 2 * Plots.PANEL_HEIGHT);
    }

    @Test
    void aLastLineCutShortWithoutItsNewlineIsLeftOutAsARunKilledMidWriteLeavesIt() throws IOException {
        Path file = dir.resolve("metrics.jsonl");
        Files.writeString(file, RUN[0] + "\n" + RUN[1] + "\n" + "{\"type\":\"step\",\"step\":3,\"tot");
        List<XYChart> panels = Plots.trainingCharts(file);
        assertEquals(2, panels.get(0).getSeriesMap().get("total").getXData().length,
                "the two whole step lines are plotted");
        Files.writeString(file, RUN[0] + "\n" + "{\"type\":\"step\",\"step\":3,\"tot\n" + RUN[1] + "\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Plots.trainingCharts(file));
        assertTrue(e.getMessage().contains("metrics.jsonl, line 2"), "a damaged line inside the file is still an"
                + " error: " + e.getMessage());
    }

    @Test
    void aMissingFileOrMalformedLineIsReportedWithItsName() throws IOException {
        Path missing = dir.resolve("nope.jsonl");
        IOException notFound = assertThrows(IOException.class,
                () -> Plots.trainingCurves(missing, dir.resolve("x.png")));
        assertTrue(notFound.getMessage().contains("nope.jsonl"), notFound.getMessage());
        Path truncated = metrics(RUN[0], RUN[1], "{\"type\":\"step\",\"step\":3,\"total\":");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Plots.trainingCurves(truncated, dir.resolve("x.png")));
        assertTrue(e.getMessage().contains("metrics.jsonl, line 3"), e.getMessage());
        Path noStep = metrics("{\"type\":\"step\",\"total\":1.0}");
        e = assertThrows(IllegalArgumentException.class, () -> Plots.trainingCharts(noStep));
        assertTrue(e.getMessage().contains("line 1") && e.getMessage().contains("\"step\""),
                e.getMessage());
        Path text = metrics("[1, 2]");
        assertThrows(IllegalArgumentException.class, () -> Plots.trainingCharts(text));
        Path nothing = metrics("{\"type\":\"run\"}");
        assertThrows(IllegalArgumentException.class, () -> Plots.trainingCharts(nothing));
        assertFalse(Files.exists(dir.resolve("x.png")));
    }
}
