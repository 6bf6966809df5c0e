package io.jenkins.plugins.pythonmirror.proxy;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.jenkins.plugins.pythonmirror.pep.DistributionFilename;
import io.jenkins.plugins.pythonmirror.pep.ProjectName;
import io.jenkins.plugins.pythonmirror.pep.Version;
import io.jenkins.plugins.pythonmirror.simple.FileEntry;
import io.jenkins.plugins.pythonmirror.simple.ProjectPage;
import io.jenkins.plugins.pythonmirror.store.BlobStore;
import io.jenkins.plugins.pythonmirror.store.FileKey;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.logging.Logger;

/**
 * Turns an upstream page into the page the mirror serves: every file link points at {@code files/<sha256>/<name>}
 * relative to the page, so it is right behind any base URL; files without a sha256 are left out because their
 * bytes could not be verified; {@code versions} (PEP 700) is filled in when upstream gave none.
 */
public final class PageViews {

    private static final Logger LOG = Logger.getLogger(PageViews.class.getName());
    /** From {@code simple/<project>/} back to the base. */
    static final String FILES_PREFIX = "../../files/";

    private final BlobStore blobs;

    private record Entry(ProjectPage source, RenderedPage rendered) {}

    private final Cache<ProjectName, Entry> rendered = Caffeine.newBuilder()
            // a rendered page holds its served page and up to four bodies: weigh it by its files
            .maximumWeight(PageCache.MEMORY_BUDGET)
            .weigher((ProjectName p, Entry e) -> 2 * PageCache.weightOf(e.source()))
            .build();

    public PageViews(BlobStore blobs) {
        this.blobs = blobs;
    }

    /** The served form of {@code source}, rendered at most once while {@code source} stays the same object. */
    public RenderedPage view(ProjectName project, ProjectPage source) {
        Entry entry = rendered.getIfPresent(project);
        if (entry != null && entry.source() == source) {
            return entry.rendered();
        }
        RenderedPage page = new RenderedPage(rewrite(project, source));
        rendered.put(project, new Entry(source, page));
        return page;
    }

    /** Drops the rendered form, for example when a file of the project was just stored. */
    public void invalidate(ProjectName project) {
        rendered.invalidate(project);
    }

    ProjectPage rewrite(ProjectName project, ProjectPage source) {
        boolean quarantined = "quarantined".equals(source.projectStatus());
        List<FileEntry> files = new ArrayList<>(source.files().size());
        int skipped = 0;
        // PEP 792: a quarantined project offers no files.
        for (FileEntry f : quarantined ? List.<FileEntry>of() : source.files()) {
            String sha = f.sha256();
            if (sha == null || !FileKey.isSha256(sha) || !FileKey.isSafeFilename(f.filename())) {
                skipped++;
                continue;
            }
            FileEntry served = f.withUrl(FILES_PREFIX + sha + "/" + f.filename());
            if (served.coreMetadata() == null
                    && f.filename().endsWith(".whl")
                    && blobs.find(new FileKey(sha, f.filename())).isPresent()) {
                // We can read METADATA out of the cached wheel, so offer it (PEP 658) even if upstream does not.
                served = served.toBuilder().coreMetadata(Map.of()).build();
            }
            files.add(served);
        }
        if (skipped > 0) {
            LOG.fine(() -> project + ": left out files without a usable sha256");
        }
        List<String> versions = versionsOf(source.versions(), files);
        return new ProjectPage(
                source.name(),
                files,
                versions,
                source.lastSerial(),
                source.projectStatus(),
                source.projectStatusReason());
    }

    /**
     * The distinct versions of {@code listed} (upstream's PEP 700 list) and of the files, in PEP 440 order; strings
     * that are not PEP 440 versions follow in the order met.
     */
    static List<String> versionsOf(List<String> listed, List<FileEntry> files) {
        Map<Version, String> ordered = new TreeMap<>();
        Set<String> odd = new LinkedHashSet<>();
        for (String s : listed) {
            if (Version.isValid(s)) {
                ordered.putIfAbsent(Version.parse(s), s);
            } else {
                odd.add(s);
            }
        }
        for (FileEntry f : files) {
            try {
                Version v = DistributionFilename.parse(f.filename()).version();
                ordered.putIfAbsent(v, v.toString());
            } catch (IllegalArgumentException e) {
                // legacy or odd filename (.egg, .exe): no version to list
            }
        }
        List<String> versions = new ArrayList<>(ordered.values());
        versions.addAll(odd);
        return versions;
    }
}
