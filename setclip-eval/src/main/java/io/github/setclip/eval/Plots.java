package io.github.setclip.eval;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** PNG charts of evaluation results and training runs, drawn with XChart. */
public final class Plots {

    /** Size of one panel of {@link #trainingCurves}, in pixels. */
    static final int PANEL_WIDTH = 640;
    static final int PANEL_HEIGHT = 420;
    /** With more series than this a scatter plot has no legend (it would cover the plot). */
    static final int MAX_LEGEND_SERIES = 20;

    /** Loss terms of a step line, in plotting order. */
    private static final List<String> LOSS_TERMS = List.of("total", "cl", "mmd", "sdd", "ssl");
    /** Validation metrics on the [0, 1] scale: recall at k and top-k accuracy. */
    private static final Pattern SHARE_METRIC = Pattern.compile(".*(R@\\d+|top\\d+)");
    private static final String GRAD_NORM = "grad_norm_";
    private static final String KERNEL_WEIGHT = "kernel_weight_";

    private Plots() {}

    /**
     * A scatter plot with one coloured series per distinct name, e.g. the 2-D PCA of both
     * modalities, or of one modality by class.
     *
     * @param png the PNG file to write; missing parent directories are created
     * @param title chart title
     * @param xy (N, 2) point coordinates, finite
     * @param series N series names, point i belonging to series[i]; series are ordered by first
     *     appearance, and the legend is hidden beyond 20 of them
     * @param width image width in pixels
     * @param height image height in pixels
     * @throws IOException if the file cannot be written
     */
    public static void scatter(Path png, String title, double[][] xy, String[] series, int width,
            int height) throws IOException {
        XYChart chart = scatterChart(title, xy, series, width, height);
        createParent(png);
        try (OutputStream out = Files.newOutputStream(png)) {
            BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
        }
    }

