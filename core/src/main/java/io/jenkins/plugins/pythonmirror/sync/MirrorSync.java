package io.jenkins.plugins.pythonmirror.sync;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.jenkins.plugins.pythonmirror.MirrorException;
import io.jenkins.plugins.pythonmirror.pep.CoreMetadata;
import io.jenkins.plugins.pythonmirror.pep.ProjectName;
import io.jenkins.plugins.pythonmirror.policy.Decision;
import io.jenkins.plugins.pythonmirror.policy.ReleasePolicy;
import io.jenkins.plugins.pythonmirror.proxy.Download;
import io.jenkins.plugins.pythonmirror.proxy.Downloads;
import io.jenkins.plugins.pythonmirror.proxy.FileService;
import io.jenkins.plugins.pythonmirror.proxy.PageCache;
import io.jenkins.plugins.pythonmirror.simple.FileEntry;
import io.jenkins.plugins.pythonmirror.simple.ProjectPage;
import io.jenkins.plugins.pythonmirror.store.DataDir;
import io.jenkins.plugins.pythonmirror.store.FileKey;
import io.jenkins.plugins.pythonmirror.store.InUse;
import io.jenkins.plugins.pythonmirror.store.Pins;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs a {@link SyncSpec} against the engine: pages revalidated through {@link PageCache#revalidate} (one
 * conditional request each), files fetched through the proxy's verified, coalesced {@link Downloads} at most
 * {@code concurrency} at a time, the selection pinned, the report kept and written to {@code state/last-sync.json}.
 * One sync at a time: a second caller gets a 409 "already running".
 *
 * <p>Each run owns two small fixed pools, {@code concurrency} threads for file downloads and
 * {@link #PAGE_CONCURRENCY} for page and metadata prefetches, shut down when the run ends: a closure of thousands of
 * files queues thousands of tasks, never thousands of threads.
 *
 * <p>Dependency confusion: a name for which {@code upstreamAllowed} is false (private and not allowlisted) is never
 * revalidated, fetched or read upstream; the walk reports it as skipped.
 *
 * <p>Release policy: a file the {@link ReleasePolicy} withholds at the moment the walk selects (held back by age,
 * unknown age held, blocked) is never selected, fetched or pinned; the report lists the skip with the policy's
 * reason and counts it in {@link SyncReport#skippedByPolicy()}.
 */
public final class MirrorSync {

    private static final Logger LOG = Logger.getLogger(MirrorSync.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** How many page revalidations a sync keeps in flight ahead of the walk. */
    static final int PAGE_CONCURRENCY = 8;

    private final PageCache pages;
    private final FileService files;
    private final Pins pins;
    private final InUse inUse;
    private final DataDir dataDir;
    private final Predicate<ProjectName> upstreamAllowed;
    private final Supplier<ReleasePolicy> policy;
    private final int concurrency;
    private final Clock clock;
    private final ReentrantLock running = new ReentrantLock();
    private volatile SyncReport last;
    private final Set<FileKey> inProgress = ConcurrentHashMap.newKeySet();

    public MirrorSync(
            PageCache pages,
            FileService files,
            Pins pins,
            InUse inUse,
            DataDir dataDir,
            Predicate<ProjectName> upstreamAllowed,
            Supplier<ReleasePolicy> policy,
            int concurrency,
            Clock clock) {
        this.pages = pages;
        this.files = files;
        this.pins = pins;
        this.inUse = inUse;
        this.dataDir = dataDir;
        this.upstreamAllowed = upstreamAllowed;
        this.policy = policy;
        this.concurrency = concurrency;
        this.clock = clock;
        this.last = readLast(dataDir);
    }

    /**
     * Takes over a report another node wrote when it is newer than this node's (several nodes on one bucket show
     * the last sync any of them ran).
     */
    public void adoptLast(byte[] json) {
        try {
            SyncReport theirs = JSON.readValue(json, SyncReport.class);
            SyncReport mine = last;
            if (mine == null || theirs.finishedAt().compareTo(mine.finishedAt()) > 0) {
                dataDir.writeAtomically(dataDir.state().resolve("last-sync.json"), json);
                last = theirs;
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "Ignoring an unreadable shared sync report: " + e.getMessage());
        }
    }

    /** The last report as written, or null. */
    public byte[] lastBytes() {
        try {
            return Files.readAllBytes(dataDir.state().resolve("last-sync.json"));
        } catch (IOException e) {
            return null;
        }
    }

    /** The last report (this run's or a previous process's), or null when no sync ever finished. */
    public SyncReport last() {
        return last;
    }

    public boolean isRunning() {
        return running.isLocked();
    }

    /** Whether a running sync has selected {@code key} (eviction must keep it until the pins are written). */
    public boolean isSelectedByRunningSync(FileKey key) {
        return inProgress.contains(key);
    }

    /**
     * Runs one sync.
     *
     * @throws MirrorException with status 409 when a sync is already running
     */
    public SyncReport run(SyncSpec spec, SyncProgress progress) {
        if (!running.tryLock()) {
            throw new MirrorException(409, "A mirror sync is already running");
        }
        Run run = null;
        try {
            String started = clock.instant().toString();
            run = new Run(progress);
            ClosureWalker.Result walk = ClosureWalker.walk(spec, run, progress);
            List<SyncReport.Problem> errors = new ArrayList<>(walk.errors());
            errors.addAll(run.awaitDownloads());
            Set<FileKey> selected = new HashSet<>();
            long bytesSelected = 0;
            int count = 0;
            for (List<FileEntry> list : walk.files().values()) {
                for (FileEntry f : list) {
                    FileKey key = keyOf(f);
                    selected.add(key);
                    count++;
                    bytesSelected += files.stored(key).map(MirrorSync::size).orElse(0L);
                }
            }
            try {
                if (!errors.isEmpty()) {
                    // A failed sync must not unpin what builds relied on: keep the old pins as well.
                    selected.addAll(pins.all());
                }
                pins.replace(selected);
            } catch (IOException e) {
                errors.add(new SyncReport.Problem("(pins)", "cannot write the pins: " + e.getMessage()));
            }
            SyncReport report = new SyncReport(
                    started,
                    clock.instant().toString(),
                    walk.projects(),
                    walk.pagesNotModified(),
                    count,
                    run.added.get(),
                    run.bytes.get(),
                    bytesSelected,
                    walk.skipped().stream().limit(SyncReport.MAX_LISTED).toList(),
                    walk.skipped().size(),
                    (int) walk.skipped().stream()
                            .filter(SyncReport.Skip::policy)
                            .count(),
                    errors.stream().limit(SyncReport.MAX_LISTED).toList());
            last = report;
            try {
                dataDir.writeAtomically(dataDir.state().resolve("last-sync.json"), JSON.writeValueAsBytes(report));
            } catch (IOException e) {
                LOG.log(Level.WARNING, "Cannot write the sync report", e);
            }
            progress.message(report.summary().stripTrailing());
            return report;
        } finally {
            if (run != null) {
                run.close();
            }
            inProgress.clear();
            running.unlock();
        }
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return 0;
        }
    }

    static FileKey keyOf(FileEntry f) {
        return new FileKey(f.sha256(), f.filename());
    }

    private static SyncReport readLast(DataDir dataDir) {
        try {
            return JSON.readValue(Files.readAllBytes(dataDir.state().resolve("last-sync.json")), SyncReport.class);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "Ignoring an unreadable state/last-sync.json: " + e.getMessage());
            return null;
        }
    }

    private static final AtomicInteger RUNS = new AtomicInteger();

    private static ThreadFactory syncThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** One run's view of the engine, as the walker needs it. */
    private final class Run implements SyncIndex {
        private final SyncProgress progress;
        // Bounded pools owned by the run: tasks queue, threads do not multiply with the closure.
        private final ExecutorService downloads;
        // Page revalidations run ahead of the walk, a few at a time (they are small conditional requests).
        private final ExecutorService lookups;
        private final Map<ProjectName, CompletableFuture<PageCache.Lookup>> prefetched = new ConcurrentHashMap<>();
        private final List<CompletableFuture<Void>> metadataAhead =
                java.util.Collections.synchronizedList(new ArrayList<>());
        private final Map<FileKey, CompletableFuture<Void>> fetches = new ConcurrentHashMap<>();
        private final List<SyncReport.Problem> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger added = new AtomicInteger();
        final AtomicLong bytes = new AtomicLong();

        Run(SyncProgress progress) {
            this.progress = progress;
            int id = RUNS.incrementAndGet();
            this.downloads = Executors.newFixedThreadPool(
                    Math.max(1, concurrency), syncThreads("python-mirror-sync-" + id + "-download"));
            this.lookups =
                    Executors.newFixedThreadPool(PAGE_CONCURRENCY, syncThreads("python-mirror-sync-" + id + "-lookup"));
        }

        /** Lets queued prefetches finish (their results are cached) and ends the run's threads after them. */
        void close() {
            downloads.shutdown();
            lookups.shutdown();
        }

        @Override
        public boolean upstreamAllowed(ProjectName project) {
            return upstreamAllowed.test(project);
        }

        @Override
        public String withheld(ProjectName project, FileEntry file) {
            Decision d = policy.get().decide(ReleasePolicy.Release.upstream(project, file), clock.instant());
            return d.isVisible() ? null : d.reason();
        }

        private void requireUpstreamAllowed(ProjectName project) {
            if (!upstreamAllowed(project)) {
                throw new MirrorException.NotFound(project + ": " + SyncIndex.PRIVATE_SKIP);
            }
        }

        @Override
        public ProjectPage pageAgain(ProjectName project) {
            return pages.peek(project)
                    .map(p -> p.page())
                    .orElseThrow(() -> new MirrorException.NotFound("The page of " + project + " vanished"));
        }

        @Override
        public void prefetch(ProjectName project) {
            if (!upstreamAllowed(project)) {
                return;
            }
            prefetched.computeIfAbsent(project, p -> CompletableFuture.supplyAsync(() -> pages.revalidate(p), lookups));
        }

        @Override
        public PageAnswer page(ProjectName project) {
            requireUpstreamAllowed(project);
            CompletableFuture<PageCache.Lookup> ahead = prefetched.remove(project);
            PageCache.Lookup l;
            if (ahead == null) {
                l = pages.revalidate(project);
            } else {
                try {
                    l = ahead.join();
                } catch (CompletionException e) {
                    if (e.getCause() instanceof RuntimeException re) {
                        throw re;
                    }
                    throw e;
                }
            }
            return new PageAnswer(
                    l.page().page(),
                    l.fromCache() && !l.stale(),
                    l.stale() ? "the upstream could not be asked; the cached page was used" : null);
        }

        @Override
        public void prefetchMetadata(ProjectName project, FileEntry file) {
            if (!file.hasCoreMetadata() || !upstreamAllowed(project)) {
                return; // read from the file itself once its download (already started) is done
            }
            FileKey key = keyOf(file);
            if (Files.isRegularFile(files.metadataPath(key))) {
                return;
            }
            // FileService coalesces per key, so the walker's own read later joins this one or finds the file.
            metadataAhead.add(CompletableFuture.runAsync(
                    () -> {
                        try {
                            files.metadata(key);
                        } catch (IOException | RuntimeException e) {
                            // the walker's own read reports it
                        }
                    },
                    lookups));
        }

        @Override
        public long bytesAdded() {
            return bytes.get();
        }

        @Override
        public void selected(ProjectName project, FileEntry file) {
            if (!upstreamAllowed(project)) {
                return; // the walker never selects one; never fetch such a file upstream regardless
            }
            FileKey key = keyOf(file);
            inProgress.add(key);
            if (files.stored(key).isPresent()) {
                return;
            }
            fetches.computeIfAbsent(key, k -> CompletableFuture.runAsync(() -> fetch(k), downloads));
        }

        private void fetch(FileKey key) {
            try {
                Downloads.Fetch f = files.fetchForSync(key);
                if (f instanceof Downloads.Fetch.Running r) {
                    Download d = r.download();
                    Path done = d.awaitCommitted();
                    added.incrementAndGet();
                    bytes.addAndGet(size(done));
                }
            } catch (IOException | RuntimeException e) {
                failures.add(new SyncReport.Problem(key.filename(), e.getMessage()));
                progress.message("ERROR " + key.filename() + ": " + e.getMessage());
                throw new CompletionException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CompletionException(e);
            }
        }

        List<SyncReport.Problem> awaitDownloads() {
            for (CompletableFuture<Void> f : fetches.values()) {
                try {
                    f.join();
                } catch (CompletionException e) {
                    // recorded in failures
                }
            }
            return List.copyOf(failures);
        }

        @Override
        public CoreMetadata metadata(ProjectName project, FileEntry file) throws IOException {
            requireUpstreamAllowed(project);
            FileKey key = keyOf(file);
            boolean wheel = file.filename().endsWith(".whl");
            if (!file.hasCoreMetadata() || (!wheel && files.stored(key).isEmpty())) {
                CompletableFuture<Void> fetch = fetches.get(key);
                if (fetch != null && !file.hasCoreMetadata()) {
                    try {
                        fetch.join();
                    } catch (CompletionException e) {
                        throw new IOException("download failed: " + e.getCause().getMessage(), e.getCause());
                    }
                }
            }
            if (wheel || file.hasCoreMetadata()) {
                return CoreMetadata.parse(Files.readString(files.metadata(key), StandardCharsets.UTF_8));
            }
            Optional<Path> stored = files.stored(key);
            if (stored.isEmpty()) {
                throw new IOException(file.filename() + " is not in the cache");
            }
            try (InUse.Lease lease = inUse.acquire(key)) {
                Optional<String> text = SdistMetadata.read(stored.get());
                return text.map(CoreMetadata::parse).orElse(null);
            }
        }
    }
}
