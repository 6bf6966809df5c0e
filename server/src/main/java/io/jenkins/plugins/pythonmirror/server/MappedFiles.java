package io.jenkins.plugins.pythonmirror.server;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;

/**
 * Read-only memory maps of stored files, shared by every request for the same file. Writing a mapped buffer to a
 * socket lets the kernel copy straight from its page cache, where reading into a buffer of ours first copies every
 * byte once more; for the ~1 MB wheels pip fetches that extra copy is a fifth of the cost of a response
 * (docs/performance.md).
 *
 * <p>Bounded, so memory stays flat however many files are cached (design invariant 7): files up to {@link
 * #MAX_FILE_BYTES}, at most {@code maxMappedBytes} mapped at once, each dropped a minute after its last use. The
 * mapped pages are the kernel's page cache, which the kernel may reclaim; a dropped map is released by the garbage
 * collector.
 */
final class MappedFiles {

    /** Larger files are streamed instead: mapping them would crowd out many small hot ones. */
    static final long MAX_FILE_BYTES = 64L * 1024 * 1024;

    /** A map and the identity of the file it was made from (a replaced file gets a new map). */
    private record Mapped(MappedByteBuffer buffer, Object fileKey, FileTime modified) {}

    private final Cache<Path, Mapped> maps;

    MappedFiles(long maxMappedBytes) {
        this.maps = Caffeine.newBuilder()
                .maximumWeight(maxMappedBytes)
                .weigher((Path path, Mapped m) -> m.buffer().capacity())
                .expireAfterAccess(Duration.ofMinutes(1))
                .build();
    }

    /**
     * Bytes {@code [offset, offset + length)} of {@code file} as a buffer of their own (position 0, shared content),
     * or null when the file is not worth mapping (too large, or not the size the caller expects).
     */
    ByteBuffer slice(Path file, long offset, long length) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        long size = attributes.size();
        if (size > MAX_FILE_BYTES || offset < 0 || length < 0 || offset + length > size) {
            return null;
        }
        Mapped mapped = maps.getIfPresent(file);
        if (mapped == null || mapped.buffer().capacity() != size || !sameFile(mapped, attributes)) {
            mapped = new Mapped(map(file, size), attributes.fileKey(), attributes.lastModifiedTime());
            maps.put(file, mapped);
        }
        return mapped.buffer().slice((int) offset, (int) length);
    }

    private static boolean sameFile(Mapped mapped, BasicFileAttributes attributes) {
        Object key = attributes.fileKey();
        return (key == null || key.equals(mapped.fileKey()))
                && attributes.lastModifiedTime().equals(mapped.modified());
    }

    private static MappedByteBuffer map(Path file, long size) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return channel.map(FileChannel.MapMode.READ_ONLY, 0, size);
        }
    }
}
