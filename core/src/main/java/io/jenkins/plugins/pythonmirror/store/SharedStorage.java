package io.jenkins.plugins.pythonmirror.store;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The bucket several nodes share, with its health as this node sees it. Every call that reaches the bucket goes
 * through {@link #call}: a failure to reach it marks the storage unreachable (once in the log), and a probe every
 * few seconds marks it reachable again, so a node recovers by itself when the bucket comes back.
 */
public final class SharedStorage implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(SharedStorage.class.getName());
    /** How often an unreachable bucket is probed. */
    static final long PROBE_SECONDS = 2;

    /** One request to the bucket. */
    @FunctionalInterface
    public interface Call<T> {
        T run(ObjectStore store) throws IOException;
    }

    private final ObjectStore store;
    private final Clock clock;
    private final AtomicBoolean reachable = new AtomicBoolean(true);
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private volatile String lastError;
    private volatile Instant unreachableSince;
    private final ScheduledExecutorService prober;

    public SharedStorage(ObjectStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
        this.prober = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "python-mirror-storage-probe");
            t.setDaemon(true);
            return t;
        });
        prober.scheduleWithFixedDelay(this::probeIfUnreachable, PROBE_SECONDS, PROBE_SECONDS, TimeUnit.SECONDS);
    }

    /** Runs one request against the bucket, keeping the health mark up to date. */
    public <T> T call(Call<T> call) throws IOException {
        requests.incrementAndGet();
        try {
            T result = call.run(store);
            markReachable();
            return result;
        } catch (ObjectStoreUnavailableException e) {
            markUnreachable(e);
            throw e;
        } catch (IOException | RuntimeException e) {
            failures.incrementAndGet();
            lastError = e.getMessage();
            throw e;
        }
    }

    /** Whether the last request (or probe) reached the bucket. */
    public boolean reachable() {
        return reachable.get();
    }

    /** The one-line reason an upload is refused while the bucket is unreachable. */
    public String unreachableMessage() {
        return "the mirror's shared storage (" + store.describe() + ") is unreachable; try again later";
    }

    public String describe() {
        return store.describe();
    }

    public long requests() {
        return requests.get();
    }

    public long failures() {
        return failures.get();
    }

    /** The last failure's message, or null. */
    public String lastError() {
        return lastError;
    }

    /** Since when the bucket is unreachable, or null while it is reachable. */
    public Instant unreachableSince() {
        return unreachableSince;
    }

    /** Probes now (at start: a node refuses to open on a bucket it cannot read, rather than half-work). */
    public void probe() throws IOException {
        call(s -> {
            s.probe();
            return null;
        });
    }

    private void probeIfUnreachable() {
        if (reachable.get()) {
            return;
        }
        try {
            probe();
        } catch (IOException | RuntimeException e) {
            // still unreachable; logged when it started
        }
    }

    private void markUnreachable(IOException e) {
        failures.incrementAndGet();
        lastError = e.getMessage();
        if (reachable.compareAndSet(true, false)) {
            unreachableSince = clock.instant();
            LOG.warning("Shared storage unreachable: " + e.getMessage()
                    + " (serving from this node's local cache; uploads are refused until it is back)");
        }
    }

    private void markReachable() {
        if (reachable.compareAndSet(false, true)) {
            LOG.info("Shared storage " + store.describe() + " reachable again (unreachable since " + unreachableSince
                    + ")");
            unreachableSince = null;
        }
    }

    @Override
    public void close() {
        prober.shutdownNow();
        try {
            store.close();
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "Closing the shared storage", e);
        }
    }
}
