package io.jenkins.plugins.pythonmirror.simple;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.AbstractList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The files of a page too large to keep in memory: a read-only list that reads them again from disk on every
 * iteration (through a {@link PageReader}), one at a time. {@link ProjectPage} keeps such a list as it is instead of
 * copying it. Iterate it; {@link #get(int)} walks the list from the start.
 *
 * <p>A read problem during iteration (the file vanished, a disk error) is an {@link UncheckedIOException}.
 */
public final class StreamedFiles extends AbstractList<FileEntry> {

    /**
     * Pages with more files than this are not held in memory but streamed from disk: a parsed entry takes about a
     * kilobyte of heap, so this bounds an in-memory page to a few megabytes.
     */
    public static final int IN_MEMORY_LIMIT = 5_000;

    /** Opens a fresh reader of the page. */
    @FunctionalInterface
    public interface Source {
        PageReader open() throws IOException;
    }

    private final Source source;
    private final Function<FileEntry, FileEntry> transform;
    /** Kept reachable while this list is: the owner of the file it reads (which may delete it when unreachable). */
    private final Object backing;

    private volatile int size;

    private StreamedFiles(Source source, Function<FileEntry, FileEntry> transform, int size, Object backing) {
        this.source = source;
        this.transform = transform;
        this.size = size;
        this.backing = backing;
    }

    /**
     * The files {@code source} reads.
     *
     * @param size how many files it reads (known from an earlier pass)
     * @param backing an object to keep reachable as long as this list is (e.g. the owner of a temp file)
     */
    public static StreamedFiles of(Source source, int size, Object backing) {
        return new StreamedFiles(source, Function.identity(), size, backing);
    }

    /**
     * These files, each passed through {@code fn} as it is read; a null result leaves the file out. The size of the
     * result is counted on first use.
     */
    public StreamedFiles map(Function<FileEntry, FileEntry> fn) {
        return new StreamedFiles(source, transform.andThen(f -> f == null ? null : fn.apply(f)), -1, this);
    }

    /**
     * {@code first} (in memory), then those of {@code then} that {@code keep} accepts, streamed: for example private
     * files merged above a large upstream page.
     */
    public static StreamedFiles concat(List<FileEntry> first, StreamedFiles then, Predicate<FileEntry> keep) {
        List<FileEntry> head = List.copyOf(first);
        Source source = () -> new PageReader() {
            private final Iterator<FileEntry> own = head.iterator();
            private final Iterator<FileEntry> rest = then.iterator();

            @Override
            public FileEntry next() {
                if (own.hasNext()) {
                    return own.next();
                }
                while (rest.hasNext()) {
                    FileEntry f = rest.next();
                    if (keep.test(f)) {
                        return f;
                    }
                }
                return null;
            }

            @Override
            public ProjectPage head() {
                return ProjectPage.of(null, List.of());
            }

            @Override
            public void close() {
                if (rest instanceof Reading r) {
                    r.close();
                }
            }
        };
        return new StreamedFiles(source, Function.identity(), -1, then);
    }

    /** What keeps the backing file (for example a staged temp file owner), or null. */
    public Object backing() {
        return backing;
    }

    @Override
    public int size() {
        int n = size;
        if (n < 0) {
            n = 0;
            for (Iterator<FileEntry> it = iterator(); it.hasNext(); it.next()) {
                n++;
            }
            size = n;
        }
        return n;
    }

    @Override
    public boolean isEmpty() {
        Iterator<FileEntry> it = iterator();
        boolean empty = !it.hasNext();
        ((Reading) it).close();
        return empty;
    }

    @Override
    public FileEntry get(int index) {
        if (index < 0) {
            throw new IndexOutOfBoundsException(index);
        }
        Reading it = (Reading) iterator();
        try {
            for (int i = 0; it.hasNext(); i++) {
                FileEntry f = it.next();
                if (i == index) {
                    return f;
                }
            }
        } finally {
            it.close();
        }
        throw new IndexOutOfBoundsException(index);
    }

    @Override
    public Iterator<FileEntry> iterator() {
        try {
            return new Reading(source.open());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the page's files: " + e.getMessage(), e);
        }
    }

    // Equality by content would read whole pages from disk: identity is what callers of a streamed page compare.
    @Override
    public boolean equals(Object o) {
        return this == o;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }

    /** One pass over the page; closes its reader at the end (or when dropped: the file stream closes on collection). */
    private final class Reading implements Iterator<FileEntry> {
        private final PageReader reader;
        private FileEntry next;
        private boolean done;

        Reading(PageReader reader) {
            this.reader = reader;
        }

        @Override
        public boolean hasNext() {
            while (next == null && !done) {
                FileEntry raw;
                try {
                    raw = reader.next();
                } catch (IOException e) {
                    close();
                    throw new UncheckedIOException("cannot read the page's files: " + e.getMessage(), e);
                }
                if (raw == null) {
                    close();
                } else {
                    next = transform.apply(raw);
                }
            }
            return next != null;
        }

        @Override
        public FileEntry next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            FileEntry f = next;
            next = null;
            return f;
        }

        void close() {
            done = true;
            try {
                reader.close();
            } catch (IOException ignored) {
                // read-only
            }
        }
    }
}
