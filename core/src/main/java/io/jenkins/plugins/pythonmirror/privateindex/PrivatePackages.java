package io.jenkins.plugins.pythonmirror.privateindex;

import io.jenkins.plugins.pythonmirror.MirrorException;
import io.jenkins.plugins.pythonmirror.access.AccessPolicy;
import io.jenkins.plugins.pythonmirror.access.Caller;
import io.jenkins.plugins.pythonmirror.pep.ProjectName;
import io.jenkins.plugins.pythonmirror.pep.Version;
import io.jenkins.plugins.pythonmirror.proxy.FileService;
import io.jenkins.plugins.pythonmirror.proxy.RenderedPage;
import io.jenkins.plugins.pythonmirror.simple.FileEntry;
import io.jenkins.plugins.pythonmirror.simple.Pep700;
import io.jenkins.plugins.pythonmirror.simple.ProjectPage;
import io.jenkins.plugins.pythonmirror.simple.StreamedFiles;
import io.jenkins.plugins.pythonmirror.store.FileKey;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * What the private index looks like from outside: which names are private, the pages and files each caller may
 * see, and the dependency-confusion rule.
 *
 * <p>A name is private once it was uploaded or when it matches an admin-set pattern. For a private name the
 * upstream is never asked, and upstream files of that name never appear, unless the admin allowlisted the name:
 * then the upstream page is merged in below the private files, and on a filename clash the private file wins.
 * Callers who may not read a private project get exactly the 404 an unknown project gets, so they cannot learn
 * that the name exists here.
 */
public final class PrivatePackages {

    private static final Logger LOG = Logger.getLogger(PrivatePackages.class.getName());
    /** From {@code simple/<project>/} back to the base, as for upstream files. */
    static final String FILES_PREFIX = "../../files/";

    private final PrivateIndex index;
    private final NamePatterns patterns;
    private final NamePatterns allowlist;
    private final AccessPolicy access;
    private final boolean offline;

    private record Rendered(ProjectIndex snapshot, ProjectPage upstream, RenderedPage page) {}

    private final Map<ProjectName, Rendered> rendered = new ConcurrentHashMap<>();
    private volatile Path spillDir;

    public PrivatePackages(
            PrivateIndex index,
            List<String> privatePatterns,
            List<String> allowlist,
            AccessPolicy access,
            boolean offline) {
        this.index = index;
        this.patterns = NamePatterns.of(privatePatterns);
        this.allowlist = NamePatterns.of(allowlist);
        this.access = access;
        this.offline = offline;
    }

    /** Where rendered pages too large for memory are written (the data directory's {@code tmp/}); null: memory. */
    public void spillTo(Path dir) {
        this.spillDir = dir;
    }

    public PrivateIndex index() {
        return index;
    }

    /** Bytes of private files. */
    public long bytes() {
        return index.bytes();
    }

    public AccessPolicy access() {
        return access;
    }

    /** Uploaded here, or matching a private pattern. */
    public boolean isPrivate(ProjectName project) {
        return index.contains(project) || patterns.matches(project);
    }

    /** Whether upstream releases of this private name may be merged in (exact names or globs, like patterns). */
    public boolean isAllowlisted(ProjectName project) {
        return allowlist.matches(project);
    }

    /**
     * The page of a private project for {@code caller}, or empty when {@code project} is not private (the caller then
     * goes to the upstream cache as usual).
     *
     * @param upstream the served upstream page of the project; asked only for an allowlisted name
     * @throws MirrorException.NotFound when the caller may not see the project, or it has nothing to show
     */
    public Optional<RenderedPage> page(ProjectName project, Caller caller, Supplier<ProjectPage> upstream) {
        if (!isPrivate(project)) {
            return Optional.empty();
        }
        if (!access.canReadPrivate(caller, project)) {
            throw notFound(project);
        }
        ProjectIndex snapshot = index.project(project).orElse(null);
        ProjectPage upstreamPage = null;
        if (isAllowlisted(project)) {
            try {
                upstreamPage = upstream.get();
            } catch (MirrorException e) {
                // An allowlisted name still has its private files when upstream has nothing (or is down).
                LOG.fine(() -> project + ": no upstream page to merge: " + e.getMessage());
            }
        }
        if (snapshot == null && upstreamPage == null) {
            throw notFound(project);
        }
        Rendered cached = rendered.get(project);
        if (cached != null && cached.snapshot() == snapshot && cached.upstream() == upstreamPage) {
            return Optional.of(cached.page());
        }
        RenderedPage page = new RenderedPage(pageOf(project, snapshot, upstreamPage), spillDir);
        rendered.put(project, new Rendered(snapshot, upstreamPage, page));
        return Optional.of(page);
    }

