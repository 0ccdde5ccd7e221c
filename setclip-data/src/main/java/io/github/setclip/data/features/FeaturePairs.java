package io.github.setclip.data.features;

import io.github.setclip.data.BadInputException;
import io.github.setclip.data.BadRows;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which rows of two feature tables are matched, read from a pairs file: one {@code s_id,t_id}
 * per line (comma, tab or spaces), {@code #} comments and blank lines ignored, an optional header
 * line {@code s_id,t_id}. Every row not named in the file is unpaired. An unknown id is a bad row
 * (file and line named); an id paired twice is an error.
 *
 * @param pairedS S rows of the pairs
 * @param pairedT T rows of the pairs, {@code pairedT[k]} matching {@code pairedS[k]}
 * @param unpairedS S rows in no pair
 * @param unpairedT T rows in no pair
 */
public record FeaturePairs(int[] pairedS, int[] pairedT, int[] unpairedS, int[] unpairedT) {

    /**
     * Reads a pairs file against two tables.
     *
     * @param pairs the file
     * @param s the S table
     * @param t the T table
     * @param policy what to do with lines naming unknown ids
     * @return the pairing
     * @throws IOException if the file cannot be read
     */
    public static FeaturePairs read(Path pairs, FeatureTable s, FeatureTable t, BadRows policy)
            throws IOException {
        if (!Files.isRegularFile(pairs)) {
            throw new BadInputException(pairs + ": no such file");
        }
        List<String> lines = Files.readAllLines(pairs);
        List<Integer> ps = new ArrayList<>();
        List<Integer> pt = new ArrayList<>();
        Map<Integer, Integer> lineOfS = new HashMap<>();
        Map<Integer, Integer> lineOfT = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            String where = pairs + ":" + (i + 1);
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("[,\\t ]+");
            if (f.length != 2) {
                policy.bad(where, "expected two ids (s_id,t_id), got '" + line + "'");
                continue;
            }
            if (ps.isEmpty() && f[0].equalsIgnoreCase("s_id") && f[1].equalsIgnoreCase("t_id")) {
                continue;
            }
            int sr = s.rowOf(f[0]);
            int tr = t.rowOf(f[1]);
            if (sr < 0 || tr < 0) {
                policy.bad(where, (sr < 0 ? "unknown S id " + f[0] + " (not in " + s.source() + ")"
                        : "unknown T id " + f[1] + " (not in " + t.source() + ")"));
                continue;
            }
            Integer earlierS = lineOfS.put(sr, i + 1);
            Integer earlierT = lineOfT.put(tr, i + 1);
            if (earlierS != null || earlierT != null) {
                throw new BadInputException(where + ": " + (earlierS != null ? "S id " + f[0]
                        + " is already paired on line " + earlierS : "T id " + f[1]
                        + " is already paired on line " + earlierT));
            }
            ps.add(sr);
            pt.add(tr);
        }
        return new FeaturePairs(ints(ps), ints(pt), rest(s.size(), lineOfS), rest(t.size(), lineOfT));
    }

    /** Number of pairs. */
    public int numPaired() {
        return pairedS.length;
    }

    private static int[] ints(List<Integer> values) {
        return values.stream().mapToInt(Integer::intValue).toArray();
    }

    private static int[] rest(int n, Map<Integer, Integer> used) {
        List<Integer> rest = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (!used.containsKey(i)) {
                rest.add(i);
            }
        }
        return ints(rest);
    }
}
