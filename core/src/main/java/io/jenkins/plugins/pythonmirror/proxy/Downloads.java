package io.jenkins.plugins.pythonmirror.proxy;

import io.jenkins.plugins.pythonmirror.MirrorException;
import io.jenkins.plugins.pythonmirror.config.MirrorSettings;
import io.jenkins.plugins.pythonmirror.status.Counters;
import io.jenkins.plugins.pythonmirror.status.DownloadFailure;
import io.jenkins.plugins.pythonmirror.store.BlobStore;
import io.jenkins.plugins.pythonmirror.store.DiskSpace;
import io.jenkins.plugins.pythonmirror.store.FileKey;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Coalesces downloads: at most one upstream transfer per file at a time, however many clients ask; later askers
 * stream from the running {@link Download}. A watchdog ends transfers that stall, drip (the minimum-progress rule)
 * or that nobody waits for any more; every failed download is logged in one line and counted by reason.
 */
public final class Downloads {

    private static final Logger LOG = Logger.getLogger(Downloads.class.getName());

    /**
     * How long a download may run with nobody waiting for it before it is ended: covers the moment between a
     * request obtaining the download and starting to read it.
     */
    static final Duration ABANDON_GRACE = Duration.ofSeconds(2);

    private final BlobStore blobs;
    private final Upstreams upstreams;
    private final Counters counters;
    private final ExecutorService executor;
    private final ConcurrentHashMap<FileKey, Download> active = new ConcurrentHashMap<>();
    private final BiConsumer<FileKey, Boolean> onCommitted;
    private final Download.Listener listener = new Listener();
    /**
     * Files whose copy in the shared bucket failed (broken off, or bytes that do not match): for a while the next
     * attempt goes to the upstream instead of meeting the same copy again.
     */
    private final com.github.benmanes.caffeine.cache.Cache<FileKey, Boolean> sharedFailed =
            com.github.benmanes.caffeine.cache.Caffeine.newBuilder()
                    .expireAfterWrite(java.time.Duration.ofMinutes(10))
                    .maximumSize(10_000)
                    .build();

    /** Either a committed file or a running download. */
    public sealed interface Fetch {
        record Ready(Path path) implements Fetch {}

        record Running(Download download) implements Fetch {}
    }

    public Downloads(
            BlobStore blobs,
            Upstreams upstreams,
            Counters counters,
            ExecutorService executor,
            ScheduledExecutorService watchdog,
            MirrorSettings settings,
            BiConsumer<FileKey, Boolean> onCommitted) {
        this(
                blobs,
                upstreams,
                counters,
                executor,
                watchdog,
                new Download.Rules(
                        settings.readTimeout().toMillis(),
                        settings.minDownloadBytes(),
                        settings.minDownloadWindow().toMillis(),
                        ABANDON_GRACE.toMillis()),
                onCommitted);
    }

    Downloads(
            BlobStore blobs,
            Upstreams upstreams,
            Counters counters,
            ExecutorService executor,
            ScheduledExecutorService watchdog,
            Download.Rules rules,
            BiConsumer<FileKey, Boolean> onCommitted) {
        this.blobs = blobs;
        this.upstreams = upstreams;
        this.counters = counters;
        this.executor = executor;
        this.onCommitted = onCommitted;
        // Look often enough that a rule fires within about a quarter of its period.
        long tick = Math.max(
                100,
                Math.min(
                        1_000,
                        Math.min(rules.stallMillis(), Math.min(rules.windowMillis(), rules.abandonGraceMillis())) / 4));
        watchdog.scheduleWithFixedDelay(
                () -> {
                    long now = System.currentTimeMillis();
                    active.values().forEach(d -> d.watch(now, rules));
                },
                tick,
                tick,
                TimeUnit.MILLISECONDS);
    }

