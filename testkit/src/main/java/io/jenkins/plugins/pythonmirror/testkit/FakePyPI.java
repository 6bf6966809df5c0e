package io.jenkins.plugins.pythonmirror.testkit;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * A real PyPI-like upstream on 127.0.0.1 (Jetty 12, port 0) serving the files a test adds, with switchable faults and
 * request accounting. Pages are always in the format chosen at start; the {@code Accept} header is ignored (it is
 * recorded, see {@link #requests()}).
 *
 * <p>Routes: {@code /simple/} (project list), {@code /simple/<normalized>/} (project page; other spellings get a 301,
 * unknown projects 404), {@code /packages/ab/cd/<hex>/<filename>} (files, with {@code .metadata} siblings when
 * offered).
 */
public final class FakePyPI implements AutoCloseable {

    /** Which serialization the pages use. */
    public enum PageFormat {
        /** PEP 691 {@code application/vnd.pypi.simple.v1+json}, API version 1.1 (PEP 700 fields). */
        JSON,
        /** PEP 503 HTML with hash fragments and data- attributes. */
        HTML
    }

    /** Faults the server can be switched into at runtime. */
    public enum Fault {
        NONE,
        /** Every request gets a 500. */
        HTTP_500,
        /** Every request gets a 503 with {@code Retry-After: 1}. */
        HTTP_503,
        /** Requests are accepted and never answered; clearing the fault or stopping the server resets them. */
        STALL,
        /** {@code /simple/} pages answer 200 with a body no client can parse. */
        GARBAGE_PAGES,
        /** Files announce their full Content-Length, send half, then the connection is closed abruptly. */
        TRUNCATE_FILES,
        /** Files are sent with the right length but some bytes flipped. */
        CORRUPT_FILES,
        /** The connection is reset without any response. */
        RESET
    }

    private final PageFormat format;
    private final Map<String, ProjectState> projects = new TreeMap<>();
    private final Map<String, FileHandle> filesByPath = new ConcurrentHashMap<>();
    private final Traffic traffic = new Traffic();
    private long serial;
    private long lastModifiedMillis;
    private volatile Fault fault = Fault.NONE;
    private volatile String faultPathPrefix = "/";
    private volatile boolean relativeUrls;
    private volatile long chunkDelayNanos;
    private volatile int chunkSize = 8192;
    private Server server;
    private FakePyPIHandler handler;
    private int port;

    private FakePyPI(PageFormat format) {
        this.format = format;
    }

    /** Starts a fake index on an ephemeral port of 127.0.0.1. */
    public static FakePyPI start(PageFormat format) {
        FakePyPI fake = new FakePyPI(format);
        fake.startOn(0);
        return fake;
    }

    private synchronized void startOn(int wantedPort) {
        QueuedThreadPool threads = new QueuedThreadPool();
        threads.setName("fake-pypi");
        Server s = new Server(threads);
        ServerConnector connector = new ServerConnector(s);
        connector.setHost("127.0.0.1");
        connector.setPort(wantedPort);
        connector.setReuseAddress(true);
        // Long enough that a STALLed request is never answered by Jetty's own idle-timeout handling during a test.
        connector.setIdleTimeout(Duration.ofMinutes(10).toMillis());
        s.addConnector(connector);
        FakePyPIHandler h = new FakePyPIHandler(this);
        s.setHandler(h);
        try {
            s.start();
        } catch (Exception e) {
            throw new IllegalStateException("FakePyPI cannot listen on 127.0.0.1:" + wantedPort, e);
        }
        this.server = s;
        this.handler = h;
        this.port = connector.getLocalPort();
    }

    /** Stops the server: the port is released and connections to it are refused. Content is kept. */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        handler.releaseStalled();
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("FakePyPI did not stop", e);
        }
        server = null;
    }

    /** Starts again on the same port with the same content (after {@link #stop()}). */
    public synchronized void restart() {
        stop();
        startOn(port);
    }

    @Override
    public void close() {
        stop();
    }

    public int port() {
        return port;
    }

    /** {@code http://127.0.0.1:PORT/}. */
    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + port + "/");
    }

    /** {@code http://127.0.0.1:PORT/simple/}. */
    public URI simpleUrl() {
        return baseUrl().resolve("simple/");
    }

    /** The normalized project page URL, {@code http://127.0.0.1:PORT/simple/<normalized>/}. */
    public URI projectUrl(String project) {
        return simpleUrl().resolve(Hashes.normalize(project) + "/");
    }

    public PageFormat format() {
        return format;
    }

    // ---- content ----

    /** Adds (or replaces) a file of a project, creating the project if needed. */
    public synchronized FileHandle addFile(String project, String filename, byte[] content) {
        ProjectState state = projects.computeIfAbsent(Hashes.normalize(project), k -> new ProjectState(project));
        FileHandle old = state.files.remove(filename);
        if (old != null) {
            filesByPath.remove(old.path());
        }
        FileHandle handle = new FileHandle(this, state.name, filename, content);
        state.files.put(filename, handle);
        filesByPath.put(handle.path(), handle);
        touch(project);
        return handle;
    }

    /** Adds a built wheel or sdist; its METADATA is offered as PEP 658 metadata for wheels. */
    public FileHandle addDist(String project, BuiltDist dist) {
        FileHandle handle = addFile(project, dist.filename(), dist.bytes());
        return dist.filename().endsWith(".whl") ? handle.withMetadata(dist.metadata()) : handle;
    }

    /** Creates a project without files (its page lists nothing). */
    public synchronized void addProject(String project) {
        projects.computeIfAbsent(Hashes.normalize(project), k -> new ProjectState(project));
        touch(project);
    }

    /** Removes a file; its URL then answers 404. Returns whether it existed. */
    public synchronized boolean removeFile(String project, String filename) {
        ProjectState state = projects.get(Hashes.normalize(project));
        FileHandle old = state == null ? null : state.files.remove(filename);
        if (old == null) {
            return false;
        }
        filesByPath.remove(old.path());
        touch(project);
        return true;
    }

    /** Records a change of a project: bumps the global and the project serial and both Last-Modified times. */
    synchronized void touch(String project) {
        ProjectState state = projects.get(Hashes.normalize(project));
        serial++;
        // Last-Modified has one-second resolution: keep it strictly increasing so If-Modified-Since never hides a
        // change made within the same second.
        long now = System.currentTimeMillis() / 1000 * 1000;
        lastModifiedMillis = Math.max(now, lastModifiedMillis + 1000);
        if (state != null) {
            state.serial = serial;
            state.lastModifiedMillis = lastModifiedMillis;
        }
    }

    /** The global serial ({@code X-PyPI-Last-Serial} of {@code /simple/}). */
    public synchronized long serial() {
        return serial;
    }

    synchronized PageRenderer.Page rootPage() {
        return renderer().root(new ArrayList<>(projects.values()), serial, lastModifiedMillis);
    }

    /** The page of a normalized project name, or null if unknown. */
    synchronized PageRenderer.Page projectPage(String normalized) {
        ProjectState state = projects.get(normalized);
        return state == null ? null : renderer().project(state, baseUrl().toString());
    }

    private PageRenderer renderer() {
        return new PageRenderer(format, relativeUrls);
    }

    FileHandle fileAt(String path) {
        return filesByPath.get(path);
    }

    /** Serve file URLs relative to the page ({@code ../../packages/…}) instead of absolute ones (the default). */
    public void setRelativeUrls(boolean relative) {
        this.relativeUrls = relative;
    }

    // ---- faults and throttling ----

    /** Switches every request into the given fault ({@link Fault#NONE} to heal). */
    public void setFault(Fault fault) {
        setFault(fault, "/");
    }

    /** Switches requests whose path starts with {@code pathPrefix} into the given fault. */
    public void setFault(Fault fault, String pathPrefix) {
        this.faultPathPrefix = pathPrefix;
        this.fault = fault;
        if (fault != Fault.STALL && handler != null) {
            handler.releaseStalled();
        }
    }

    Fault faultFor(String path) {
        Fault f = fault;
        return path.startsWith(faultPathPrefix) ? f : Fault.NONE;
    }

    /** Sleeps this long after each 8 KiB chunk of a file body ({@link Duration#ZERO} for full speed). */
    public void setFileDelayPerChunk(Duration delay) {
        this.chunkSize = 8192;
        this.chunkDelayNanos = delay.toNanos();
    }

    /** Throttles file bodies to roughly this many bytes per second (0 for full speed). */
    public void setFileBytesPerSecond(long bytesPerSecond) {
        this.chunkSize = 8192;
        this.chunkDelayNanos = bytesPerSecond <= 0 ? 0 : chunkSize * 1_000_000_000L / bytesPerSecond;
    }

    /**
     * Sends file bodies {@code bytesPerChunk} bytes at a time with {@code every} between chunks: a slow drip that
     * never stalls long enough for a read timeout ({@code setFileBytesPerSecond(0)} heals it).
     */
    public void setFileDrip(int bytesPerChunk, Duration every) {
        this.chunkSize = Math.max(1, bytesPerChunk);
        this.chunkDelayNanos = every.toNanos();
    }

    int chunkSize() {
        return chunkSize;
    }

    long chunkDelayNanos() {
        return chunkDelayNanos;
    }

    // ---- accounting ----

    Traffic traffic() {
        return traffic;
    }

    /** All requests received since start or the last {@link #resetCounts()}. */
    public int requestCount() {
        return traffic.count("");
    }

    /** Requests whose path starts with the prefix, e.g. {@code "/packages/"} or {@code "/simple/a/"}. */
    public int requestCount(String pathPrefix) {
        return traffic.count(pathPrefix);
    }

    /** GET/HEAD requests for this filename (the file itself, not its {@code .metadata}). */
    public int downloadCount(String filename) {
        return traffic.count(r -> r.path().endsWith("/" + filename));
    }

    /** Requests carrying If-None-Match or If-Modified-Since. */
    public int conditionalRequestCount() {
        return traffic.conditional();
    }

    /** Responses with status 304. */
    public int notModifiedCount() {
        return traffic.notModifiedCount();
    }

    /** A copy of the recorded requests, oldest first. */
    public List<RecordedRequest> requests() {
        return traffic.requests();
    }

    public void resetCounts() {
        traffic.reset();
    }
}