    static ProjectPage pageOf(ProjectName project, ProjectIndex snapshot, ProjectPage upstream) {
        List<FileEntry> files = new ArrayList<>();
        Set<String> names = new HashSet<>();
        if (snapshot != null) {
            for (PrivateFile f : sorted(snapshot.files())) {
                files.add(entryOf(f, FILES_PREFIX));
                names.add(f.filename());
            }
        }
        if (upstream != null && upstream.files() instanceof StreamedFiles streamed) {
            // A large upstream page stays on disk: the merge happens as it is read.
            List<FileEntry> merged = StreamedFiles.concat(files, streamed, f -> !names.contains(f.filename()));
            List<String> versions = Pep700.versions(project, upstream.versions(), merged);
            return new ProjectPage(project.normalized(), merged, versions, null, null, null);
        }
        if (upstream != null) {
            for (FileEntry f : upstream.files()) {
                if (!names.contains(f.filename())) { // a private file wins a filename clash
                    files.add(f);
                }
            }
        }
        List<String> versions = Pep700.versions(project, upstream == null ? List.of() : upstream.versions(), files);
        return new ProjectPage(project.normalized(), files, versions, null, null, null);
    }

    /** The page entry of a private file, its URL {@code <prefix><sha256>/<filename>}. */
    static FileEntry entryOf(PrivateFile f, String prefix) {
        return FileEntry.builder(f.filename(), prefix + f.sha256() + "/" + f.filename())
                .hashes(Map.of("sha256", f.sha256()))
                .requiresPython(f.requiresPython())
                .yanked(f.yanked(), f.yankedReason())
                .coreMetadata(f.coreMetadataSha256() == null ? null : Map.of("sha256", f.coreMetadataSha256()))
                .size(f.size())
                .uploadTime(f.uploadTime())
                .build();
    }

    private static List<PrivateFile> sorted(List<PrivateFile> files) {
        List<PrivateFile> copy = new ArrayList<>(files);
        copy.sort(Comparator.comparing(
                        (PrivateFile f) -> versionOrNull(f.version()), Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparing(PrivateFile::filename));
        return copy;
    }

    private static Version versionOrNull(String v) {
        return v != null && Version.isValid(v) ? Version.parse(v) : null;
    }

    /**
     * The names for the root {@code simple/} list: the cached public names minus private ones the caller may not
     * see, plus the uploaded private projects the caller may see.
     */
    public List<String> indexNames(Collection<String> publicNames, Caller caller) {
        Set<String> names = new TreeSet<>();
        for (String name : publicNames) {
            ProjectName p = ProjectName.isValid(name) ? ProjectName.parse(name) : null;
            // A stale upstream page of a name that is now private shows only where the page would: allowlisted.
            if (p == null || !isPrivate(p) || (isAllowlisted(p) && access.canReadPrivate(caller, p))) {
                names.add(name);
            }
        }
        for (ProjectIndex p : index.projects()) {
            if (access.canReadPrivate(caller, p.name())) {
                names.add(p.name().normalized());
            }
        }
        return List.copyOf(names);
    }

    /** Every private file {@code caller} may see, as entries linking {@code ../files/<sha256>/<filename>}. */
    public List<FileEntry> links(Caller caller) {
        List<FileEntry> out = new ArrayList<>();
        Set<ProjectName> seen = new LinkedHashSet<>();
        List<ProjectIndex> projects = new ArrayList<>(index.projects());
        projects.sort(Comparator.comparing(p -> p.name().normalized()));
        for (ProjectIndex p : projects) {
            if (seen.add(p.name()) && access.canReadPrivate(caller, p.name())) {
                for (PrivateFile f : sorted(p.files())) {
                    out.add(entryOf(f, "../files/"));
                }
            }
        }
        return out;
    }

    /**
     * Resolves a {@code files/<sha256>/<filename>} request against the private index first.
     *
     * @return the stored private file, or empty when the file is no business of the private index (go upstream)
     * @throws MirrorException.NotFound when the file is private and hidden from {@code caller}, or when its project
     *     is private (and not allowlisted) but no such private file exists: such a file is never fetched upstream
     */
    public Optional<PrivateIndex.Located> file(FileKey key, Caller caller) {
        Optional<PrivateIndex.Located> located = index.find(key);
        if (located.isPresent()) {
            if (!access.canReadPrivate(caller, located.get().project())) {
                throw fileNotFound(key);
            }
            return located;
        }
        Optional<ProjectName> project = FileService.projectOf(key.filename());
        if (project.isPresent() && isPrivate(project.get()) && !isAllowlisted(project.get())) {
            throw fileNotFound(key);
        }
        return Optional.empty();
    }

    /** Where the PEP 658 metadata of a located private file is. */
    public Path metadataOf(PrivateIndex.Located located) {
        if (located.file().coreMetadataSha256() == null) {
            throw new MirrorException.NotFound(
                    "No metadata is available for " + located.file().filename());
        }
        return index.metadataOf(located.project(), located.file().filename());
    }

    /** The 404 of an unknown project, word for word, so a hidden private project looks the same. */
    public MirrorException.NotFound notFound(ProjectName project) {
        return offline
                ? new MirrorException.NotFound("Project '" + project + "' is not cached and the mirror is offline")
                : new MirrorException.NotFound("No upstream has a project named '" + project + "'");
    }

    /** What a file of a project that does not exist gets, so a hidden private file looks the same. */
    private MirrorException.NotFound fileNotFound(FileKey key) {
        return FileService.projectOf(key.filename())
                .map(this::notFound)
                .orElseGet(() -> new MirrorException.NotFound("Unknown file " + key.filename()));
    }
}
