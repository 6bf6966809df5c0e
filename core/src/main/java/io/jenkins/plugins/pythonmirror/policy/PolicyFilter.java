package io.jenkins.plugins.pythonmirror.policy;

import io.jenkins.plugins.pythonmirror.pep.DistributionFilename;
import io.jenkins.plugins.pythonmirror.pep.ProjectName;
import io.jenkins.plugins.pythonmirror.pep.Version;
import io.jenkins.plugins.pythonmirror.simple.FileEntry;
import io.jenkins.plugins.pythonmirror.simple.ProjectPage;
import io.jenkins.plugins.pythonmirror.simple.StreamedFiles;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The policy step of the page pipeline: takes an upstream page as the mirror would serve it and removes what the
 * {@link ReleasePolicy} withholds now, so that every representation rendered from the result (HTML, JSON, stored
 * bytes) agrees. A version whose files are all withheld leaves PEP 700 {@code versions} too, so pip, uv and poetry
 * pick the newest version that has a visible file; versions the upstream lists without any file stay.
 *
 * <p>The result says until when it holds: the earliest instant a held file becomes visible. A cached rendering must
 * be redone at that instant (or when the policy changes); nothing else in it depends on the clock.
 */
public final class PolicyFilter {

    private PolicyFilter() {}

    /**
     * A filtered page.
     *
     * @param page the page without withheld files, its {@code versions} pruned
     * @param withheld the withheld files by filename, with the decision for each
     * @param validUntil when a held file becomes visible, so the result must be filtered again; {@link Instant#MAX}
     *     when no file is held for a time
     * @param unknownAge files that have no readable upload time (visible or not)
     */
    public record Filtered(ProjectPage page, Map<String, Decision> withheld, Instant validUntil, int unknownAge) {
        public Filtered {
            withheld = Collections.unmodifiableMap(new LinkedHashMap<>(withheld));
        }

        /**
         * One line for people who look at the page's headers: how many files are withheld and why the first one is,
         * or null when none is.
         */
        public String note() {
            if (withheld.isEmpty()) {
                return null;
            }
            Map.Entry<String, Decision> first = withheld.entrySet().iterator().next();
            return withheld.size() + " file(s) withheld by the mirror's release policy, such as "
                    + first.getValue().explain(first.getKey());
        }

        /** The decision for {@code filename} on this page: withheld, or visible. */
        public Decision decision(String filename) {
            Decision d = withheld.get(filename);
            return d == null ? Decision.visible() : d;
        }
    }

    /** Applies {@code policy} at {@code now} to the upstream files of {@code page}. */
    public static Filtered filter(ProjectName project, ProjectPage page, ReleasePolicy policy, Instant now) {
        int unknownAge = 0;
        for (FileEntry f : page.files()) {
            if (ReleasePolicy.uploadInstant(f.uploadTime()) == null) {
                unknownAge++;
            }
        }
        if (policy.isEmpty()) {
            return new Filtered(page, Map.of(), Instant.MAX, unknownAge);
        }
        // A page too large for memory stays streamed: only the withheld files are remembered, and the visible ones
        // are read through a filter on each rendering.
        StreamedFiles streamed = page.files() instanceof StreamedFiles s ? s : null;
        List<FileEntry> visible =
                streamed != null ? null : new ArrayList<>(page.files().size());
        Map<String, Decision> withheld = new LinkedHashMap<>();
        Instant validUntil = Instant.MAX;
        Set<Object> visibleVersions = new HashSet<>();
        Set<Object> withheldVersions = new HashSet<>();
        for (FileEntry f : page.files()) {
            Decision d = policy.decide(ReleasePolicy.Release.upstream(project, f), now);
            Object version = versionKey(
                    DistributionFilename.versionAsWritten(f.filename(), project).orElse(null));
            if (d.isVisible()) {
                if (visible != null) {
                    visible.add(f);
                }
                visibleVersions.add(version);
            } else {
                withheld.put(f.filename(), d);
                withheldVersions.add(version);
                if (d.until() != null && d.until().isBefore(validUntil)) {
                    validUntil = d.until();
                }
            }
        }
        if (withheld.isEmpty()) {
            return new Filtered(page, Map.of(), Instant.MAX, unknownAge);
        }
        withheldVersions.removeAll(visibleVersions);
        List<String> versions = new ArrayList<>(page.versions().size());
        for (String v : page.versions()) {
            if (!withheldVersions.contains(versionKey(v))) {
                versions.add(v);
            }
        }
        Set<String> hidden = Set.copyOf(withheld.keySet());
        List<FileEntry> files =
                streamed != null ? streamed.map(f -> hidden.contains(f.filename()) ? null : f) : visible;
        ProjectPage filtered = new ProjectPage(
                page.name(), files, versions, page.lastSerial(), page.projectStatus(), page.projectStatusReason());
        return new Filtered(filtered, withheld, validUntil, unknownAge);
    }

    /** PEP 440 versions compare by value (1.0 and 1.0.0 are one release), others as written. */
    private static Object versionKey(String v) {
        if (v == null) {
            return "";
        }
        return Version.isValid(v) ? Version.parse(v) : v;
    }
}
