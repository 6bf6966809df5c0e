package io.jenkins.plugins.pythonmirror.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/** Running totals of the files in the store: counted once at start, then kept up to date as files come and go. */
public final class CacheUsage {

    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong files = new AtomicLong();

    /** Walks {@code filesDir} once (distribution files only, not their {@code .metadata}). */
    public static CacheUsage scan(Path filesDir) throws IOException {
        CacheUsage usage = new CacheUsage();
        try (Stream<Path> walk = Files.walk(filesDir)) {
            walk.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().endsWith(".metadata"))
                    .forEach(p -> {
                        try {
                            usage.added(Files.size(p));
                        } catch (IOException e) {
                            // vanished meanwhile
                        }
                    });
        }
        return usage;
    }

    public void added(long size) {
        bytes.addAndGet(size);
        files.incrementAndGet();
    }

    public void removed(long size) {
        bytes.addAndGet(-size);
        files.decrementAndGet();
    }

    public long bytes() {
        return bytes.get();
    }

    public long files() {
        return files.get();
    }
}
