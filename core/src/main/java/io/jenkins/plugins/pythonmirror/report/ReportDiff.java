package io.jenkins.plugins.pythonmirror.report;

import io.jenkins.plugins.pythonmirror.pep.Version;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What changed between two builds' dependencies, by project: added, removed, and projects whose set of versions
 * differs. Files of the same version (another wheel of it) are not a change.
 *
 * @param added projects only the current build has
 * @param removed projects only the previous build had
 * @param changed projects both have, in other versions
 */
public record ReportDiff(List<Change> added, List<Change> removed, List<Change> changed) {

    /**
     * One project's change.
     *
     * @param project the normalized name
     * @param before its versions in the previous build, comma-separated, or null when it was not there
     * @param after its versions in the current build, or null when it is gone
     */
    public record Change(String project, String before, String after) {}

    public ReportDiff {
        added = List.copyOf(added);
        removed = List.copyOf(removed);
        changed = List.copyOf(changed);
    }

    public boolean isEmpty() {
        return added.isEmpty() && removed.isEmpty() && changed.isEmpty();
    }

    /** The difference from {@code previous} to {@code current}. */
    public static ReportDiff between(Collection<Obtained> previous, Collection<Obtained> current) {
        Map<String, String> before = versions(previous);
        Map<String, String> after = versions(current);
        List<Change> added = new ArrayList<>();
        List<Change> removed = new ArrayList<>();
        List<Change> changed = new ArrayList<>();
        for (Map.Entry<String, String> e : after.entrySet()) {
            String old = before.get(e.getKey());
            if (old == null) {
                added.add(new Change(e.getKey(), null, e.getValue()));
            } else if (!old.equals(e.getValue())) {
                changed.add(new Change(e.getKey(), old, e.getValue()));
            }
        }
        for (Map.Entry<String, String> e : before.entrySet()) {
            if (!after.containsKey(e.getKey())) {
                removed.add(new Change(e.getKey(), e.getValue(), null));
            }
        }
        return new ReportDiff(added, removed, changed);
    }

    /** Project → its versions in PEP 440 order, joined with ", ". */
    private static Map<String, String> versions(Collection<Obtained> files) {
        Map<String, Set<String>> byProject = new TreeMap<>();
        for (Obtained f : files) {
            byProject
                    .computeIfAbsent(f.project(), p -> new TreeSet<>(BY_VERSION))
                    .add(f.version());
        }
        Map<String, String> joined = new TreeMap<>();
        byProject.forEach((p, v) -> joined.put(p, String.join(", ", v)));
        return joined;
    }

    /** PEP 440 order where both parse, text order otherwise (legacy versions). */
    private static final Comparator<String> BY_VERSION = (a, b) -> {
        try {
            return Version.parse(a).compareTo(Version.parse(b));
        } catch (IllegalArgumentException e) {
            return a.compareTo(b);
        }
    };
}
