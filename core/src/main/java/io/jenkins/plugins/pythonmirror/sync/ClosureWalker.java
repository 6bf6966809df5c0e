package io.jenkins.plugins.pythonmirror.sync;

import io.jenkins.plugins.pythonmirror.MirrorException;
import io.jenkins.plugins.pythonmirror.pep.CoreMetadata;
import io.jenkins.plugins.pythonmirror.pep.InvalidRequirementException;
import io.jenkins.plugins.pythonmirror.pep.ProjectName;
import io.jenkins.plugins.pythonmirror.pep.Requirement;
import io.jenkins.plugins.pythonmirror.pep.SpecifierSet;
import io.jenkins.plugins.pythonmirror.pep.TargetEnvironment;
import io.jenkins.plugins.pythonmirror.simple.FileEntry;
import io.jenkins.plugins.pythonmirror.simple.ProjectPage;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The dependency closure of a {@link SyncSpec}: a breadth-first walk over (project, specifier, extras, environment)
 * demands. Each project page is read once per walk; each demand selects files by {@link Selector}; the core metadata
 * of each kept version is read once and its {@code Requires-Dist} lines are evaluated for the demand's environment
 * with {@code extra} set to "" and to each requested extra; what applies becomes a new demand, until nothing new
 * appears. A superset, not a resolver: every version the policy keeps, and their dependencies.
 *
 * <p>The wheels of one release are taken to declare the same {@code Requires-Dist} (markers carry the platform
 * differences), so the metadata of one file per version is read: a wheel offering PEP 658 metadata, else a wheel
 * (downloaded, it is selected anyway), else the sdist's when PEP 643 says its dependencies are reliable.
 */
public final class ClosureWalker {

    /** How many parsed pages the walk keeps in memory; others are read again from the page cache. */
    static final int RECENT_PAGES = 64;

    private record Demand(ProjectName project, SpecifierSet specifier, Set<String> extras, int env) {}

    private record Release(ProjectName project, String version) {}

    /** What the walk found: the selected files by project, and what it skipped or failed on. */
    public record Result(
            Map<ProjectName, List<FileEntry>> files,
            List<SyncReport.Skip> skipped,
            List<SyncReport.Problem> errors,
            int projects,
            int pagesNotModified) {}

