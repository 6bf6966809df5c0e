package io.jenkins.plugins.pythonmirror.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * The bounded cache: least-recently-used files go first when the cached bytes exceed the cap.
 *
 * <p>Last access is the file's own modification time, set to "now" when the file is served ({@link
 * #recordAccess}, at most once a minute per file: {@link InUse#accessed}) and at commit (the rename keeps the
 * download's time). So it survives restarts and crashes with no
 * state file and no memory per file; the cost is one {@code utimes} call per served file, and one walk of {@code
 * files/} per eviction run (runs are coalesced, and only happen while the cache is over its cap).
 *
 * <p>Never removed: pinned files (mirror sync), files being served or read ({@link InUse}), files being downloaded,
 * and whatever {@code keep} protects (private packages live outside {@code files/} anyway).
 */
public final class Eviction {

    private static final Logger LOG = Logger.getLogger(Eviction.class.getName());

    private final DataDir dataDir;
    private final BlobStore blobs;
    private final CacheUsage usage;
    private final Pins pins;
    private final InUse inUse;
    private final Predicate<FileKey> keep;
    private final LongSupplier cap;
    private final AtomicLong evictions = new AtomicLong();

    /** What one run removed. */
    public record Result(int files, long bytes) {}

    public Eviction(
            DataDir dataDir,
            BlobStore blobs,
            CacheUsage usage,
            Pins pins,
            InUse inUse,
            Predicate<FileKey> keep,
            LongSupplier cap) {
        this.dataDir = dataDir;
        this.blobs = blobs;
        this.usage = usage;
        this.pins = pins;
        this.inUse = inUse;
        this.keep = keep;
        this.cap = cap;
    }

    /** Marks {@code file} as used now (LRU order). Failures are ignored: the order is a hint, not a promise. */
    public static void recordAccess(Path file) {
        try {
            Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis()));
        } catch (IOException | UnsupportedOperationException e) {
            // read-only or vanished: keep serving
        }
    }

    /** Files evicted since start. */
    public long evictions() {
        return evictions.get();
    }

    /** Evicts least-recently-used removable files until the cache is within its cap (no-op without a cap). */
    public synchronized Result evictToCap() throws IOException {
        long limit = cap.getAsLong();
        if (limit <= 0 || usage.bytes() <= limit) {
            return new Result(0, 0);
        }
        int files = 0;
        long bytes = 0;
        for (Entry e : entries()) {
            if (usage.bytes() <= limit) {
                break;
            }
            if (remove(e)) {
                files++;
                bytes += e.size();
                evictions.incrementAndGet();
            }
        }
        if (usage.bytes() > limit) {
            LOG.warning("The cache holds " + usage.bytes() + " bytes, over its cap of " + limit
                    + ": the rest is pinned or in use");
        }
        return new Result(files, bytes);
    }

    /** Removes every removable (unpinned, unused) file that {@code which} selects. */
    public synchronized Result purge(Predicate<FileKey> which) throws IOException {
        int files = 0;
        long bytes = 0;
        for (Entry e : entries()) {
            if (which.test(e.key()) && remove(e)) {
                files++;
                bytes += e.size();
            }
        }
        return new Result(files, bytes);
    }

    private boolean remove(Entry e) throws IOException {
        FileKey key = e.key();
        if (pins.isPinned(key) || keep.test(key)) {
            return false;
        }
        boolean removed = inUse.removeIfUnused(key, () -> blobs.delete(key));
        if (removed) {
            usage.removed(e.size());
        }
        return removed;
    }

    private record Entry(FileKey key, long size, long lastAccess) {}

    /** Every stored distribution file, least recently used first. */
    private List<Entry> entries() throws IOException {
        List<Entry> list = new ArrayList<>();
        Path root = dataDir.files();
        try (Stream<Path> walk = Files.walk(root, 3)) {
            walk.forEach(p -> {
                String name = p.getFileName().toString();
                if (p.getNameCount() - root.getNameCount() != 3 || name.endsWith(".metadata")) {
                    return;
                }
                String sha = p.getParent().getFileName().toString();
                if (!FileKey.isSha256(sha) || !FileKey.isSafeFilename(name)) {
                    return;
                }
                try {
                    BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
                    if (a.isRegularFile()) {
                        list.add(new Entry(
                                new FileKey(sha, name),
                                a.size(),
                                a.lastModifiedTime().toMillis()));
                    }
                } catch (IOException e) {
                    // removed meanwhile
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        list.sort(Comparator.comparingLong(Entry::lastAccess));
        return list;
    }
}
