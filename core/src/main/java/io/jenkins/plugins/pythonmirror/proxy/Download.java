package io.jenkins.plugins.pythonmirror.proxy;

import io.jenkins.plugins.pythonmirror.status.DownloadFailure;
import io.jenkins.plugins.pythonmirror.store.BlobStore;
import io.jenkins.plugins.pythonmirror.store.DiskSpace;
import io.jenkins.plugins.pythonmirror.store.FileKey;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * One upstream download into a temp file, which any number of clients may stream while it grows. The bytes are
 * hashed as they arrive; only a sha256 match commits the file. Readers never get the last byte before that, so a
 * download that fails verification can only ever end their responses abnormally.
 *
 * <p>A watchdog ({@link #watch}) ends the transfer when it stalls, when it makes less progress than the
 * minimum-progress rule asks, or when nobody waits for it any more (no reader, no one awaiting it) and no mirror sync
 * asked for it. Every failure is reported once to the {@link Listener} with its {@link DownloadFailure reason}.
 */
public final class Download implements Runnable {

    enum State {
        RUNNING,
        DONE,
        FAILED
    }

    /** What the download tells its owner. */
    interface Listener {
        /** The verified file is in place (called before readers can see the end). */
        void committed(Download download, long size);

        /** The download failed; called once, before readers see the failure. */
        void failed(Download download, DownloadFailure reason, String detail, long received, long expected);

        /** The download ended, either way. */
        void finished(Download download);
    }

    /** The watchdog's rules, in milliseconds and bytes. */
    record Rules(long stallMillis, long minBytes, long windowMillis, long abandonGraceMillis) {}

    private final FileKey key;
    private final URI url;
    private final URI pageSource;
    private final Long announcedSize;
    private final Upstreams upstreams;
    private final BlobStore blobs;
    private final Listener listener;
    private final Path temp;
    private final boolean changesView;

    // Guarded by this.
    private State state = State.RUNNING;
    private boolean started;
    private long written;
    private long expectedLength = -1;
    private String failure;
    private Path committed;
    private int watchers;
    private long unwatchedSinceMillis = System.currentTimeMillis();

    /** The upstream body while bytes are being read from it; the watchdog closes it to end the transfer. */
    private volatile InputStream transfer;

    private volatile boolean opened;
    /** Whether to try the bucket shared with other nodes before the upstream. */
    private final boolean tryShared;
    /** Whether the bytes came from the shared bucket rather than the upstream (set once the transfer opened). */
    private volatile boolean fromShared;

    private volatile boolean keepForSync;
    /** Set by the watchdog when it ends the transfer, with a one-line detail. */
    private volatile DownloadFailure abortReason;

    private volatile String abortDetail;
    private volatile long lastProgressMillis = System.currentTimeMillis();
    // Only the watchdog thread reads and moves the progress window after the transfer opened.
    private volatile long windowStartMillis;
    private volatile long windowStartBytes;

    /**
     * @param tryShared whether to take the file from the bucket shared with other nodes when it is there (see
     *     {@link BlobStore#openShared}) before asking the upstream
     */
    Download(
            FileKey key,
            URI url,
            URI pageSource,
            Long announcedSize,
            Upstreams upstreams,
            BlobStore blobs,
            boolean changesView,
            Listener listener,
            boolean tryShared)
            throws IOException {
        this.tryShared = tryShared;
        this.key = key;
        this.url = url;
        this.pageSource = pageSource;
        this.announcedSize = announcedSize;
        this.upstreams = upstreams;
        this.blobs = blobs;
        this.listener = listener;
        this.changesView = changesView;
        this.temp = blobs.newTempFile(key);
    }

    public FileKey key() {
        return key;
    }

    /**
     * Whether storing this file changes how its project page is served (a wheel upstream offers no metadata for, or
     * a file whose size upstream did not give): then the rendered page is redone.
     */
    boolean changesView() {
        return changesView;
    }

    URI url() {
        return url;
    }

    /** Whether the bytes came from the bucket shared with other nodes (not from an upstream). */
    boolean fromShared() {
        return fromShared;
    }

    URI pageSource() {
        return pageSource;
    }

    /** A failure with its reason, raised inside {@link #run()}. */
    private static final class Failed extends Exception {
        final DownloadFailure reason;

        Failed(DownloadFailure reason, String detail, Throwable cause) {
            super(detail, cause);
            this.reason = reason;
        }
    }

    @Override
    public void run() {
        long expected = -1;
        try {
            checkAborted();
            // A bucket shared with other nodes first (one node fetched it, all have it), the upstream otherwise.
            java.util.Optional<io.jenkins.plugins.pythonmirror.store.ObjectStore.Opened> shared =
                    tryShared ? blobs.openShared(key) : java.util.Optional.empty();
            InputStream body;
            long contentLength;
            if (shared.isPresent()) {
                fromShared = true;
                body = shared.get().body();
                contentLength = shared.get().length();
            } else {
                HttpResponse<InputStream> response;
                try {
                    response = upstreams.openFile(url, pageSource);
                } catch (Upstreams.HttpStatusException e) {
                    throw new Failed(DownloadFailure.HTTP_STATUS, e.getMessage(), e);
                } catch (IOException e) {
                    throw new Failed(DownloadFailure.UNREACHABLE, Upstreams.describe(e), e);
                }
                body = response.body();
                contentLength =
                        response.headers().firstValueAsLong("Content-Length").orElse(-1);
            }
            windowStartMillis = System.currentTimeMillis();
            lastProgressMillis = windowStartMillis;
            transfer = body;
            opened = true;
            try {
                checkAborted(); // it may have been abandoned while the upstream was answering
            } catch (Failed f) {
                body.close();
                throw f;
            }
            expected = announcedSize != null ? announcedSize : contentLength;
            if (announcedSize != null && contentLength >= 0 && contentLength != announcedSize) {
                body.close();
                throw new Failed(
                        DownloadFailure.SIZE_MISMATCH,
                        "upstream sends " + contentLength + " bytes, the index announced " + announcedSize,
                        null);
            }
            synchronized (this) {
                expectedLength = expected;
                started = true;
                notifyAll();
            }
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            try (InputStream in = body;
                    FileChannel out = local(() -> FileChannel.open(temp, StandardOpenOption.WRITE))) {
                byte[] buffer = new byte[64 * 1024];
                while (true) {
                    int n;
                    try {
                        n = in.read(buffer);
                    } catch (IOException e) {
                        throw readFailure(e, expected);
                    }
                    if (n == -1) {
                        break;
                    }
                    sha256.update(buffer, 0, n);
                    ByteBuffer bb = ByteBuffer.wrap(buffer, 0, n);
                    local(() -> {
                        while (bb.hasRemaining()) {
                            out.write(bb);
                        }
                        return null;
                    });
                    lastProgressMillis = System.currentTimeMillis();
                    synchronized (this) {
                        written += n;
                        if (expected >= 0 && written > expected) {
                            throw new Failed(
                                    DownloadFailure.SIZE_MISMATCH,
                                    "upstream sent more than the " + expected + " bytes announced",
                                    null);
                        }
                        notifyAll();
                    }
                }
                // Reading is over: from here on (fsync, hashing, commit) the watchdog has nothing to stop.
                transfer = null;
                local(() -> {
                    out.force(true);
                    return null;
                });
            }
            long total = received();
            if (expected >= 0 && total != expected) {
                throw new Failed(
                        DownloadFailure.TRUNCATED,
                        "upstream ended the file after " + total + " of " + expected + " bytes",
                        null);
            }
            String actual = HexFormat.of().formatHex(sha256.digest());
            if (!actual.equals(key.sha256())) {
                throw new Failed(
                        DownloadFailure.SHA256_MISMATCH,
                        "sha256 mismatch for " + key.filename() + ": index says " + key.sha256() + ", got " + actual,
                        null);
            }
            Path finalPath = local(() -> fromShared ? blobs.commitCopy(temp, key) : blobs.commit(temp, key));
            try {
                // Accounting happens before readers can see the end, so counters are right when a client is done.
                listener.committed(this, total);
            } catch (RuntimeException e) {
                java.util.logging.Logger.getLogger(Download.class.getName())
                        .log(java.util.logging.Level.WARNING, "After storing " + key.filename(), e);
            }
            synchronized (this) {
                committed = finalPath;
                state = State.DONE;
                notifyAll();
            }
        } catch (Failed f) {
            fail(f.reason, f.getMessage(), expected);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the engine is shutting down
            fail(DownloadFailure.SHUTDOWN, "interrupted", expected);
        } catch (IOException | NoSuchAlgorithmException | RuntimeException e) {
            DownloadFailure reason = abortReason != null
                    ? abortReason
                    : opened ? DownloadFailure.TRUNCATED : DownloadFailure.UNREACHABLE;
            fail(reason, abortReason != null ? abortDetail : Upstreams.describe(e), expected);
        } finally {
            transfer = null;
            listener.finished(this);
        }
    }

    private void checkAborted() throws Failed {
        DownloadFailure reason = abortReason;
        if (reason != null) {
            throw new Failed(reason, abortDetail, null);
        }
    }

    /** A read from the upstream failed: the watchdog ended it, or the connection broke mid-body. */
    private Failed readFailure(IOException e, long expected) {
        DownloadFailure reason = abortReason;
        if (reason != null) {
            return new Failed(reason, abortDetail, e);
        }
        long got = received();
        return new Failed(
                DownloadFailure.TRUNCATED,
                "the connection broke after " + got + (expected >= 0 ? " of " + expected : "") + " bytes ("
                        + Upstreams.describe(e) + ")",
                e);
    }

    private interface LocalIo<T> {
        T run() throws IOException;
    }

    /** Runs a write to the data disk; its failure is ours (disk full, or another storage error), not upstream's. */
    private static <T> T local(LocalIo<T> io) throws Failed {
        try {
            return io.run();
        } catch (IOException e) {
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            if (DiskSpace.isFull(e)) {
                throw new Failed(DownloadFailure.DISK_FULL, DiskSpace.FULL_MESSAGE + " (" + message + ")", e);
            }
            throw new Failed(DownloadFailure.STORAGE_ERROR, "cannot write to the data disk: " + message, e);
        }
    }

    private synchronized long received() {
        return written;
    }

    private void fail(DownloadFailure reason, String detail, long expected) {
        try {
            Files.deleteIfExists(temp);
        } catch (IOException ignored) {
            // the startup sweep removes it
        }
        try {
            listener.failed(this, reason, detail, received(), expected);
        } catch (RuntimeException e) {
            java.util.logging.Logger.getLogger(Download.class.getName())
                    .log(java.util.logging.Level.WARNING, "Reporting the failure of " + key.filename(), e);
        }
        synchronized (this) {
            failure = "download of " + key.filename() + " failed: " + detail;
            state = State.FAILED;
            started = true;
            notifyAll();
        }
    }

    /** A mirror sync wants this file: it runs to the end even when no client waits for it. */
    void keepForSync() {
        keepForSync = true;
    }

    /**
     * Whether this download failed or is being ended (the watchdog stopped it): a new asker then starts afresh
     * instead of joining its failure.
     */
    synchronized boolean isFailing() {
        return state == State.FAILED || abortReason != null;
    }

    private synchronized void watched() {
        watchers++;
    }

    private synchronized void unwatched() {
        if (--watchers == 0) {
            unwatchedSinceMillis = System.currentTimeMillis();
        }
    }

    /**
     * The watchdog's round: ends the transfer when it stalled, made too little progress in its window, or nobody
     * waits for it any more.
     */
    void watch(long nowMillis, Rules rules) {
        boolean reading = transfer != null;
        synchronized (this) {
            if (state != State.RUNNING || abortReason != null || (opened && !reading)) {
                return; // over, already ended, or past reading (fsync and commit are not stopped)
            }
            if (!keepForSync && watchers == 0 && nowMillis - unwatchedSinceMillis >= rules.abandonGraceMillis()) {
                abort(DownloadFailure.ABANDONED, "no client waits for it any more and no mirror sync asked for it");
            }
        }
        if (abortReason == null && reading) {
            long got = received();
            if (nowMillis - lastProgressMillis > rules.stallMillis()) {
                abort(
                        DownloadFailure.STALLED,
                        "no byte arrived within " + rules.stallMillis() / 1000.0 + " s (read timeout) after " + got
                                + " bytes");
            } else if (rules.minBytes() > 0 && nowMillis - windowStartMillis >= rules.windowMillis()) {
                long inWindow = got - windowStartBytes;
                long expected;
                synchronized (this) {
                    expected = expectedLength;
                }
                long needed =
                        expected >= 0 ? Math.min(rules.minBytes(), expected - windowStartBytes) : rules.minBytes();
                if (inWindow < needed) {
                    abort(
                            DownloadFailure.TOO_SLOW,
                            "only " + inWindow + " bytes arrived in " + (nowMillis - windowStartMillis) / 1000.0
                                    + " s; the minimum is " + rules.minBytes() + " bytes per "
                                    + rules.windowMillis() / 1000.0 + " s");
                } else {
                    windowStartMillis = nowMillis;
                    windowStartBytes = got;
                }
            }
        }
        InputStream body = transfer;
        if (abortReason != null && body != null) {
            // An interrupt does not end a blocked read of the JDK client's body stream; closing it does.
            try {
                body.close();
            } catch (IOException ignored) {
                // closed is closed
            }
        }
    }

    private void abort(DownloadFailure reason, String detail) {
        abortDetail = detail;
        abortReason = reason;
    }

    /**
     * Ends a download that never ran because the file was committed meanwhile by another one: anyone who already
     * joined it reads the stored file.
     */
    void supersededBy(Path stored) throws IOException {
        discard();
        long size = Files.size(stored);
        synchronized (this) {
            committed = stored;
            written = size;
            expectedLength = size;
            started = true;
            state = State.DONE;
            notifyAll();
        }
    }

    /** Drops a download that was never started. */
    void discard() {
        try {
            Files.deleteIfExists(temp);
        } catch (IOException ignored) {
            // the startup sweep removes it
        }
    }

    /**
     * Waits until the upstream has answered and returns the announced length (-1 when unknown).
     *
     * @throws IOException when the download failed before that
     */
    public synchronized long awaitStart() throws IOException, InterruptedException {
        watchers++;
        try {
            while (!started) {
                wait();
            }
            if (state == State.FAILED) {
                throw new IOException(failure);
            }
            return expectedLength;
        } finally {
            unwatched();
        }
    }

    /** Waits for the end and returns the committed file. */
    public synchronized Path awaitCommitted() throws IOException, InterruptedException {
        watchers++;
        try {
            while (state == State.RUNNING) {
                wait();
            }
            if (state == State.FAILED) {
                throw new IOException(failure);
            }
            return committed;
        } finally {
            unwatched();
        }
    }

    /** A stream of the file's bytes as they arrive; it throws instead of ending if the download fails. */
    public InputStream newReader() throws IOException {
        return new Reader();
    }

    private final class Reader extends InputStream {
        private FileChannel channel;
        private long position;
        private boolean closed;

        Reader() throws IOException {
            watched();
            try {
                open();
            } catch (IOException | RuntimeException e) {
                unwatched();
                throw e;
            }
        }

        private void open() throws IOException {
            try {
                channel = FileChannel.open(temp, StandardOpenOption.READ);
            } catch (NoSuchFileException e) {
                // The temp file is gone: the download is being committed (renamed) or has failed. Wait for the
                // outcome; the rename comes a moment before the state says DONE.
                synchronized (Download.this) {
                    while (state == State.RUNNING) {
                        try {
                            Download.this.wait();
                        } catch (InterruptedException ie) {
                            Thread.currentThread().interrupt();
                            throw new java.io.InterruptedIOException("interrupted while opening " + key.filename());
                        }
                    }
                    if (state == State.DONE) {
                        channel = FileChannel.open(committed, StandardOpenOption.READ);
                    } else {
                        throw new IOException(failure == null ? "download vanished" : failure);
                    }
                }
            }
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n == -1 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            long available;
            synchronized (Download.this) {
                // While unverified, hold back the last byte: the response cannot end cleanly before the hash matched.
                while (state == State.RUNNING && written - 1 <= position) {
                    try {
                        Download.this.wait(1000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new java.io.InterruptedIOException("interrupted while streaming " + key.filename());
                    }
                }
                if (state == State.FAILED) {
                    throw new IOException(failure);
                }
                available = (state == State.DONE ? written : written - 1) - position;
            }
            if (available <= 0) {
                return -1;
            }
            int n = channel.read(ByteBuffer.wrap(b, off, (int) Math.min(len, available)), position);
            if (n > 0) {
                position += n;
            }
            return n;
        }

        @Override
        public void close() throws IOException {
            if (!closed) {
                closed = true;
                unwatched();
                channel.close();
            }
        }
    }
}
