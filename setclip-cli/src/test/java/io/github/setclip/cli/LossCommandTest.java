package io.github.setclip.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.setclip.data.npy.NpyFile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LossCommandTest {

    private static NDManager manager;
    @TempDir Path dir;
    private Path s;
    private Path t;
    private Path sPos;
    private Path tPos;

    /** What one run of the tool printed and returned. */
    record Run(int status, String out, String err) {}

    @BeforeAll
    static void open() {
        manager = NDManager.newBaseManager();
        manager.getEngine().setRandomSeed(7);
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    @BeforeEach
    void writeEmbeddings() throws IOException {
        s = write("S.npy", unit(manager.randomNormal(new Shape(10, 6), DataType.FLOAT64)));
        t = write("T.npy", unit(manager.randomNormal(new Shape(10, 6), DataType.FLOAT64)));
        sPos = write("SP.npy", unit(manager.randomNormal(new Shape(10, 6), DataType.FLOAT64)));
        tPos = write("TP.npy", unit(manager.randomNormal(new Shape(10, 6), DataType.FLOAT64)));
    }

    private static NDArray unit(NDArray x) {
        return x.div(x.norm(new int[] {1}, true));
    }

    private Path write(String name, NDArray array) throws IOException {
        Path path = dir.resolve(name);
        NpyFile.write(path, array);
        return path;
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = SetClip.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Run(status, out.toString(), err.toString());
    }

    /**
     * Runs a command with standard output captured, as the library's console writes there: the
     * result's {@code out} is what the library printed, then what the command printed.
     */
    static Run runWithConsole(String... args) {
        PrintStream original = System.out;
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        System.setOut(new PrintStream(console, true, StandardCharsets.UTF_8));
        try {
            Run run = run(args);
            return new Run(run.status(), console.toString(StandardCharsets.UTF_8) + run.out(),
                    run.err());
        } finally {
            System.setOut(original);
        }
    }

    private List<String> baseArgs(String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "loss", "--s", s.toString(), "--t", t.toString(), "--paired", "4"));
        args.addAll(Arrays.asList(extra));
        return args;
    }

    private JsonObject json(String... extra) {
        List<String> args = baseArgs(extra);
        args.add("--json");
        Run run = run(args.toArray(String[]::new));
        assertEquals(0, run.status(), run.err());
        return JsonParser.parseString(run.out().trim()).getAsJsonObject();
    }

    @Test
    void printsEveryTermAsJsonAndTheTotalIsTheirWeightedSum() {
        JsonObject terms = json("--s-pos", sPos.toString(), "--t-pos", tPos.toString(),
                "--w-mmd", "0.5", "--w-ssl", "0.25");
        assertEquals(List.of("cl", "mmd", "sdd", "ssl", "total"), List.copyOf(terms.keySet()));
        double expected = terms.get("cl").getAsDouble() + 0.5 * terms.get("mmd").getAsDouble()
                + 0.7 * terms.get("sdd").getAsDouble() + 0.25 * terms.get("ssl").getAsDouble();
        assertEquals(expected, terms.get("total").getAsDouble(), 1e-12);
        assertTrue(terms.get("ssl").getAsDouble() > 0);
    }

    @Test
    void withoutSecondViewsSslIsZero() {
        assertEquals(0.0, json().get("ssl").getAsDouble());
    }

    @Test
    void optionsChangeTheTermsTheyControl() {
        JsonObject base = json();
        JsonObject absolute = json("--sdd-absolute");
        JsonObject mse = json("--sdd-mse");
        JsonObject hotter = json("--logit-scale", "50");
        assertTrue(base.get("sdd").getAsDouble() != absolute.get("sdd").getAsDouble());
        assertTrue(base.get("sdd").getAsDouble() != mse.get("sdd").getAsDouble());
        assertTrue(base.get("cl").getAsDouble() != hotter.get("cl").getAsDouble());
        assertEquals(base.get("mmd").getAsDouble(), hotter.get("mmd").getAsDouble());
    }

    @Test
    void writesGradientsThatMatchFiniteDifferencesOfTheTotal() throws IOException {
        Path grads = dir.resolve("grads");
        JsonObject terms = json("--grad-out", grads.toString());
        NDArray dS = NpyFile.readMatrix(manager, grads.resolve("dS.npy"));
        NDArray dT = NpyFile.readMatrix(manager, grads.resolve("dT.npy"));
        assertEquals(new Shape(10, 6), dS.getShape());
        assertEquals(DataType.FLOAT64, dT.getDataType());
        // Nudge one coordinate of T: only its own row of dT enters the first-order change.
        // (MMD's bandwidth g is a constant by definition, so a difference sees a tiny extra term.)
        NDArray tArray = NpyFile.readMatrix(manager, t);
        double h = 1e-6;
        double[] plusMinus = new double[2];
        for (int sign = 0; sign < 2; sign++) {
            NDArray nudged = tArray.duplicate();
            nudged.set(new ai.djl.ndarray.index.NDIndex("5, 2"),
                    tArray.getDouble(5, 2) + (sign == 0 ? h : -h));
            t = write("T" + sign + ".npy", nudged);
            plusMinus[sign] = json().get("total").getAsDouble();
        }
        double numeric = (plusMinus[0] - plusMinus[1]) / (2 * h);
        assertEquals(numeric, dT.getDouble(5, 2), 1e-3 * Math.max(1, Math.abs(numeric)));
        assertTrue(terms.get("total").getAsDouble() > 0);
    }

    @Test
    void aMalformedFileFailsWithItsNameAndStatusOne() throws IOException {
        Path broken = dir.resolve("broken.npy");
        Files.writeString(broken, "not numpy");
        Run run = run("loss", "--s", broken.toString(), "--t", t.toString(), "--paired", "1");
        assertEquals(1, run.status());
        assertTrue(run.err().contains("broken.npy"), run.err());
    }

    @Test
    void mismatchedInputsFailWithStatusOne() throws IOException {
        Path narrow = write("narrow.npy", manager.ones(new Shape(10, 3), DataType.FLOAT64));
        Run run = run("loss", "--s", s.toString(), "--t", narrow.toString(), "--paired", "1");
        assertEquals(1, run.status());
        assertTrue(run.err().contains("same width"), run.err());
        Path withNaN = write("nan.npy",
                manager.create(new double[] {0, Double.NaN, 1, 0}, new Shape(2, 2)));
        Run nan = run("loss", "--s", withNaN.toString(), "--t", withNaN.toString(), "--paired", "0");
        assertEquals(1, nan.status());
        assertEquals("setclip loss: error: " + withNaN + ": row 0 holds NaN (column 1); 1 of 2 rows hold NaN or"
                + " infinite values (rows and columns count from 0)", nan.err().strip(), "names the file and the row");
    }

    @Test
    void missingFilesAndBadFlagsAreReported() {
        Run missing = run("loss", "--s", dir.resolve("none.npy").toString(), "--t", t.toString(),
                "--paired", "1");
        assertEquals(1, missing.status());
        assertTrue(missing.err().contains("file not found") && missing.err().contains("none.npy"));
        Run negative = run(baseArgs("--w-sdd", "-1").toArray(String[]::new));
        assertEquals(2, negative.status());
        assertTrue(negative.err().contains("w_sdd"), negative.err());
        Run tooMany = run("loss", "--s", s.toString(), "--t", t.toString(), "--paired", "11");
        assertEquals(1, tooMany.status());
        assertTrue(tooMany.err().contains("0 <= M <= N = 10, got 11"), tooMany.err());
        Run lonely = run(baseArgs("--s-pos", sPos.toString()).toArray(String[]::new));
        assertEquals(2, lonely.status());
    }

    @Test
    void helpAndVersionWork() {
        Run help = run("--help");
        assertEquals(0, help.status());
        assertTrue(help.out().contains("loss"));
        Run version = run("--version");
        assertEquals(0, version.status());
        assertTrue(version.out().startsWith("setclip "), version.out());
        assertEquals(2, run().status());
    }
}
