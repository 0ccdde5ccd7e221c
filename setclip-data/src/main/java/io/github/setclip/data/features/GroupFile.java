package io.github.setclip.data.features;

import io.github.setclip.data.BadInputException;
import io.github.setclip.data.BadRows;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a group file: the group (album, page, family, site: a weak label shared across modalities)
 * of rows of one {@link FeatureTable}, kept next to its {@code .npy} matrix. UTF-8 text, one row
 * per line: the row's id (as in the ids file), a comma, tab or spaces, then the group name, which
 * is the rest of the line, trimmed (it may hold spaces and commas; a name wrapped in {@code "} loses
 * the quotes). Blank lines and lines starting with {@code #} are ignored; the first other line may
 * be the header {@code id,group}. A row that no line names is in no group.
 *
 * <pre>
 * id,group
 * P69905,globin
 * P68871,globin
 * Q9XYZ1,kinase family 2
 * </pre>
 *
 * <p>Bad rows (see {@link BadRows}), named by file and line: a line without a group, an id not in
 * the table (saying whether its row was itself skipped as bad). An id given a group twice is an
 * error whatever the policy (naming both lines): a row is in one group.
 */
public final class GroupFile {

    private static final Pattern LINE = Pattern.compile("([^\\s,]+)[\\s,]+(.*)");

    private GroupFile() {}

    /**
     * Reads the groups of a table's rows.
     *
     * @param groups the group file
     * @param table the table whose ids it names
     * @param policy what to do with bad lines
     * @return the group of every row of the table, row {@code i} at position {@code i}, {@code
     *     null} for a row in no group (an unmodifiable list)
     * @throws IOException if the file cannot be read
     * @throws BadInputException for a missing file, an id given two groups, or a bad line (when
     *     failing)
     */
    public static List<String> read(Path groups, FeatureTable table, BadRows policy) throws IOException {
        if (!Files.isRegularFile(groups)) {
            throw new BadInputException(groups + ": no such file");
        }
        List<String> lines = Files.readAllLines(groups, StandardCharsets.UTF_8);
        String[] groupOf = new String[table.size()];
        Map<Integer, Integer> lineOf = new HashMap<>();
        boolean first = true;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (i == 0 && line.startsWith("\uFEFF")) {
                line = line.substring(1).trim();
            }
            String where = groups + ":" + (i + 1);
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Matcher m = LINE.matcher(line);
            boolean matched = m.matches();
            boolean header = first && matched && m.group(1).equalsIgnoreCase("id") && m.group(2).equalsIgnoreCase("group");
            first = false;
            if (header) {
                continue;
            }
            String group = matched ? unquoted(m.group(2).trim()).trim() : "";
            if (group.isEmpty()) {
                policy.bad(where, "malformed line: expected an id and a group, got '" + line + "'");
                continue;
            }
            String id = m.group(1);
            int row = table.rowOf(id);
            if (row < 0) {
                policy.bad(where, table.wasSkipped(id)
                        ? "id " + id + " names a row skipped as bad in " + table.source()
                        : "unknown id " + id + " (not in " + table.idsSource() + ")");
                continue;
            }
            Integer earlier = lineOf.putIfAbsent(row, i + 1);
            if (earlier != null) {
                throw new BadInputException(where + ": id " + id + " already has a group on line " + earlier
                        + "; each row may be in one group only");
            }
            groupOf[row] = group;
        }
        return Collections.unmodifiableList(Arrays.asList(groupOf));
    }

    private static String unquoted(String name) {
        return name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")
                ? name.substring(1, name.length() - 1) : name;
    }
}
