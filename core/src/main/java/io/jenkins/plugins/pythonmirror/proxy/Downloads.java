package io.jenkins.plugins.pythonmirror.proxy;

import io.jenkins.plugins.pythonmirror.status.Counters;
import io.jenkins.plugins.pythonmirror.store.BlobStore;
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
import java.util.function.Consumer;

/**
 * Coalesces downloads: at most one upstream transfer per file at a time, however many clients ask; later askers
 * stream from the running {@link Download}.
 */
public final class Downloads {

    private final BlobStore blobs;
    private final Upstreams upstreams;
    private final Counters counters;
    private final ExecutorService executor;
    private final ConcurrentHashMap<FileKey, Download> active = new ConcurrentHashMap<>();
    private final Consumer<FileKey> onCommitted;

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
            Duration stallTimeout,
            Consumer<FileKey> onCommitted) {
        this.blobs = blobs;
        this.upstreams = upstreams;
        this.counters = counters;
        this.executor = executor;
        this.onCommitted = onCommitted;
        long stallMillis = stallTimeout.toMillis();
        watchdog.scheduleWithFixedDelay(
                () -> {
                    long now = System.currentTimeMillis();
                    active.values().forEach(d -> d.abortIfStalled(now, stallMillis));
                },
                1,
                1,
                TimeUnit.SECONDS);
    }

    /**
     * The file if it is stored, else the download that brings it (joining the one in progress, or starting one).
     *
     * @param url where the upstream serves it
     * @param pageSource the page that listed it (for credentials and health accounting)
     * @param announcedSize the size the index gave, or null
     */
    public Fetch obtain(FileKey key, URI url, URI pageSource, Long announcedSize) throws IOException {
        Optional<Path> stored = blobs.find(key);
        if (stored.isPresent()) {
            return new Fetch.Ready(stored.get());
        }
        Download running = active.get(key);
        if (running != null) {
            return new Fetch.Running(running);
        }
        Download mine =
                new Download(key, url, pageSource, announcedSize, upstreams, blobs, this::committed, this::finished);
        running = active.putIfAbsent(key, mine);
        if (running != null) {
            mine.discard();
            return new Fetch.Running(running);
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

    private void committed(FileKey key, long size) {
        counters.bytesFetched.add(size);
        onCommitted.accept(key);
    }

    private void finished(Download download) {
        active.remove(download.key(), download);
        if (download.failedVerification()) {
            counters.rejectedDownloads.increment();
        }
    }
}
