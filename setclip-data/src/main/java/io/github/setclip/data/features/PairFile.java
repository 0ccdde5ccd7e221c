package io.github.setclip.data.features;

import io.github.setclip.data.BadInputException;
import io.github.setclip.data.BadRows;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads a pairs file: which rows of two {@link FeatureTable}s are matched. UTF-8 text, one pair per
 * line, {@code s_id} then {@code t_id}, separated by a comma, tab or spaces; an ID may be quoted
 * with {@code "}. Blank lines and lines starting with {@code #} are ignored; the first other line
 * may be the header {@code s_id,t_id}.
 *
 * <p>Every row of either table that no line names is unpaired: it goes to {@link
 * FeaturePairs#unpairedS()} or {@link FeaturePairs#unpairedT()}. Bad rows (see {@link BadRows}),
 * named by file and line: not exactly two ids, an id not in its table (saying which side, and
 * whether the row was itself skipped as bad). An id paired twice is an error whatever the policy:
 * a one-to-one pairing was meant and the file contradicts it.
 */
public final class PairFile {

    private static final Pattern SEPARATOR = Pattern.compile("[\\s,]+");

    private PairFile() {}

    /**
     * Reads the pairs.
     *
     * @param pairs the pairs file
     * @param s the S table (first column)
     * @param t the T table (second column)
     * @param policy what to do with bad lines
     * @return the pairing, in file order, and the unpaired rows of each table, ascending
     * @throws IOException if the file cannot be read
     * @throws BadInputException for a missing file, an id paired twice, or a bad line (when failing)
     */
    public static FeaturePairs read(Path pairs, FeatureTable s, FeatureTable t, BadRows policy)
            throws IOException {
        if (!Files.isRegularFile(pairs)) {
            throw new BadInputException(pairs + ": no such file");
        }
        List<String> lines = Files.readAllLines(pairs, StandardCharsets.UTF_8);
        List<Integer> ps = new ArrayList<>();
        List<Integer> pt = new ArrayList<>();
        Map<Integer, Integer> lineOfS = new HashMap<>();
        Map<Integer, Integer> lineOfT = new HashMap<>();
        boolean first = true;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (i == 0 && line.startsWith("\uFEFF")) {
                line = line.substring(1).trim();
            }
            String where = pairs + ":" + (i + 1);
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] f = SEPARATOR.split(line);
            boolean header = first && f.length == 2 && f[0].equalsIgnoreCase("s_id") && f[1].equalsIgnoreCase("t_id");
            first = false;
            if (header) {
                continue;
            }
            if (f.length != 2 || f[0].isEmpty()) {
                policy.bad(where, "malformed line: expected two ids, s_id and t_id, got '" + line + "'");
                continue;
            }
            String sId = unquoted(f[0]);
            String tId = unquoted(f[1]);
            int sr = s.rowOf(sId);
            int tr = t.rowOf(tId);
            if (sr < 0 || tr < 0) {
                List<String> problems = new ArrayList<>();
                if (sr < 0) {
                    problems.add(unknown("S", sId, s));
                }
                if (tr < 0) {
                    problems.add(unknown("T", tId, t));
                }
                policy.bad(where, String.join("; ", problems));
                continue;
            }
            Integer earlierS = lineOfS.putIfAbsent(sr, i + 1);
            if (earlierS != null) {
                throw new BadInputException(where + ": S id " + sId + " is already paired on line " + earlierS
                        + "; each row may be in one pair only");
            }
            Integer earlierT = lineOfT.putIfAbsent(tr, i + 1);
            if (earlierT != null) {
                throw new BadInputException(where + ": T id " + tId + " is already paired on line " + earlierT
                        + "; each row may be in one pair only");
            }
            ps.add(sr);
            pt.add(tr);
        }
        return new FeaturePairs(ints(ps), ints(pt), rest(s.size(), lineOfS), rest(t.size(), lineOfT));
    }

    private static String unknown(String side, String id, FeatureTable table) {
        return table.wasSkipped(id)
                ? side + " id " + id + " names a row skipped as bad in " + table.source()
                : "unknown " + side + " id " + id + " (not in " + table.idsSource() + ")";
    }

    private static String unquoted(String id) {
        return id.length() >= 2 && id.startsWith("\"") && id.endsWith("\"") ? id.substring(1, id.length() - 1) : id;
    }

    private static int[] ints(List<Integer> values) {
        return values.stream().mapToInt(Integer::intValue).toArray();
    }

    private static int[] rest(int n, Map<Integer, Integer> used) {
        int[] rest = new int[n - used.size()];
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (!used.containsKey(i)) {
                rest[k++] = i;
            }
        }
        return rest;
    }
}
