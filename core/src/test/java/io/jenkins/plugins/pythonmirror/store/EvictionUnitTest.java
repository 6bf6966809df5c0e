package io.jenkins.plugins.pythonmirror.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvictionUnitTest {

    @TempDir
    Path tmp;

    private static FileKey key(int i) {
        return new FileKey(String.format("%064x", i), "f" + i + "-1.0-py3-none-any.whl");
    }

    @Test
    void evictsOldestFirstButNeverPinnedLeasedOrKeptFiles() throws Exception {
        DataDir dir = DataDir.open(tmp);
        FileSystemBlobStore blobs = new FileSystemBlobStore(dir);
        for (int i = 1; i <= 6; i++) {
            Path p = blobs.pathOf(key(i));
            Files.createDirectories(p.getParent());
            Files.write(p, new byte[100]);
            Files.setLastModifiedTime(p, FileTime.fromMillis(1_000_000L * i)); // f1 oldest
        }
        CacheUsage usage = CacheUsage.scan(dir.files());
        Pins pins = Pins.load(dir);
        pins.replace(List.of(key(1)));
        InUse inUse = new InUse();
        Eviction eviction = new Eviction(dir, blobs, usage, pins, inUse, k -> k.equals(key(3)), () -> 300);

        try (InUse.Lease lease = inUse.acquire(key(2))) {
            Eviction.Result r = eviction.evictToCap();
            // f1 pinned, f2 leased, f3 kept (downloading): f4, f5 and f6 go, oldest first, until 300 bytes remain.
            assertThat(r.files()).isEqualTo(3);
        }
        assertThat(usage.bytes()).isEqualTo(300);
        for (int i = 1; i <= 6; i++) {
            assertThat(blobs.find(key(i)).isPresent()).as("f" + i).isEqualTo(i <= 3);
        }
        assertThat(eviction.evictions()).isEqualTo(3);
        assertThat(Pins.load(dir).all()).isEqualTo(Set.of(key(1)));
    }

    @Test
    void noCapNoEviction() throws Exception {
        DataDir dir = DataDir.open(tmp);
        FileSystemBlobStore blobs = new FileSystemBlobStore(dir);
        Path p = blobs.pathOf(key(1));
        Files.createDirectories(p.getParent());
        Files.write(p, new byte[100]);
        CacheUsage usage = CacheUsage.scan(dir.files());
        Eviction eviction = new Eviction(dir, blobs, usage, Pins.load(dir), new InUse(), k -> false, () -> 0);
        assertThat(eviction.evictToCap().files()).isZero();
        assertThat(blobs.find(key(1))).isPresent();
    }
}
