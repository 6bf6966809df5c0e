package io.jenkins.plugins.pythonmirror;

import io.jenkins.plugins.pythonmirror.access.AccessPolicy;
import io.jenkins.plugins.pythonmirror.access.RolePolicy;
import io.jenkins.plugins.pythonmirror.config.MirrorSettings;
import io.jenkins.plugins.pythonmirror.http.MirrorHandler;
import io.jenkins.plugins.pythonmirror.privateindex.PrivateIndex;
import io.jenkins.plugins.pythonmirror.privateindex.PrivatePackages;
import io.jenkins.plugins.pythonmirror.proxy.Downloads;
import io.jenkins.plugins.pythonmirror.proxy.FileService;
import io.jenkins.plugins.pythonmirror.proxy.PageCache;
import io.jenkins.plugins.pythonmirror.proxy.PageViews;
import io.jenkins.plugins.pythonmirror.proxy.Upstreams;
import io.jenkins.plugins.pythonmirror.status.Counters;
import io.jenkins.plugins.pythonmirror.status.MirrorStatus;
import io.jenkins.plugins.pythonmirror.store.CacheUsage;
import io.jenkins.plugins.pythonmirror.store.DataDir;
import io.jenkins.plugins.pythonmirror.store.FileKey;
import io.jenkins.plugins.pythonmirror.store.FileSystemBlobStore;
import io.jenkins.plugins.pythonmirror.store.PageStore;
import io.jenkins.plugins.pythonmirror.upload.Uploads;
import java.io.Closeable;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * One running mirror engine over one data directory: what both hosts (standalone server, Jenkins plugin) open at
 * start and close at shutdown.
 */
public final class Mirror implements Closeable {

    private final MirrorSettings settings;
    private final Instant startedAt;
    private final ExecutorService executor;
    private final ScheduledExecutorService watchdog;
    private final Counters counters = new Counters();
    private final DataDir dataDir;
    private final FileSystemBlobStore blobs;
    private final CacheUsage usage;
    private final Upstreams upstreams;
    private final PageCache pages;
    private final PageViews views;
    private final MirrorHandler handler;
    private final PrivatePackages privates;

    private Mirror(MirrorSettings settings, Supplier<HttpClient.Builder> httpClients, AccessPolicy access)
            throws IOException {
        List<String> problems = settings.validate();
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join(" ", problems));
        }
        Clock clock = Clock.systemUTC();
        this.settings = settings;
        this.startedAt = clock.instant();
        this.dataDir = DataDir.open(settings.dataDir());
        this.executor = Executors.newCachedThreadPool(daemonThreads("python-mirror-worker"));
        this.watchdog = Executors.newSingleThreadScheduledExecutor(daemonThreads("python-mirror-watchdog"));
        this.blobs = new FileSystemBlobStore(dataDir);
        this.usage = CacheUsage.scan(dataDir.files());
        PageStore pageStore = new PageStore(dataDir);
        this.upstreams = new Upstreams(settings, httpClients, clock);
        this.pages = new PageCache(settings, upstreams, pageStore, counters, clock, executor);
        this.views = new PageViews(blobs);
        Downloads downloads = new Downloads(
                blobs, upstreams, counters, executor, watchdog, settings.readTimeout(), this::fileCommitted);
        FileService files = new FileService(settings, blobs, dataDir, pages, downloads, upstreams);
        this.privates = new PrivatePackages(
                PrivateIndex.open(dataDir),
                settings.privatePatterns(),
                settings.allowlist(),
                access,
                settings.offline());
        Uploads uploads = new Uploads(
                privates,
                dataDir,
                settings.maxUploadBytes(),
                project -> pageStore
                        .load(project)
                        .map(p -> !p.page().files().isEmpty())
                        .orElse(false),
                clock);
        this.handler =
                new MirrorHandler(settings, pages, views, files, pageStore, counters, this::status, privates, uploads);
    }

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
        return new Mirror(settings, httpClients, access);
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
                0,
                privates.bytes(),
                0,
                usage.files(),
                null);
    }

    /** The request handler for the whole URL surface. */
    public MirrorHandler handler() {
        return handler;
    }

    private void fileCommitted(FileKey key) {
        try {
            usage.added(Files.size(blobs.pathOf(key)));
        } catch (IOException e) {
            // evicted already
        }
        FileService.projectOf(key.filename()).ifPresent(views::invalidate);
    }

    @Override
    public void close() throws IOException {
        watchdog.shutdownNow();
        executor.shutdownNow();
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