    /**
     * The file if it is stored, else the download that brings it (joining the one in progress, or starting one).
     *
     * @param url where the upstream serves it
     * @param pageSource the page that listed it (for credentials and health accounting)
     * @param announcedSize the size the index gave, or null
     * @param forSync whether a mirror sync asks: the download then runs to its end even if no client waits for it
     * @param changesView whether storing the file changes how its project page is served (see {@link
     *     Download#changesView()})
     */
    public Fetch obtain(FileKey key, URI url, URI pageSource, Long announcedSize, boolean forSync, boolean changesView)
            throws IOException {
        // Local disk first; a download then tries the bucket shared with other nodes (if any) before the upstream.
        Optional<Path> stored = blobs.find(key);
        if (stored.isPresent()) {
            return new Fetch.Ready(stored.get());
        }
        Download running = active.get(key);
        if (running != null && !running.isFailing()) {
            if (forSync) {
                running.keepForSync();
            }
            return new Fetch.Running(running);
        }
        Download mine;
        try {
            mine = new Download(
                    key,
                    url,
                    pageSource,
                    announcedSize,
                    upstreams,
                    blobs,
                    changesView,
                    listener,
                    sharedFailed.getIfPresent(key) == null);
        } catch (IOException e) {
            if (DiskSpace.isFull(e)) {
                counters.dataDiskFull();
                LOG.warning("Download not started: file=" + key.filename() + " reason=disk-full: " + e.getMessage());
                throw new MirrorException(507, DiskSpace.FULL_MESSAGE);
            }
            throw e;
        }
        if (forSync) {
            mine.keepForSync();
        }
        // A failed or abandoned download is on its way out: the next asker starts afresh instead of joining its
        // failure.
        boolean registered =
                running == null ? active.putIfAbsent(key, mine) == null : active.replace(key, running, mine);
        if (!registered) {
            mine.discard();
            return obtain(key, url, pageSource, announcedSize, forSync, changesView);
        }
        // A download of the same file may have committed between the first lookup and our registration.
        stored = blobs.find(key);
        if (stored.isPresent()) {
            active.remove(key, mine);
            mine.supersededBy(stored.get()); // someone may have joined it in the meantime
            return new Fetch.Ready(stored.get());
        }
        executor.execute(mine);
        return new Fetch.Running(mine);
    }

    /** Whether a download of {@code key} is in progress (it must not be evicted meanwhile). */
    public boolean isActive(FileKey key) {
        return active.containsKey(key);
    }

    /**
     * Reports a PEP 658 metadata file whose bytes did not match the sha256 its page listed: logged and counted as
     * a sha256 mismatch, and marked on the upstream, like a distribution file.
     */
    void metadataMismatch(FileKey key, URI url, URI pageSource, long received, String detail) {
        counters.sha256Mismatches.increment();
        upstreams.recordSha256Mismatch(pageSource, key.filename() + ".metadata");
        log(
                DownloadFailure.SHA256_MISMATCH,
                key.filename() + ".metadata",
                upstreams.nameFor(pageSource, url),
                received,
                -1,
                detail);
    }

    private void log(
            DownloadFailure reason, String file, String upstream, long received, long expected, String detail) {
        String project = FileService.projectOf(file).map(Object::toString).orElse("?");
        Level level =
                switch (reason) {
                    case SHA256_MISMATCH -> Level.SEVERE;
                    case ABANDONED, SHUTDOWN -> Level.INFO;
                    default -> Level.WARNING;
                };
        // One line, no stack trace: the reason and the numbers are what an operator acts on.
        LOG.log(
                level,
                "Download failed: reason=" + reason.label() + " project=" + project + " file=" + file + " upstream="
                        + upstream + " bytes=" + received + (expected >= 0 ? "/" + expected : "") + " - "
                        + oneLine(detail));
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replace('\n', ' ').replace('\r', ' ');
    }

    private final class Listener implements Download.Listener {
        @Override
        public void committed(Download d, long size) {
            if (d.fromShared()) {
                counters.storageBytesRead.add(size);
            } else {
                counters.bytesFetched.add(size);
            }
            counters.fileStored();
            onCommitted.accept(d.key(), d.changesView());
        }

        @Override
        public void failed(Download d, DownloadFailure reason, String detail, long received, long expected) {
            counters.failedDownload(reason);
            if (d.fromShared()) {
                // The bucket's copy, not the upstream, failed: no mark on the upstream; the next try goes upstream.
                sharedFailed.put(d.key(), Boolean.TRUE);
                if (reason == DownloadFailure.SHA256_MISMATCH) {
                    counters.sha256Mismatches.increment();
                }
                log(reason, d.key().filename(), "the shared storage", received, expected, detail);
                return;
            }
            switch (reason) {
                case SHA256_MISMATCH -> {
                    counters.sha256Mismatches.increment();
                    upstreams.recordSha256Mismatch(d.pageSource(), d.key().filename());
                }
                case DISK_FULL -> counters.dataDiskFull();
                    // Upstreams.openFile already counted failures before the body toward the upstream's health.
                case UNREACHABLE, HTTP_STATUS -> {}
                default -> {
                    if (reason.isUpstreamFault()) {
                        upstreams.recordFileFailure(d.pageSource(), reason.label() + ": " + detail);
                    }
                }
            }
            log(reason, d.key().filename(), upstreams.nameFor(d.pageSource(), d.url()), received, expected, detail);
        }

        @Override
        public void finished(Download download) {
            active.remove(download.key(), download);
        }
    }
}
