package io.jenkins.plugins.pythonmirror.store;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reference counts of files being read (served to a client, or read by a sync), so eviction never removes one in
 * use. Acquiring and removing take the same per-key lock, so a file is either leased or being removed, never both.
 * Also stamps last access for LRU eviction, at most once a minute per file.
 */
public final class InUse {

    /** Last-access stamps are this precise: a hot file costs one {@code utimes} per minute, not one per request. */
    static final Duration ACCESS_PRECISION = Duration.ofMinutes(1);

    private final ConcurrentHashMap<FileKey, Integer> leases = new ConcurrentHashMap<>();
    private final Cache<FileKey, Boolean> recentlyStamped = Caffeine.newBuilder()
            .maximumSize(10_000)
            .expireAfterWrite(ACCESS_PRECISION)
            .build();

    /** Records that {@code file} (stored as {@code key}) was served now; see {@link Eviction#recordAccess}. */
    public void accessed(FileKey key, Path file) {
        if (recentlyStamped.asMap().putIfAbsent(key, Boolean.TRUE) == null) {
            Eviction.recordAccess(file);
        }
    }

    /** A lease on one file, released by {@link Lease#close()}. */
    public interface Lease extends AutoCloseable {
        @Override
        void close();
    }

    public Lease acquire(FileKey key) {
        leases.merge(key, 1, Integer::sum);
        boolean[] released = {false};
        return () -> {
            if (!released[0]) {
                released[0] = true;
                leases.computeIfPresent(key, (k, n) -> n == 1 ? null : n - 1);
            }
        };
    }

    public boolean isInUse(FileKey key) {
        return leases.containsKey(key);
    }

    /** Action run while no lease on a key can be taken. */
    public interface Removal {
        boolean remove() throws java.io.IOException;
    }

    /**
     * Runs {@code removal} unless {@code key} is leased; no lease can be taken meanwhile. Returns whether it ran and
     * removed the file.
     */
    public boolean removeIfUnused(FileKey key, Removal removal) throws java.io.IOException {
        boolean[] removed = {false};
        java.io.IOException[] failure = {null};
        leases.compute(key, (k, n) -> {
            if (n == null) {
                try {
                    removed[0] = removal.remove();
                } catch (java.io.IOException e) {
                    failure[0] = e;
                }
            }
            return n;
        });
        if (failure[0] != null) {
            throw failure[0];
        }
        return removed[0];
    }
}