    private final SyncSpec spec;
    private final SyncIndex index;
    private final SyncProgress progress;
    private final List<Map<String, String>> markerEnvs = new ArrayList<>();
    private final Deque<Demand> queue = new ArrayDeque<>();
    private final Set<Demand> seen = new HashSet<>();
    private final Set<ProjectName> known = new LinkedHashSet<>();
    // Invariant 7 (memory does not grow with the number of projects): only recent pages stay here.
    private final Map<ProjectName, ProjectPage> recentPages = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<ProjectName, ProjectPage> eldest) {
            return size() > RECENT_PAGES;
        }
    };
    private final Set<ProjectName> pagesRead = new HashSet<>();
    private final Set<ProjectName> failedPages = new HashSet<>();
    private final Map<Release, List<Requirement>> dependencies = new HashMap<>();
    private final Map<Release, FileEntry> sources = new HashMap<>();
    private final Map<ProjectName, Map<String, FileEntry>> files = new LinkedHashMap<>();
    private final Set<SyncReport.Skip> skipped = new LinkedHashSet<>();
    private final List<SyncReport.Problem> errors = new ArrayList<>();
    private int notModified;

    private ClosureWalker(SyncSpec spec, SyncIndex index, SyncProgress progress) {
        this.spec = spec;
        this.index = index;
        this.progress = progress;
        for (TargetEnvironment env : spec.environments()) {
            markerEnvs.add(env.markerEnvironment());
        }
    }

    /** Walks the closure of {@code spec}; {@link SyncIndex#selected} is called once per selected file. */
    public static Result walk(SyncSpec spec, SyncIndex index, SyncProgress progress) {
        return new ClosureWalker(spec, index, progress).run();
    }

    private Result run() {
        for (Requirement r : spec.requirements()) {
            follow(r, Set.of(""), null, null);
        }
        // Breadth-first in waves: select for every demand of a wave first (which starts downloads and metadata
        // reads in the background), then follow their dependencies, so metadata reads of one wave overlap.
        while (!queue.isEmpty()) {
            List<Demand> wave = new ArrayList<>(queue);
            queue.clear();
            List<Map.Entry<Demand, List<Selector.Chosen>>> selected = new ArrayList<>();
            for (Demand d : wave) {
                try {
                    selected.add(Map.entry(d, select(d)));
                } catch (RuntimeException e) {
                    fault(d, e);
                }
            }
            for (Map.Entry<Demand, List<Selector.Chosen>> e : selected) {
                try {
                    followDependencies(e.getKey(), e.getValue());
                } catch (RuntimeException ex) {
                    fault(e.getKey(), ex);
                }
            }
        }
        Map<ProjectName, List<FileEntry>> result = new LinkedHashMap<>();
        files.forEach((p, m) -> result.put(p, List.copyOf(m.values())));
        return new Result(result, List.copyOf(skipped), List.copyOf(errors), pagesRead.size(), notModified);
    }

    /** Enqueues {@code r} for every environment where it applies with one of {@code extras} (or "" ). */
    private void follow(Requirement r, Set<String> extras, ProjectName from, String fromVersion) {
        if (r.url() != null) {
            skipped.add(new SyncReport.Skip(
                    r.name().toString(),
                    null,
                    "direct URL requirement" + (from == null ? "" : " of " + from + " " + fromVersion)
                            + " is not mirrored"));
            return;
        }
        if (!index.upstreamAllowed(r.name())) {
            // Dependency confusion: a private name is never asked upstream (nor are its dependencies followed: the
            // private index serves it, and what it needs is the uploader's business, not the sync's).
            skipped.add(new SyncReport.Skip(
                    r.name().toString(),
                    null,
                    SyncIndex.PRIVATE_SKIP + (from == null ? "" : " (required by " + from + " " + fromVersion + ")")));
            return;
        }
        for (int e = 0; e < markerEnvs.size(); e++) {
            if (applies(r, markerEnvs.get(e), extras, from)) {
                Demand d = new Demand(r.name(), r.specifier(), r.extras(), e);
                if (seen.add(d)) {
                    if (known.add(r.name())) {
                        index.prefetch(r.name());
                    }
                    queue.add(d);
                }
            }
        }
    }

    private boolean applies(Requirement r, Map<String, String> env, Set<String> extras, ProjectName from) {
        for (String extra : extras) {
            Map<String, String> withExtra = new HashMap<>(env);
            withExtra.put("extra", extra);
            try {
                if (r.appliesTo(withExtra)) {
                    return true;
                }
            } catch (IllegalArgumentException e) {
                skipped.add(new SyncReport.Skip(
                        r.name().toString(),
                        null,
                        "marker of '" + r + "'" + (from == null ? "" : " (from " + from + ")")
                                + " cannot be evaluated: " + e.getMessage()));
                return false;
            }
        }
        return false;
    }

    /** One bad page or file must not stop the rest of the closure. */
    private void fault(Demand d, RuntimeException e) {
        errors.add(new SyncReport.Problem(d.project().toString(), String.valueOf(e.getMessage())));
        progress.message("ERROR " + d.project() + ": " + e.getMessage());
    }

    /** Selects the files of one demand and starts reading the metadata of each kept version. */
    private List<Selector.Chosen> select(Demand d) {
        ProjectPage page = page(d.project());
        if (page == null) {
            return List.of();
        }
        TargetEnvironment env = spec.environments().get(d.env());
        Selector.Selection s = Selector.select(
                d.project(),
                page,
                d.specifier(),
                env,
                spec.versions(),
                spec.prereleases(),
                spec.sdists(),
                f -> index.withheld(d.project(), f));
        for (Selector.Passed p : s.passed()) {
            skipped.add(new SyncReport.Skip(d.project().toString(), p.version(), p.reason(), p.policy()));
        }
        if (s.chosen().isEmpty()) {
            skipped.add(new SyncReport.Skip(
                    d.project().toString(),
                    null,
                    "no version matching '" + (d.specifier().isEmpty() ? "any" : d.specifier()) + "' for "
                            + Selector.describe(env)));
            return List.of();
        }
        for (Selector.Chosen c : s.chosen()) {
            Map<String, FileEntry> mine = files.computeIfAbsent(d.project(), k -> new LinkedHashMap<>());
            for (FileEntry f : c.files()) {
                if (mine.putIfAbsent(f.filename(), f) == null) {
                    index.selected(d.project(), f);
                }
            }
            Release release = new Release(d.project(), c.version().toString());
            FileEntry source = metadataSource(c);
            // One metadata read per release, whichever environment's files it comes from.
            if (source != null && !dependencies.containsKey(release) && !sources.containsKey(release)) {
                sources.put(release, source);
                index.prefetchMetadata(d.project(), source);
            }
        }
        return s.chosen();
    }

    private void followDependencies(Demand d, List<Selector.Chosen> chosen) {
        Set<String> extras = new TreeSet<>(d.extras());
        extras.add("");
        for (Selector.Chosen c : chosen) {
            for (Requirement r : dependencies(d.project(), c)) {
                follow(r, extras, d.project(), c.version().toString());
            }
        }
    }

    private ProjectPage page(ProjectName project) {
        ProjectPage page = recentPages.get(project);
        if (page != null || failedPages.contains(project)) {
            return page;
        }
        if (pagesRead.contains(project)) {
            page = index.pageAgain(project);
            recentPages.put(project, page);
            return page;
        }
        try {
            SyncIndex.PageAnswer answer = index.page(project);
            page = answer.page();
            if (answer.unchanged()) {
                notModified++;
            }
            if (answer.problem() != null) {
                errors.add(new SyncReport.Problem(project.toString(), answer.problem()));
                progress.message("ERROR " + project + ": " + answer.problem());
            }
            pagesRead.add(project);
            recentPages.put(project, page);
        } catch (MirrorException | IllegalArgumentException e) {
            failedPages.add(project);
            errors.add(new SyncReport.Problem(project.toString(), e.getMessage()));
            progress.message("ERROR " + project + ": " + e.getMessage());
        }
        progress.project(pagesRead.size() + failedPages.size(), known.size(), project.toString(), index.bytesAdded());
        return page;
    }

    private List<Requirement> dependencies(ProjectName project, Selector.Chosen chosen) {
        Release release = new Release(project, chosen.version().toString());
        List<Requirement> cached = dependencies.get(release);
        if (cached != null) {
            return cached;
        }
        List<Requirement> deps = List.of();
        FileEntry planned = sources.remove(release);
        FileEntry source = planned != null ? planned : metadataSource(chosen);
        try {
            CoreMetadata meta = source == null ? null : index.metadata(project, source);
            boolean wheel = source != null && source.filename().endsWith(".whl");
            if (meta == null || (!wheel && !meta.hasReliableDependencies())) {
                skipped.add(new SyncReport.Skip(
                        project.toString(),
                        release.version(),
                        "dependencies unknown: only an sdist whose metadata does not declare them reliably"
                                + " (PEP 643)"));
            } else {
                deps = meta.requirements();
            }
        } catch (IOException | MirrorException | InvalidRequirementException e) {
            errors.add(new SyncReport.Problem(
                    project + " " + release.version(), "cannot read its dependencies: " + e.getMessage()));
        }
        dependencies.put(release, deps);
        return deps;
    }

    private static FileEntry metadataSource(Selector.Chosen chosen) {
        return chosen.files().stream()
                .min(Comparator.comparingInt(ClosureWalker::metadataPreference))
                .orElse(null);
    }

    /** Lower is better: a wheel with PEP 658 metadata, a wheel, an sdist with metadata, an sdist. */
    private static int metadataPreference(FileEntry f) {
        boolean wheel = f.filename().endsWith(".whl");
        return (wheel ? 0 : 2) + (f.hasCoreMetadata() ? 0 : 1);
    }
}
