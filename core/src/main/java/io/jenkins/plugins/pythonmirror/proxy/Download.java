package io.jenkins.plugins.pythonmirror.proxy;

import io.jenkins.plugins.pythonmirror.store.BlobStore;
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
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * One upstream download into a temp file, which any number of clients may stream while it grows. The bytes are
 * hashed as they arrive; only a sha256 match commits the file. Readers never get the last byte before that, so a
 * download that fails verification can only ever end their responses abnormally.
 */
public final class Download implements Runnable {

    enum State {
        RUNNING,
        DONE,
        FAILED
    }

    private final FileKey key;
    private final URI url;
    private final URI pageSource;
    private final Long announcedSize;
    private final Upstreams upstreams;
    private final BlobStore blobs;
    private final Consumer<Download> onFinish;
    private final BiConsumer<FileKey, Long> onCommit;
    private final Path temp;

    // Guarded by this.
    private State state = State.RUNNING;
    private boolean started;
    private long written;
    private long expectedLength = -1;
    private String failure;
    private Path committed;

    /** The upstream body while bytes are being read from it; the watchdog closes it when it stalls. */
    private volatile InputStream transfer;

    private volatile boolean stalled;
    private volatile boolean opened;
    private volatile long lastProgressMillis = System.currentTimeMillis();

    Download(
            FileKey key,
            URI url,
            URI pageSource,
            Long announcedSize,
            Upstreams upstreams,
            BlobStore blobs,
            BiConsumer<FileKey, Long> onCommit,
            Consumer<Download> onFinish)
            throws IOException {
        this.key = key;
        this.url = url;
        this.pageSource = pageSource;
        this.announcedSize = announcedSize;
        this.upstreams = upstreams;
        this.blobs = blobs;
        this.onFinish = onFinish;
        this.onCommit = onCommit;
        this.temp = blobs.newTempFile(key);
    }

    public FileKey key() {
        return key;
    }

    @Override
    public void run() {
        try {
            HttpResponse<InputStream> response = upstreams.openFile(url, pageSource);
            transfer = response.body();
            opened = true;
            long contentLength =
                    response.headers().firstValueAsLong("Content-Length").orElse(-1);
            long expected = announcedSize != null ? announcedSize : contentLength;
            if (announcedSize != null && contentLength >= 0 && contentLength != announcedSize) {
                response.body().close();
                throw new IOException(
                        "upstream sends " + contentLength + " bytes, the index announced " + announcedSize);
            }
            synchronized (this) {
                expectedLength = expected;
                started = true;
                notifyAll();
            }
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            try (InputStream in = response.body();
                    FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                byte[] buffer = new byte[64 * 1024];
                int n;
                while ((n = in.read(buffer)) != -1) {
                    sha256.update(buffer, 0, n);
                    ByteBuffer bb = ByteBuffer.wrap(buffer, 0, n);
                    while (bb.hasRemaining()) {
                        out.write(bb);
                    }
                    lastProgressMillis = System.currentTimeMillis();
                    synchronized (this) {
                        written += n;
                        if (expected >= 0 && written > expected) {
                            throw new IOException("upstream sent more than the " + expected + " bytes announced");
                        }
                        notifyAll();
                    }
                }
                // Reading is over: from here on (fsync, hashing, commit) the watchdog has nothing to stop.
                transfer = null;
                out.force(true);
            }
            long total;
            synchronized (this) {
                total = written;
            }
            if (expected >= 0 && total != expected) {
                throw new IOException("upstream ended the file after " + total + " of " + expected + " bytes");
            }
            String actual = HexFormat.of().formatHex(sha256.digest());
            if (!actual.equals(key.sha256())) {
                throw new VerificationException(
                        "sha256 mismatch for " + key.filename() + ": index says " + key.sha256() + ", got " + actual);
            }
            Path finalPath = blobs.commit(temp, key);
            try {
                // Accounting happens before readers can see the end, so counters are right when a client is done.
                onCommit.accept(key, total);
            } catch (RuntimeException e) {
                java.util.logging.Logger.getLogger(Download.class.getName())
                        .log(java.util.logging.Level.WARNING, "After storing " + key.filename(), e);
            }
            synchronized (this) {
                committed = finalPath;
                state = State.DONE;
                notifyAll();
            }
        } catch (IOException | NoSuchAlgorithmException | RuntimeException e) {
            // The watchdog closes a stalled transfer; the read then throws an IOException.
            fail(stalled ? "no progress within the read timeout" : Upstreams.describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the engine is shutting down
            fail("interrupted", e);
        } finally {
            transfer = null;
            onFinish.accept(this);
        }
    }

    private void fail(String reason, Throwable cause) {
        try {
            Files.deleteIfExists(temp);
        } catch (IOException ignored) {
            // the startup sweep removes it
        }
        // Failures before the body was open were counted by Upstreams.openFile; count each failure once.
        if (opened && !(cause instanceof VerificationException)) {
            upstreams.recordFileFailure(pageSource, reason);
        }
        synchronized (this) {
            failure = "download of " + key.filename() + " failed: " + reason;
            state = State.FAILED;
            started = true;
            notifyAll();
        }
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

    /** Whether the download failed sha256 verification (as opposed to an upstream fault). */
    synchronized boolean failedVerification() {
        return state == State.FAILED && failure != null && failure.contains("sha256 mismatch");
    }

    /** Interrupts a download that made no progress for {@code stallMillis}; called by the watchdog. */
    void abortIfStalled(long nowMillis, long stallMillis) {
        InputStream body = transfer;
        if (body != null && nowMillis - lastProgressMillis > stallMillis) {
            // An interrupt does not end a blocked read of the JDK client's body stream; closing it does.
            stalled = true;
            try {
                body.close();
            } catch (IOException ignored) {
                // closed is closed
            }
        }
    }
    /**
     * Waits until the upstream has answered and returns the announced length (-1 when unknown).
     *
     * @throws IOException when the download failed before that
     */
    public synchronized long awaitStart() throws IOException, InterruptedException {
        while (!started) {
            wait();
        }
        if (state == State.FAILED) {
            throw new IOException(failure);
        }
        return expectedLength;
    }

    /** Waits for the end and returns the committed file. */
    public synchronized Path awaitCommitted() throws IOException, InterruptedException {
        while (state == State.RUNNING) {
            wait();
        }
        if (state == State.FAILED) {
            throw new IOException(failure);
        }
        return committed;
    }

    /** A stream of the file's bytes as they arrive; it throws instead of ending if the download fails. */
    public InputStream newReader() throws IOException {
        return new Reader();
    }

    private final class Reader extends InputStream {
        private FileChannel channel;
        private long position;

        Reader() throws IOException {
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
            channel.close();
        }
    }

    /** The downloaded bytes do not hash to what the index listed. */
    static final class VerificationException extends IOException {
        VerificationException(String message) {
            super(message);
        }
    }
}
