package io.jenkins.plugins.pythonmirror;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.pythonmirror.access.AccessPolicy;
import io.jenkins.plugins.pythonmirror.access.RolePolicy;
import io.jenkins.plugins.pythonmirror.build.BuildTokens;
import io.jenkins.plugins.pythonmirror.config.MirrorSettings;
import io.jenkins.plugins.pythonmirror.http.AdminApi;
import io.jenkins.plugins.pythonmirror.http.MirrorHandler;
import io.jenkins.plugins.pythonmirror.pep.ProjectName;
import io.jenkins.plugins.pythonmirror.policy.HeldBack;
import io.jenkins.plugins.pythonmirror.policy.PolicyLog;
import io.jenkins.plugins.pythonmirror.policy.PolicyStore;
import io.jenkins.plugins.pythonmirror.policy.ReleasePolicy;
import io.jenkins.plugins.pythonmirror.privateindex.PrivateIndex;
import io.jenkins.plugins.pythonmirror.privateindex.PrivatePackages;
import io.jenkins.plugins.pythonmirror.proxy.Downloads;
import io.jenkins.plugins.pythonmirror.proxy.FileService;
import io.jenkins.plugins.pythonmirror.proxy.PageCache;
import io.jenkins.plugins.pythonmirror.proxy.PageViews;
import io.jenkins.plugins.pythonmirror.proxy.Upstreams;
import io.jenkins.plugins.pythonmirror.report.CiSessions;
import io.jenkins.plugins.pythonmirror.report.Sessions;
import io.jenkins.plugins.pythonmirror.status.Counters;
import io.jenkins.plugins.pythonmirror.status.MirrorStatus;
import io.jenkins.plugins.pythonmirror.status.PolicyStatus;
import io.jenkins.plugins.pythonmirror.status.StorageStatus;
import io.jenkins.plugins.pythonmirror.store.BlobStore;
import io.jenkins.plugins.pythonmirror.store.CacheUsage;
import io.jenkins.plugins.pythonmirror.store.DataDir;
import io.jenkins.plugins.pythonmirror.store.Eviction;
import io.jenkins.plugins.pythonmirror.store.FileKey;
import io.jenkins.plugins.pythonmirror.store.FileSystemBlobStore;
import io.jenkins.plugins.pythonmirror.store.InUse;
import io.jenkins.plugins.pythonmirror.store.ObjectStore;
import io.jenkins.plugins.pythonmirror.store.ObjectStoreUnavailableException;
import io.jenkins.plugins.pythonmirror.store.PageStore;
import io.jenkins.plugins.pythonmirror.store.Pins;
import io.jenkins.plugins.pythonmirror.store.RetainedFiles;
import io.jenkins.plugins.pythonmirror.store.SharedBlobStore;
import io.jenkins.plugins.pythonmirror.store.SharedStorage;
import io.jenkins.plugins.pythonmirror.sync.MirrorSync;
import io.jenkins.plugins.pythonmirror.sync.SyncProgress;
import io.jenkins.plugins.pythonmirror.sync.SyncReport;
import io.jenkins.plugins.pythonmirror.sync.SyncSpec;
import io.jenkins.plugins.pythonmirror.upload.Uploads;
import java.io.Closeable;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One running mirror engine over one data directory: what both hosts (standalone server, Jenkins plugin) open at
 * start and close at shutdown.
 */
public final class Mirror implements Closeable {

    private static final Logger LOG = Logger.getLogger(Mirror.class.getName());

    private final MirrorSettings settings;
    private final Instant startedAt;
    private final ExecutorService executor;
    private final ScheduledExecutorService watchdog;
    private final Counters counters;
    private final Sessions sessions;
    /** The sessions API's sessions (standalone server), or null when it is off. */
    private final CiSessions ciSessions;

    private final RetainedFiles retained;
    /** Evictions counted by the engines this one replaced ({@link #reopen}). */
    private final long evictionsBefore;

    private final DataDir dataDir;
    /** The bucket shared with other nodes, or null when this node keeps everything in its data directory. */
    private final SharedStorage shared;

