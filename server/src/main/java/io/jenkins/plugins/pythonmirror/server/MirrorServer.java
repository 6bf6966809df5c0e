package io.jenkins.plugins.pythonmirror.server;

import io.jenkins.plugins.pythonmirror.Mirror;
import io.jenkins.plugins.pythonmirror.access.Caller;
import io.jenkins.plugins.pythonmirror.config.MirrorSettings;
import io.jenkins.plugins.pythonmirror.sync.SyncProgress;
import io.jenkins.plugins.pythonmirror.sync.SyncSpec;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/** The standalone mirror: the engine behind an embedded Jetty. {@link #start()} it, {@link #close()} it. */
public final class MirrorServer implements AutoCloseable {

    /**
     * The most HTTP threads by default. The engine's handler blocks (it reads disk, streams downloads as they
     * arrive, waits for upstream pages), so every request in flight holds one thread: the pool grows with concurrent
     * clients up to this cap, further requests queue, and threads idle for {@link #THREAD_IDLE_TIMEOUT} end again.
     */
    public static final int DEFAULT_MAX_THREADS = 200;

    /** Below this Jetty's acceptor, selector and reserved threads would leave too few for requests. */
    public static final int MIN_MAX_THREADS = 16;

    static final java.time.Duration THREAD_IDLE_TIMEOUT = java.time.Duration.ofMinutes(1);

    private final Mirror mirror;
    private final Server server;
    private final ServerConnector connector;
    private final QueuedThreadPool threads;

    private MirrorServer(Mirror mirror, Server server, ServerConnector connector, QueuedThreadPool threads) {
        this.mirror = mirror;
        this.server = server;
        this.connector = connector;
        this.threads = threads;
    }

    /** An unstarted server on {@code host:port} (port 0 picks a free one), anonymous callers only. */
    public static MirrorServer newServer(MirrorSettings settings, String host, int port) throws IOException {
        return newServer(settings, host, port, request -> Caller.ANONYMOUS);
    }

    /** An unstarted server whose callers are established by {@code authenticator}. */
    public static MirrorServer newServer(
            MirrorSettings settings, String host, int port, Function<Request, Caller> authenticator)
            throws IOException {
        Mirror mirror = Mirror.open(settings);
        QueuedThreadPool threads = new QueuedThreadPool(DEFAULT_MAX_THREADS, 8, (int) THREAD_IDLE_TIMEOUT.toMillis());
        threads.setName("python-mirror-http");
        Server server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendDateHeader(true);
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(host);
        connector.setPort(port);
        server.addConnector(connector);
        server.setHandler(new JettyMirrorHandler(mirror.handler(), authenticator));
        server.setStopTimeout(5_000);
        return new MirrorServer(mirror, server, connector, threads);
    }

    /**
     * An unstarted server whose callers sign in with HTTP Basic against {@code users} (the users file), or with the
     * token of a session started over {@code api/sessions} (when the settings turn that API on): no credentials make
     * an anonymous caller, wrong ones a 401.
     */
    public static MirrorServer newServer(MirrorSettings settings, String host, int port, UserStore users)
            throws IOException {
        MirrorServer s = newServer(settings, host, port, BasicAuthHandler::callerOf);
        s.server.setHandler(new BasicAuthHandler(users, s.mirror.ciSessions().orElse(null), s.server.getHandler()));
        return s;
    }

    /**
     * Runs mirror sync with {@code spec} now and then every {@code every} (each run followed by eviction), and lets
     * {@code POST api/sync} run it on demand. Stops with the server.
     */
    public void scheduleSync(SyncSpec spec, Duration every, SyncProgress progress) {
        mirror.setSyncSpec(spec);
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "python-mirror-sync-schedule");
            t.setDaemon(true);
            return t;
        });
        syncTimer = timer;
        timer.scheduleWithFixedDelay(
                () -> {
                    try {
                        mirror.sync(spec, progress);
                    } catch (RuntimeException e) {
                        // already running (api/sync), or an engine fault: the next round tries again
                        progress.message("Scheduled sync did not run: " + e.getMessage());
                    }
                },
                0,
                Math.max(1, every.toSeconds()),
                TimeUnit.SECONDS);
    }

    private volatile ScheduledExecutorService syncTimer;

    /**
     * Caps the HTTP threads (before {@link #start()}); see {@link #DEFAULT_MAX_THREADS}.
     *
     * @throws IllegalArgumentException below {@link #MIN_MAX_THREADS}
     */
    public MirrorServer maxThreads(int max) {
        if (max < MIN_MAX_THREADS) {
            throw new IllegalArgumentException("--max-threads must be at least " + MIN_MAX_THREADS
                    + " (Jetty's own threads need a few), got " + max);
        }
        threads.setMaxThreads(max);
        return this;
    }

    public MirrorServer start() throws Exception {
        server.start();
        return this;
    }

    /** Blocks until the server stops. */
    public void join() throws InterruptedException {
        server.join();
    }

    public int port() {
        return connector.getLocalPort();
    }

    /** The base URL on the loopback interface, ending in {@code /}. */
    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + port() + "/");
    }

    public URI simpleUrl() {
        return baseUrl().resolve("simple/");
    }

    public Mirror mirror() {
        return mirror;
    }

    @Override
    public void close() throws Exception {
        try {
            if (syncTimer != null) {
                syncTimer.shutdownNow();
            }
            server.stop();
        } finally {
            mirror.close();
        }
    }
}
