package io.jenkins.plugins.pythonmirror.proxy;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.jenkins.plugins.pythonmirror.pep.ProjectName;
import io.jenkins.plugins.pythonmirror.policy.Decision;
import io.jenkins.plugins.pythonmirror.policy.HeldBack;
import io.jenkins.plugins.pythonmirror.policy.PolicyFilter;
import io.jenkins.plugins.pythonmirror.policy.PolicyLog;
import io.jenkins.plugins.pythonmirror.policy.ReleasePolicy;
import io.jenkins.plugins.pythonmirror.simple.FileEntry;
import io.jenkins.plugins.pythonmirror.simple.Pep700;
import io.jenkins.plugins.pythonmirror.simple.ProjectPage;
import io.jenkins.plugins.pythonmirror.simple.StreamedFiles;
import io.jenkins.plugins.pythonmirror.store.BlobStore;
import io.jenkins.plugins.pythonmirror.store.FileKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Turns an upstream page into the page the mirror serves: every file link points at {@code files/<sha256>/<name>}
 * relative to the page, so it is right behind any base URL; files without a sha256 are left out because their
 * bytes could not be verified. The page carries the normalized project name (PEP 691), the size of every file the
 * mirror has stored when upstream gave none (PEP 700), and {@code versions} covering every file (PEP 700).
 *
 * <p>Then the {@link ReleasePolicy} step ({@link PolicyFilter#filter}) removes what the policy withholds now. A
 * rendered view is reused while its source page and the policy are the same objects and the earliest hold-until
 * instant among its files has not come, so a held file appears on its own at that instant and a policy change is
 * seen by the next request.
 */
public final class PageViews {

    private static final Logger LOG = Logger.getLogger(PageViews.class.getName());
    /** From {@code simple/<project>/} back to the base. */
    static final String FILES_PREFIX = "../../files/";

    private final BlobStore blobs;
    private final Supplier<ReleasePolicy> policy;
    private final Clock clock;
    private final HeldBack heldBack;
    private final PolicyLog policyLog;
    private final Path spillDir;

    private record Entry(
            ProjectPage source, ReleasePolicy policy, PolicyFilter.Filtered filtered, RenderedPage rendered) {}

    private final Cache<ProjectName, Entry> rendered = Caffeine.newBuilder()
            // a rendered page holds its served page and up to four bodies (in memory only up to a bound each; larger
            // ones are files): weigh it by the files held in memory, twice over for the bodies
            .maximumWeight(PageCache.MEMORY_BUDGET)
            .weigher((ProjectName p, Entry e) -> 2 * PageCache.weightOf(e.source()))
            .build();

    /** Views without a release policy, rendered in memory only (tests, small setups). */
    public PageViews(BlobStore blobs) {
        this(blobs, null);
    }

    /** Views without a release policy; bodies too large for memory go to {@code spillDir} (or stay, when null). */
    public PageViews(BlobStore blobs, Path spillDir) {
        this(blobs, spillDir, () -> ReleasePolicy.NONE, Clock.systemUTC(), new HeldBack(), new PolicyLog());
    }

    /** Views filtered by a release policy, rendered in memory only (tests). */
    public PageViews(
            BlobStore blobs, Supplier<ReleasePolicy> policy, Clock clock, HeldBack heldBack, PolicyLog policyLog) {
        this(blobs, null, policy, clock, heldBack, policyLog);
    }

    /**
     * Views filtered by the policy {@code policy} supplies at each request (it may change at any time), at {@code
     * clock}'s instant; every filtering updates {@code heldBack}.
     *
     * @param spillDir where rendered bodies too large for memory are written (the data directory's {@code tmp/}),
     *     or null to keep every body in memory
     */
    public PageViews(
            BlobStore blobs,
            Path spillDir,
            Supplier<ReleasePolicy> policy,
            Clock clock,
            HeldBack heldBack,
            PolicyLog policyLog) {
        this.blobs = blobs;
        this.spillDir = spillDir;
        this.policy = policy;
        this.clock = clock;
        this.heldBack = heldBack;
        this.policyLog = policyLog;
    }

    /**
     * The served form of {@code source}, rendered at most once while {@code source} and the policy stay the same
     * objects and no held file of it has come of age.
     */
    public RenderedPage view(ProjectName project, ProjectPage source) {
        return entry(project, source).rendered();
    }

    /** Whether the release policy can withhold anything (else file requests need no policy check). */
    public boolean policyActive() {
        return !policy.get().isEmpty();
    }

    /**
     * What the policy says now about {@code filename} as {@code source} lists it; a file the page does not list is
     * judged by its name alone (blocked, or of unknown age). Private files never come here.
     */
    public Decision decision(ProjectName project, ProjectPage source, String filename) {
        ReleasePolicy p = policy.get();
        if (p.isEmpty()) {
            return Decision.visible();
        }
        if (source != null && source.file(filename) != null) {
            return entry(project, source).filtered().decision(filename);
        }
        return p.decide(new ReleasePolicy.Release(project, filename, null, false), clock.instant());
    }

    /** {@link PolicyFilter.Filtered#note()} of the view of {@code source}: why files are missing, or null. */
    public String withheldNote(ProjectName project, ProjectPage source) {
        return policy.get().isEmpty() ? null : entry(project, source).filtered().note();
    }

    private Entry entry(ProjectName project, ProjectPage source) {
        ReleasePolicy p = policy.get();
        Instant now = clock.instant();
        Entry entry = rendered.getIfPresent(project);
        if (entry != null
                && entry.source() == source
                && entry.policy() == p
                && now.isBefore(entry.filtered().validUntil())) {
            return entry;
        }
        Rewritten served = rewritten(project, source);
        PolicyFilter.Filtered filtered = PolicyFilter.filter(project, served.page(), p, now);
        heldBack.record(project, filtered);
        filtered.withheld().forEach((filename, d) -> policyLog.once(filename, d, false));
        // A subset of the served files keeps the served page's API version (1.1 needs sizes and listed versions).
        Entry fresh = new Entry(source, p, filtered, new RenderedPage(filtered.page(), spillDir, served.apiVersion()));
        rendered.put(project, fresh);
        return fresh;
    }

    /** Drops the rendered form, for example when a file of the project was just stored. */
    public void invalidate(ProjectName project) {
        rendered.invalidate(project);
    }

    /** Drops the rendered form and the project's policy figures (its page was purged). */
    public void forget(ProjectName project) {
        rendered.invalidate(project);
        heldBack.forget(project);
    }

    ProjectPage rewrite(ProjectName project, ProjectPage source) {
        return rewritten(project, source).page();
    }

    private Rewritten rewritten(ProjectName project, ProjectPage source) {
        boolean quarantined = "quarantined".equals(source.projectStatus());
        List<FileEntry> files;
        if (quarantined) {
            files = List.of(); // PEP 792: a quarantined project offers no files.
        } else if (source.files() instanceof StreamedFiles streamed) {
            // Too large for memory: the served entries are made as the page is read, each time it is rendered; the
            // store is looked at in the first pass only (a file stored later re-renders the page anyway).
            Looked looked = new Looked();
            files = streamed.map(f -> served(f, looked));
            Pep700.Facts facts = Pep700.facts(project, source.versions(), files);
            looked.complete = true;
            return rewritten(project, source, files, facts);
        } else {
            files = new ArrayList<>(source.files().size());
            int skipped = 0;
            for (FileEntry f : source.files()) {
                FileEntry served = served(f, null);
                if (served == null) {
                    skipped++;
                } else {
                    files.add(served);
                }
            }
            if (skipped > 0) {
                LOG.fine(() -> project + ": left out files without a usable sha256");
            }
        }
        return rewritten(project, source, files, Pep700.facts(project, source.versions(), files));
    }

    private static Rewritten rewritten(
            ProjectName project, ProjectPage source, List<FileEntry> files, Pep700.Facts facts) {
        return new Rewritten(
                new ProjectPage(
                        project.normalized(), // PEP 691: the normalized name, whatever the upstream page called it
                        files,
                        facts.versions(),
                        source.lastSerial(),
                        source.projectStatus(),
                        source.projectStatusReason()),
                facts.apiVersion());
    }

    /** A served page and its JSON API version, found in the same pass. */
    record Rewritten(ProjectPage page, String apiVersion) {}

    /** The stored files a pass over a streamed page found, and whether that pass is over. */
    private static final class Looked {
        final Map<String, Path> stored = new ConcurrentHashMap<>();
        volatile boolean complete;
    }

    /** The entry as served, or null for a file left out (no usable sha256). */
    private FileEntry served(FileEntry f, Looked looked) {
        String sha = f.sha256();
        if (sha == null || !FileKey.isSha256(sha) || !FileKey.isSafeFilename(f.filename())) {
            return null;
        }
        FileEntry served = f.withUrl(FILES_PREFIX + sha + "/" + f.filename());
        boolean wheelWithoutMetadata =
                served.coreMetadata() == null && f.filename().endsWith(".whl");
        if (wheelWithoutMetadata || served.size() == null) {
            Optional<Path> stored;
            if (looked != null && looked.complete) {
                stored = Optional.ofNullable(looked.stored.get(sha + "/" + f.filename()));
            } else {
                stored = blobs.find(new FileKey(sha, f.filename()));
                if (looked != null) {
                    stored.ifPresent(p -> looked.stored.put(sha + "/" + f.filename(), p));
                }
            }
            if (stored.isPresent()) {
                // We can read METADATA out of the cached wheel, so offer it (PEP 658) even if upstream does
                // not; and we know the size of what we stored (PEP 700) even if upstream's page (HTML) did not.
                served = served.toBuilder()
                        .coreMetadata(wheelWithoutMetadata ? Map.of() : served.coreMetadata())
                        .size(served.size() != null ? served.size() : sizeOf(stored.get()))
                        .build();
            }
        }
        return served;
    }

    private static Long sizeOf(Path stored) {
        try {
            return Files.size(stored);
        } catch (IOException e) {
            return null; // evicted meanwhile: the size stays unknown
        }
    }
}
