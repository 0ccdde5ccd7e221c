package io.github.setclip.data.batch;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Numbers group names (album, page, site, class) into the ids {@link
 * SemiPairedPools#withGroups(int[], int[])} takes. Ids are the positions of the distinct names in
 * sorted order, so the numbering depends only on the set of names, not on the order they were read;
 * {@code null}, no group, is -1. Number the names of both modalities together, so that one name
 * gets one id on both sides. Immutable.
 */
public final class GroupNumbering {

    private final List<String> names;
    private final Map<String, Integer> ids = new HashMap<>();

    private GroupNumbering(List<String> names) {
        this.names = names;
        for (int i = 0; i < names.size(); i++) {
            ids.put(names.get(i), i);
        }
    }

    /**
     * Numbers the distinct non-null names.
     *
     * @param names group names, with repeats and nulls (ignored)
     * @return the numbering
     * @throws IllegalArgumentException if {@code names} is null
     */
    public static GroupNumbering of(Collection<String> names) {
        if (names == null) {
            throw new IllegalArgumentException("names must not be null");
        }
        TreeSet<String> distinct = new TreeSet<>();
        names.stream().filter(Objects::nonNull).forEach(distinct::add);
        return new GroupNumbering(List.copyOf(distinct));
    }

    /**
     * The id of a group name.
     *
     * @param name a numbered name, or {@code null} for no group
     * @return its id, or -1 for {@code null}
     * @throws IllegalArgumentException for a name that was not numbered
     */
    public int idOf(String name) {
        if (name == null) {
            return -1;
        }
        Integer id = ids.get(name);
        if (id == null) {
            throw new IllegalArgumentException("unknown group '" + name + "' (not among the " + names.size()
                    + " numbered groups)");
        }
        return id;
    }

    /** The ids of a list of names, position by position ({@link #idOf(String)} of each). */
    public int[] idsOf(List<String> names) {
        return names.stream().mapToInt(this::idOf).toArray();
    }

    /** The distinct names, sorted; name {@code i} has id {@code i}. */
    public List<String> names() {
        return names;
    }

    /** Number of distinct groups. */
    public int size() {
        return names.size();
    }

    @Override
    public String toString() {
        return "GroupNumbering{" + names.size() + " groups}";
    }
}