    static XYChart scatterChart(String title, double[][] xy, String[] series, int width, int height) {
        if (xy.length == 0 || xy.length != series.length) {
            throw new IllegalArgumentException("need one series name per point and at least one"
                    + " point, got " + xy.length + " points and " + series.length + " names");
        }
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("image size must be positive, got " + width + "x" + height);
        }
        Map<String, Points> groups = new LinkedHashMap<>();
        for (int i = 0; i < xy.length; i++) {
            if (xy[i].length != 2 || !Double.isFinite(xy[i][0]) || !Double.isFinite(xy[i][1])) {
                throw new IllegalArgumentException("point " + i + " must be 2 finite coordinates");
            }
            groups.computeIfAbsent(series[i], s -> new Points()).add(xy[i][0], xy[i][1]);
        }
        XYChart chart = new XYChartBuilder().width(width).height(height).title(title).build();
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setMarkerSize(4);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setLegendVisible(groups.size() <= MAX_LEGEND_SERIES);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        groups.forEach((name, points) -> points.addTo(chart, name, SeriesMarkers.CIRCLE));
        return chart;
    }

    /**
     * Draws the curves of a training run into one PNG: a grid of up to four panels (two per row,
     * each 640 x 420), of which those without data are left out:
     *
     * <ol>
     *   <li>loss terms (total, cl, mmd, sdd, ssl) per step, from {@code "type":"step"} lines; log
     *       y-axis when every value is positive;
     *   <li>validation recall and accuracy ({@code ...R@k}, {@code ...topk}) per evaluation, from
     *       {@code "type":"validation"} lines (ranks are on another scale and left out);
     *   <li>each term's gradient norm at the embeddings ({@code grad_norm_<term>}) per epoch, from
     *       {@code "type":"epoch"} lines, log y-axis; terms that are always 0 (switched off) are left
     *       out;
     *   <li>the kernel weights ({@code kernel_weight_<k>}) per epoch, from the same lines.
     * </ol>
     *
     * Other keys and line types are ignored, as are blank lines, non-finite values and a last line
     * without its newline that is not a whole record (a run being written, or killed mid-line).
     *
     * @param metricsJsonl the run's metrics file, one JSON object per line
     * @param png the PNG file to write; missing parent directories are created
     * @throws IOException if the metrics file is missing or unreadable, or the PNG cannot be written
     * @throws IllegalArgumentException for a malformed line (naming file and line number), or a file
     *     without anything to draw
     */
    public static void trainingCurves(Path metricsJsonl, Path png) throws IOException {
        List<XYChart> panels = trainingCharts(metricsJsonl);
        int columns = panels.size() == 1 ? 1 : 2;
        int rows = (panels.size() + 1) / 2;
        BufferedImage image = new BufferedImage(columns * PANEL_WIDTH, rows * PANEL_HEIGHT,
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            for (int i = 0; i < panels.size(); i++) {
                g.drawImage(BitmapEncoder.getBufferedImage(panels.get(i)), (i % columns) * PANEL_WIDTH,
                        (i / columns) * PANEL_HEIGHT, null);
            }
        } finally {
            g.dispose();
        }
        createParent(png);
        if (!javax.imageio.ImageIO.write(image, "png", png.toFile())) {
            throw new IOException("no PNG writer available for " + png);
        }
    }

    /** The panels of {@link #trainingCurves}, those with data only. */
    static List<XYChart> trainingCharts(Path metricsJsonl) throws IOException {
        if (!Files.isRegularFile(metricsJsonl)) {
            throw new NoSuchFileException(metricsJsonl.toString(), null, "no metrics file");
        }
        Map<String, Points> losses = new LinkedHashMap<>();
        Map<String, Points> validation = new LinkedHashMap<>();
        Map<String, Points> gradients = new LinkedHashMap<>();
        Map<String, Points> kernels = new LinkedHashMap<>();
        boolean[] byEpoch = {false};
        String text = Files.readString(metricsJsonl);
        // A run being written, or killed mid-write, can end in a line without its newline.
        boolean unterminated = !text.isEmpty() && !text.endsWith("\n");
        String[] lines = text.split("\r?\n", -1);
        int number = 0;
        for (String line : lines) {
            number++;
            if (line.isBlank()) {
                continue;
            }
            if (unterminated && number == lines.length && !isJsonObject(line)) {
                break; // cut short: plotted without it
            }
            try {
                JsonObject record = parse(line);
                String type = record.has("type") && record.get("type").isJsonPrimitive()
                        ? record.get("type").getAsString() : "";
                switch (type) {
                    case "step" -> {
                        double step = number(record, "step", true);
                        for (String term : LOSS_TERMS) {
                            collect(losses, term, step, record, term);
                        }
                    }
                    case "validation" -> {
                        double epoch = x(record, byEpoch);
                        for (String key : record.keySet()) {
                            if (SHARE_METRIC.matcher(key).matches()) {
                                collect(validation, key, epoch, record, key);
                            }
                        }
                    }
                    case "epoch" -> {
                        double epoch = x(record, byEpoch);
                        for (String key : record.keySet()) {
                            if (key.startsWith(GRAD_NORM)) {
                                collect(gradients, key.substring(GRAD_NORM.length()), epoch, record, key);
                            } else if (key.startsWith(KERNEL_WEIGHT)) {
                                collect(kernels, "kernel " + key.substring(KERNEL_WEIGHT.length()),
                                        epoch, record, key);
                            }
                        }
                    }
                    default -> { } // another kind of line
                }
            } catch (JsonParseException | IllegalArgumentException | IllegalStateException e) {
                throw new IllegalArgumentException(metricsJsonl + ", line " + number
                        + ": malformed metrics line: " + e.getMessage(), e);
            }
        }
        gradients.values().removeIf(Points::allZero);
        List<XYChart> panels = new ArrayList<>();
        addPanel(panels, "Loss terms", "step", "loss", losses, SeriesMarkers.NONE, allPositive(losses));
        String x = byEpoch[0] ? "epoch" : "step";
        addPanel(panels, "Validation", x, "share", validation, SeriesMarkers.CIRCLE, false);
        addPanel(panels, "Gradient norm at the embeddings", x, "norm", gradients,
                SeriesMarkers.CIRCLE, allPositive(gradients));
        addPanel(panels, "Kernel weights", x, "weight", kernels, SeriesMarkers.CIRCLE, false);
        if (panels.isEmpty()) {
            throw new IllegalArgumentException(metricsJsonl + ": no step, validation or epoch metrics"
                    + " to plot");
        }
        return panels;
    }

    /**
     * Where a validation or epoch record goes on the x-axis: its optimiser step (so that
     * evaluations inside an epoch, {@code --eval-every}, get points of their own, on the loss
     * panel's axis), or its epoch for a file written before records carried steps, which then
     * sets {@code byEpoch[0]}.
     */
    private static double x(JsonObject record, boolean[] byEpoch) {
        if (record.has("step")) {
            return number(record, "step", true);
        }
        byEpoch[0] = true;
        return number(record, "epoch", true);
    }

    private static boolean isJsonObject(String line) {
        try {
            parse(line);
            return true;
        } catch (JsonParseException | IllegalArgumentException | IllegalStateException e) {
            return false;
        }
    }

    private static JsonObject parse(String line) {
        JsonElement element = JsonParser.parseString(line);
        if (!element.isJsonObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        return element.getAsJsonObject();
    }

    /** A numeric field; NaN if absent and not required. */
    private static double number(JsonObject record, String key, boolean required) {
        JsonElement value = record.get(key);
        if (value == null || value.isJsonNull()) {
            if (required) {
                throw new IllegalArgumentException("missing \"" + key + "\"");
            }
            return Double.NaN;
        }
        if (!value.isJsonPrimitive() || !((JsonPrimitive) value).isNumber()) {
            throw new IllegalArgumentException("\"" + key + "\" is not a number: " + value);
        }
        return value.getAsDouble();
    }

    private static void collect(Map<String, Points> series, String name, double x, JsonObject record,
            String key) {
        double y = number(record, key, false);
        if (Double.isFinite(x) && Double.isFinite(y)) {
            series.computeIfAbsent(name, n -> new Points()).add(x, y);
        }
    }

    private static boolean allPositive(Map<String, Points> series) {
        return series.values().stream().allMatch(Points::allPositive);
    }

    private static void addPanel(List<XYChart> panels, String title, String xTitle, String yTitle,
            Map<String, Points> series, Marker marker, boolean logY) {
        if (series.isEmpty()) {
            return;
        }
        XYChart chart = new XYChartBuilder().width(PANEL_WIDTH).height(PANEL_HEIGHT).title(title)
                .xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        chart.getStyler().setMarkerSize(5);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setYAxisLogarithmic(logY);
        series.forEach((name, points) -> points.addTo(chart, name, marker));
        panels.add(chart);
    }

    private static void createParent(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
    }

    /** The points of one series, in order. */
    private static final class Points {
        private final List<Double> x = new ArrayList<>();
        private final List<Double> y = new ArrayList<>();

        void add(double px, double py) {
            x.add(px);
            y.add(py);
        }

        boolean allPositive() {
            return y.stream().allMatch(v -> v > 0);
        }

        boolean allZero() {
            return y.stream().allMatch(v -> v == 0);
        }

        void addTo(XYChart chart, String name, Marker marker) {
            chart.addSeries(name, x, y).setMarker(marker);
        }
    }
}