    private final BlobStore blobs;
    private final CacheUsage usage;
    private final Upstreams upstreams;
    private final PageCache pages;
    private final PageViews views;
    private final MirrorHandler handler;
    private final PrivatePackages privates;
    private final BlobStore blobStore;
    private final Pins pins;
    private final InUse inUse = new InUse();
    private final Eviction eviction;
    private final MirrorSync sync;
    private final ExecutorService maintenance;
    private final AtomicBoolean evictionQueued = new AtomicBoolean();
    private final AtomicLong pinnedBytes = new AtomicLong();
    private volatile SyncSpec syncSpec;
    private final Clock clock;
    /** The release policy; replaced as a whole, read at every page view, download and sync selection. */
    private final AtomicReference<ReleasePolicy> policy;

    private final HeldBack heldBack = new HeldBack();
    private final PolicyLog policyLog = new PolicyLog();
    private volatile PolicyStore policyStore;

    private Mirror(
            MirrorSettings settings, Supplier<HttpClient.Builder> httpClients, AccessPolicy access, Carried carried)
            throws IOException {
        List<String> problems = settings.validate();
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join(" ", problems));
        }
        Clock clock = Clock.systemUTC();
        this.clock = clock;
        this.policy = new AtomicReference<>(carried == null ? ReleasePolicy.NONE : carried.policy());
        this.policyStore = carried == null ? PolicyStore.IN_MEMORY : carried.policyStore();
        this.settings = settings;
        this.counters = carried == null ? new Counters() : carried.counters();
        this.sessions = carried == null ? new Sessions() : carried.sessions();
        this.startedAt = carried == null ? clock.instant() : carried.startedAt();
        this.evictionsBefore = carried == null ? 0 : carried.evictions();
        this.dataDir = DataDir.open(settings.dataDir());
        this.executor = Executors.newCachedThreadPool(daemonThreads("python-mirror-worker"));
        this.watchdog = Executors.newSingleThreadScheduledExecutor(daemonThreads("python-mirror-watchdog"));
        this.shared = openShared(settings, clock);
        FileSystemBlobStore localBlobs = new FileSystemBlobStore(dataDir);
        this.blobs = shared == null ? localBlobs : new SharedBlobStore(localBlobs, shared);
        this.usage = CacheUsage.scan(dataDir.files());
        PageStore pageStore = new PageStore(dataDir, shared);
        this.upstreams = new Upstreams(settings, httpClients, clock);
        this.pages = new PageCache(settings, upstreams, pageStore, counters, clock, executor);
        this.views = new PageViews(blobs, dataDir.tmp(), policy::get, clock, heldBack, policyLog);
        Downloads downloads =
                new Downloads(blobs, upstreams, counters, executor, watchdog, settings, this::fileCommitted);
        FileService files = new FileService(settings, blobs, dataDir, pages, downloads, upstreams);
        this.privates = new PrivatePackages(
                PrivateIndex.open(dataDir, shared),
                settings.privatePatterns(),
                settings.allowlist(),
                access,
                settings.offline());
        privates.spillTo(dataDir.tmp());
        Uploads uploads = new Uploads(
                privates,
                dataDir,
                settings.maxUploadBytes(),
                project -> pageStore
                        .load(project)
                        .map(p -> !p.page().files().isEmpty())
                        .orElse(false),
                clock);
        this.ciSessions = settings.sessionApi()
                ? CiSessions.open(
                        sessions, dataDir, clock, settings.sessionReportsKeptFor(), BuildTokens.DEFAULT_MAX_LIFETIME)
                : null;
        this.handler = new MirrorHandler(
                settings,
                pages,
                views,
                files,
                pageStore,
                counters,
                this::status,
                privates,
                uploads,
                sessions,
                ciSessions);
        handler.policyLog(policyLog);
        // Mirror sync and the bounded cache.
        this.blobStore = blobs;
        this.pageStore = pageStore;
        this.downloads = downloads;
        this.pins = Pins.load(dataDir);
        this.retained = RetainedFiles.load(dataDir);
        this.pinnedBytes.set(pins.bytes(blobs));
        this.maintenance = Executors.newSingleThreadExecutor(daemonThreads("python-mirror-maintenance"));
        // Dependency confusion: a private name is looked up upstream only when the admin allowlisted it.
        PrivatePackages privateNames = privates;
        this.sync = new MirrorSync(
                pages,
                files,
                pins,
                inUse,
                dataDir,
                p -> !privateNames.isPrivate(p) || privateNames.isAllowlisted(p),
                policy::get,
                SYNC_DOWNLOADS,
                clock);
        this.eviction = new Eviction(
                dataDir,
                blobs,
                usage,
                pins,
                inUse,
                key -> downloads.isActive(key) || sync.isSelectedByRunningSync(key) || retained.contains(key),
                settings::maxCacheBytes);
        handler.connect(new Admin(), inUse);
        if (shared != null) {
            adoptSharedSyncState();
            watchdog.scheduleWithFixedDelay(
                    this::adoptSharedSyncState,
                    SHARED_STATE_SECONDS,
                    SHARED_STATE_SECONDS,
                    java.util.concurrent.TimeUnit.SECONDS);
        }
        scheduleEviction();
        if (ciSessions != null) {
            // Ends sessions whose token expired and drops old reports even when nobody calls the API.
            long every =
                    Math.max(1, Math.min(3600, settings.sessionReportsKeptFor().toSeconds()));
            watchdog.scheduleWithFixedDelay(this::sweepSessions, every, every, java.util.concurrent.TimeUnit.SECONDS);
        }
        if (!policy.get().isEmpty()) {
            scheduleRecount();
        }
    }

    private void sweepSessions() {
        try {
            ciSessions.sweep();
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "Sweeping session reports failed", e);
        }
    }

    /** How many files a sync downloads at once. */
    static final int SYNC_DOWNLOADS = 4;

    private final PageStore pageStore;
    private final Downloads downloads;

    /** Opens the engine with a plain JDK HTTP client for upstream traffic. */
    public static Mirror open(MirrorSettings settings) throws IOException {
        return open(settings, HttpClient::newBuilder);
    }

    /**
     * Opens the engine; {@code httpClients} supplies the builder for upstream HTTP clients, so Jenkins can hand in
     * its proxy-aware {@code ProxyConfiguration.newHttpClientBuilder()}.
     */
    public static Mirror open(MirrorSettings settings, Supplier<HttpClient.Builder> httpClients) throws IOException {
        return open(settings, httpClients, new RolePolicy(settings.anonymousRead()));
    }

    /** Opens the engine with the host's own access decisions (the default is {@link RolePolicy}). */
    public static Mirror open(MirrorSettings settings, Supplier<HttpClient.Builder> httpClients, AccessPolicy access)
            throws IOException {
        return new Mirror(settings, httpClients, access, null);
    }

    /**
     * Closes this engine and opens one with {@code newSettings} that carries on this one's counters, eviction count
     * and start time, so a settings change (Jenkins reopens on save) does not wipe the traffic history. Upstream
     * health starts afresh: the upstream list may have changed.
     */
    public Mirror reopen(MirrorSettings newSettings, Supplier<HttpClient.Builder> httpClients) throws IOException {
        Carried carried = new Carried(
                counters, sessions, startedAt, evictionsBefore + eviction.evictions(), policy.get(), policyStore);
        close();
        return new Mirror(newSettings, httpClients, new RolePolicy(newSettings.anonymousRead()), carried);
    }

    /** What a reopened engine takes over from the one it replaces. */
    private record Carried(
            Counters counters,
            Sessions sessions,
            Instant startedAt,
            long evictions,
            ReleasePolicy policy,
            PolicyStore policyStore) {}

    /** The release policy in force. */
    public ReleasePolicy policy() {
        return policy.get();
    }

    /**
     * Puts {@code newPolicy} in force at once: the next page view, download and sync selection follow it, without
     * reopening anything (counters, caches and running downloads stay). Returns whether it differed from the policy
     * in force. The figures of the status page are recounted over the cached pages in the background.
     */
    public boolean setPolicy(ReleasePolicy newPolicy) {
        ReleasePolicy old = policy.get();
        if (old.equals(newPolicy)) {
            return false;
        }
        policy.set(newPolicy);
        policyLog.reset();
        heldBack.clear();
        LOG.info("Release policy: " + newPolicy.summary());
        scheduleRecount();
        return true;
    }

    /** Where {@code PUT api/policy} keeps a new policy before it applies (default: nowhere, memory only). */
    public void setPolicyStore(PolicyStore store) {
        this.policyStore = store == null ? PolicyStore.IN_MEMORY : store;
    }

    /** Filters every cached page once with the policy in force, so the status figures cover the whole cache. */
    private void scheduleRecount() {
        ReleasePolicy counted = policy.get();
        maintenance.execute(() -> {
            try {
                for (String name : pageStore.projectNames()) {
                    if (policy.get() != counted) {
                        return; // changed again: a newer recount is queued
                    }
                    ProjectName p = ProjectName.parse(name);
                    pages.peek(p).ifPresent(page -> views.view(p, page.page()));
                }
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.WARNING, "Counting what the release policy withholds failed", e);
            }
        });
    }

    /** The private index and the rules around it. */
    public PrivatePackages privatePackages() {
        return privates;
    }

    public MirrorSettings settings() {
        return settings;
    }

    /** A snapshot of counters, cache use and upstream health. */
    public MirrorStatus status() {
        return new MirrorStatus(
                startedAt.toString(),
                settings.offline(),
                counters.hits.sum(),
                counters.misses.sum(),
                counters.bytesServed.sum(),
                counters.bytesFetched.sum(),
                counters.staleServes.sum(),
                upstreams.status(),
                usage.bytes(),
                settings.maxCacheBytes(),
                pinnedBytes.get(),
                retained.bytes(blobs),
                privates.bytes(),
                evictionsBefore + eviction.evictions(),
                usage.files(),
                lastSyncMap(),
                counters.failedDownloadsByReason(),
                counters.sha256Mismatches.sum(),
                counters.dataDiskFullSince() != null,
                counters.dataDiskFullSince() == null
                        ? null
                        : counters.dataDiskFullSince().toString(),
                counters.diskFullErrors.sum(),
                policyStatus(),
                storageStatus());
    }

    private StorageStatus storageStatus() {
        if (shared == null) {
            return StorageStatus.LOCAL;
        }
        return new StorageStatus(
                "shared",
                shared.describe(),
                shared.reachable() ? "ok" : "unreachable",
                shared.unreachableSince() == null
                        ? null
                        : shared.unreachableSince().toString(),
                shared.requests(),
                shared.failures(),
                shared.lastError(),
                counters.storageBytesRead.sum());
    }

    /**
     * Opens the shared bucket, if one is configured. A bucket unreachable at start does not stop the node: it serves
     * what it has locally and the health probe notices when the bucket is back.
     */
    private static SharedStorage openShared(MirrorSettings settings, Clock clock) throws IOException {
        if (settings.sharedStore() == null) {
            return null;
        }
        SharedStorage storage = new SharedStorage(settings.sharedStore().open(), clock);
        try {
            storage.probe();
            LOG.info("Shared storage: " + storage.describe());
        } catch (ObjectStoreUnavailableException e) {
            LOG.warning("Shared storage " + storage.describe() + " is unreachable at start; serving from this node's"
                    + " local cache until it is back: " + e.getMessage());
        } catch (IOException e) {
            storage.close();
            throw new IOException(
                    "Cannot use the shared storage " + settings.sharedStore().describe() + ": " + e.getMessage(), e);
        }
        return storage;
    }

    private PolicyStatus policyStatus() {
        ReleasePolicy p = policy.get();
        HeldBack.Counts c = heldBack.counts(clock.instant());
        return new PolicyStatus(
                p.summary(),
                !p.isEmpty(),
                c.filesHeldBack(),
                c.projectsHeldBack(),
                c.filesBlocked(),
                c.filesUnknownAge(),
                c.nextRelease() == null ? null : c.nextRelease().toString(),
                counters.policyRefusals.sum());
    }

    private Map<String, Object> lastSyncMap() {
        SyncReport last = sync.last();
        return last == null ? null : REPORT_JSON.convertValue(last, new TypeReference<Map<String, Object>>() {});
    }

    private static final ObjectMapper REPORT_JSON = new ObjectMapper();

    /**
     * Runs one mirror sync now, in the calling thread, then evicts down to the cap.
     *
     * @throws MirrorException with status 409 when a sync is already running
     */
    public SyncReport sync(SyncSpec spec, SyncProgress progress) {
        try {
            return sync.run(spec, progress);
        } finally {
            shareSyncState();
            pinnedBytes.set(pins.bytes(blobStore));
            scheduleEviction();
        }
    }

    /** Shared bucket: the pins and the report of the sync this node ran, for every other node. */
    private void shareSyncState() {
        if (shared == null) {
            return;
        }
        try {
            byte[] pinsFile = pins.bytes();
            byte[] report = sync.lastBytes();
            shared.call(s -> {
                s.put(SHARED_PINS, pinsFile);
                if (report != null) {
                    s.put(SHARED_LAST_SYNC, report);
                }
                return null;
            });
        } catch (IOException | RuntimeException e) {
            LOG.warning("Could not put the sync state into the shared storage: " + e.getMessage());
        }
    }

    static final String SHARED_PINS = "state/pins.txt";
    static final String SHARED_LAST_SYNC = "state/last-sync.json";
    /** How often a node takes over the pins and sync report another node wrote. */
    static final long SHARED_STATE_SECONDS = 30;

    /** Shared bucket: takes over the pins and the newer sync report of the node that ran the last sync. */
    private void adoptSharedSyncState() {
        if (shared == null || !shared.reachable() || sync.isRunning()) {
            return;
        }
        try {
            Optional<ObjectStore.Versioned> pinsFile = shared.call(s -> s.read(SHARED_PINS));
            if (pinsFile.isPresent()) {
                pins.adopt(pinsFile.get().bytes());
                pinnedBytes.set(pins.bytes(blobStore));
            }
            shared.call(s -> s.read(SHARED_LAST_SYNC)).ifPresent(r -> sync.adoptLast(r.bytes()));
        } catch (IOException | RuntimeException e) {
            LOG.fine(() -> "Could not read the shared sync state: " + e.getMessage());
        }
    }

    /** The last sync's report (kept across restarts in {@code state/last-sync.json}), or null. */
    public SyncReport lastSync() {
        return sync.last();
    }

    /** Whether a sync is running now. */
    public boolean isSyncRunning() {
        return sync.isRunning();
    }

    /** The spec {@code POST api/sync} runs; null disables that route. */
    public void setSyncSpec(SyncSpec spec) {
        this.syncSpec = spec;
    }

    /** What sessions (builds) obtained: the host begins and ends sessions, the handler records their requests. */
    public Sessions sessions() {
        return sessions;
    }

    /**
     * The sessions CI systems start over {@code api/sessions}, whose tokens the host must accept; empty unless the
     * settings turn the sessions API on (the standalone server does, Jenkins does not).
     */
    public Optional<CiSessions> ciSessions() {
        return Optional.ofNullable(ciSessions);
    }

    /**
     * Keeps {@code keys} for {@code owner} (a job: the files of its last successful builds) against eviction and
     * purge, replacing what it kept before; empty releases them.
     */
    public void retain(String owner, Collection<FileKey> keys) throws IOException {
        retained.replace(owner, keys);
    }

    /** The owners that retain files now. */
    public Set<String> retainedOwners() {
        return retained.owners();
    }

    /** Releases the files of every owner not in {@code owners} (jobs deleted or renamed since). */
    public void retainOnly(Set<String> owners) throws IOException {
        retained.keepOnly(owners);
    }

    /** The files the last sync pinned (for find-links pages and status views). */
    public Set<FileKey> pinnedFiles() {
        return pins.all();
    }

    /** Evicts least-recently-used unpinned files until the cache fits its cap; returns what was removed. */
    public Eviction.Result evict() throws IOException {
        return eviction.evictToCap();
    }

    /** Drops every unpinned cached file and every cached page of a project without pinned files. */
    public Eviction.Result purge() throws IOException {
        return purge(null);
    }

    /** As {@link #purge()}, for one project ({@code null}: all). */
    public Eviction.Result purge(ProjectName project) throws IOException {
        Eviction.Result removed = eviction.purge(
                key -> project == null || FileService.projectOf(key.filename()).equals(Optional.of(project)));
        Set<ProjectName> keepPages = new HashSet<>();
        pins.all().forEach(k -> FileService.projectOf(k.filename()).ifPresent(keepPages::add));
        retained.all().forEach(k -> FileService.projectOf(k.filename()).ifPresent(keepPages::add));
        List<String> names = project == null ? pageStore.projectNames() : List.of(project.normalized());
        for (String name : names) {
            ProjectName p = ProjectName.parse(name);
            if (!keepPages.contains(p)) {
                pages.forget(p);
                views.forget(p);
            } else {
                views.invalidate(p);
            }
        }
        return removed;
    }

    /** Runs an eviction soon in the background, unless one is already queued. */
    private void scheduleEviction() {
        if (settings.maxCacheBytes() > 0 && evictionQueued.compareAndSet(false, true)) {
            maintenance.execute(() -> {
                evictionQueued.set(false);
                try {
                    eviction.evictToCap();
                } catch (IOException | RuntimeException e) {
                    LOG.log(Level.WARNING, "Eviction failed", e);
                }
            });
        }
    }

    /** What the HTTP admin routes call. */
    private final class Admin implements AdminApi {
        @Override
        public void startSync() {
            SyncSpec spec = syncSpec;
            if (spec == null) {
                throw new MirrorException(409, "No sync spec is configured");
            }
            if (sync.isRunning()) {
                throw new MirrorException(409, "A mirror sync is already running");
            }
            executor.execute(() -> {
                try {
                    sync(spec, SyncProgress.NONE);
                } catch (MirrorException e) {
                    LOG.info("Sync not started: " + e.getMessage());
                }
            });
        }

        @Override
        public Set<FileKey> pinnedFiles() {
            return pins.all();
        }

        @Override
        public Map<String, Object> purge(ProjectName project) throws IOException {
            Eviction.Result r = Mirror.this.purge(project);
            return Map.of("files", r.files(), "bytes", r.bytes());
        }

        @Override
        public ReleasePolicy policy() {
            return policy.get();
        }

        @Override
        public ReleasePolicy replacePolicy(ReleasePolicy newPolicy) throws IOException {
            synchronized (this) { // two PUTs at once: each keeps and applies its policy as a whole
                policyStore.save(newPolicy);
                setPolicy(newPolicy);
                return policy.get();
            }
        }
    }

    /** The request handler for the whole URL surface. */
    public MirrorHandler handler() {
        return handler;
    }

    private void fileCommitted(FileKey key, boolean changesView) {
        try {
            long size = Files.size(blobs.pathOf(key));
            usage.added(size);
            if (pins.isPinned(key)) {
                // Another node's sync pinned it (shared bucket), or a client fetched it ahead of this node's sync.
                pinnedBytes.addAndGet(size);
            }
        } catch (IOException e) {
            // evicted already
        }
        if (usage.bytes() > settings.maxCacheBytes()) {
            scheduleEviction();
        }
        if (changesView) {
            // Re-rendered only when the page shows something new for the file: a huge page costs seconds to render.
            FileService.projectOf(key.filename()).ifPresent(views::invalidate);
        }
    }

    @Override
    public void close() throws IOException {
        if (ciSessions != null) {
            try {
                ciSessions.endAll();
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.WARNING, "Could not keep the reports of the running sessions", e);
            }
        }
        watchdog.shutdownNow();
        maintenance.shutdownNow();
        executor.shutdownNow();
        if (shared != null) {
            shared.close();
        }
        // Let work in flight notice the shutdown, so a reopened engine (Jenkins saves its configuration) does not
        // race the old one on the same data directory.
        try {
            executor.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
            maintenance.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
