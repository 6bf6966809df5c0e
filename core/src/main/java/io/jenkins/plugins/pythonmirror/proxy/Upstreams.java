package io.jenkins.plugins.pythonmirror.proxy;

import io.jenkins.plugins.pythonmirror.MirrorException;
import io.jenkins.plugins.pythonmirror.config.MirrorSettings;
import io.jenkins.plugins.pythonmirror.config.Upstream;
import io.jenkins.plugins.pythonmirror.pep.ProjectName;
import io.jenkins.plugins.pythonmirror.simple.FileEntry;
import io.jenkins.plugins.pythonmirror.simple.InvalidPageException;
import io.jenkins.plugins.pythonmirror.simple.PageParser;
import io.jenkins.plugins.pythonmirror.simple.PageReader;
import io.jenkins.plugins.pythonmirror.simple.ProjectPage;
import io.jenkins.plugins.pythonmirror.simple.StreamedFiles;
import io.jenkins.plugins.pythonmirror.status.MirrorStatus;
import io.jenkins.plugins.pythonmirror.store.DiskSpace;
import io.jenkins.plugins.pythonmirror.store.PageStore;
import io.jenkins.plugins.pythonmirror.store.StoredPage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * The configured upstreams in order. A page request goes to the first whose circuit is closed and fails over to
 * the next on a refused connection, timeout, 5xx or unparsable page.
 */
public final class Upstreams {

    private static final Logger LOG = Logger.getLogger(Upstreams.class.getName());
    /** PEP 691 preferred, PEP 503 accepted (the header pip sends). */
    static final String ACCEPT =
            "application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html;q=0.2, text/html;q=0.01";

    private static final int MAX_PAGE_BYTES = 64 * 1024 * 1024;

    /** Fires the read deadlines of page and metadata bodies; one daemon thread for all mirrors. */
    private static final ScheduledExecutorService DEADLINES = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "python-mirror-read-deadlines");
        t.setDaemon(true);
        return t;
    });

    private final List<UpstreamEndpoint> endpoints = new ArrayList<>();
    private final Duration readTimeout;
    private final Clock clock;

    public Upstreams(MirrorSettings settings, Supplier<HttpClient.Builder> clients, Clock clock) {
        this.readTimeout = settings.readTimeout();
        this.clock = clock;
        for (Upstream u : settings.upstreams()) {
            HttpClient client = clients.get()
                    .connectTimeout(settings.connectTimeout())
                    .followRedirects(HttpClient.Redirect.NORMAL)
                    .build();
            endpoints.add(new UpstreamEndpoint(
                    u,
                    client,
                    new CircuitBreaker(settings.circuitBreakerFailures(), settings.circuitBreakerOpenFor(), clock),
                    clock));
        }
    }

    public List<MirrorStatus.UpstreamStatus> status() {
        return endpoints.stream().map(UpstreamEndpoint::status).toList();
    }

    /**
     * Fetches a project page, conditionally when {@code previous} came from the same upstream.
     *
     * @throws MirrorException.Upstream when every upstream failed or was skipped
     */
    PageFetch fetchPage(ProjectName project, StoredPage previous, PageStore store) {
        List<String> failures = new ArrayList<>();
        Throwable lastCause = null;
        for (UpstreamEndpoint endpoint : endpoints) {
            if (!endpoint.breaker.allowRequest()) {
                failures.add(endpoint.upstream.displayName() + ": skipped (circuit open after repeated failures)");
                continue;
            }
            URI url = endpoint.upstream.url().resolve(project.normalized() + "/");
            try {
                PageFetch result = fetchFrom(endpoint, url, previous, store);
                endpoint.recordSuccess();
                return result;
            } catch (LocalStorageException e) {
                // Our disk, not the upstream: no failover, no mark against it.
                endpoint.recordSuccess();
                boolean full = DiskSpace.isFull(e);
                throw new MirrorException(
                        full ? 507 : 500,
                        (full ? DiskSpace.FULL_MESSAGE : "cannot store the page") + " ("
                                + e.getCause().getMessage() + ")",
                        e.getCause());
            } catch (IOException | RuntimeException e) {
                String reason = describe(e);
                endpoint.recordFailure(reason);
                failures.add(endpoint.upstream.displayName() + ": " + reason);
                lastCause = e;
                LOG.fine(() -> "Upstream failure for " + url + ": " + reason);
            } catch (InterruptedException e) {
                endpoint.recordFailure("interrupted"); // releases a half-open trial
                Thread.currentThread().interrupt();
                throw new MirrorException.Upstream("interrupted while fetching " + project, e);
            }
        }
        throw new MirrorException.Upstream(
                failures.isEmpty() ? "no upstream is configured" : String.join("; ", failures), lastCause);
    }

    private PageFetch fetchFrom(UpstreamEndpoint endpoint, URI url, StoredPage previous, PageStore store)
            throws IOException, InterruptedException {
        HttpRequest.Builder request =
                endpoint.request(url, readTimeout).header("Accept", ACCEPT).GET();
        boolean conditional = previous != null && previous.source().equals(url);
        if (conditional) {
            if (previous.etag() != null) {
                request.header("If-None-Match", previous.etag());
            }
            if (previous.lastModified() != null) {
                request.header("If-Modified-Since", previous.lastModified());
            }
        }
        endpoint.recordRequest();
        HttpResponse<InputStream> response =
                endpoint.client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            int status = response.statusCode();
            if (status == 304 && conditional) {
                return new PageFetch.NotModified();
            }
            if (status == 404 || status == 410) {
                return new PageFetch.Missing();
            }
            if (status != 200) {
                throw new IOException("HTTP " + status);
            }
            URI pageUrl = response.uri();
            String etag = response.headers().firstValue("ETag").orElse(null);
            String lastModified = response.headers().firstValue("Last-Modified").orElse(null);
            Optional<Long> headerSerial =
                    response.headers().firstValue("X-PyPI-Last-Serial").flatMap(Upstreams::parseLong);
            // The body goes to disk, then is read one file at a time: no page is ever whole in memory.
            Path raw = local(() -> store.newTempFile("page-body"));
            try {
                copyWithDeadline(body, raw, MAX_PAGE_BYTES);
                return new PageFetch.Fetched(read(
                        raw,
                        response.headers().firstValue("Content-Type").orElse(null),
                        pageUrl,
                        store,
                        project(url),
                        (head, files) -> new StoredPage(
                                head.withFiles(files),
                                url,
                                etag,
                                lastModified,
                                headerSerial.orElse(head.lastSerial()),
                                clock.millis()),
                        (head, staged) -> staged.finish(
                                head,
                                url,
                                etag,
                                lastModified,
                                headerSerial.orElse(head.lastSerial()),
                                clock.millis())));
            } finally {
                Files.deleteIfExists(raw);
            }
        }
    }

    private interface InMemory {
        StoredPage make(ProjectPage head, List<FileEntry> files);
    }

    private interface Streamed {
        StoredPage make(ProjectPage head, PageStore.Staged staged) throws IOException;
    }

    /**
     * Reads a fetched page: up to {@link StreamedFiles#IN_MEMORY_LIMIT} files into memory, a larger page into a
     * staged stored file whose files are then streamed.
     */
    private static StoredPage read(
            Path raw,
            String contentType,
            URI pageUrl,
            PageStore store,
            String project,
            InMemory inMemory,
            Streamed streamed)
            throws IOException {
        PageStore.Staged staged = null;
        try (PageReader reader = PageParser.open(raw, contentType, pageUrl)) {
            List<FileEntry> files = new ArrayList<>();
            FileEntry next;
            while ((next = reader.next()) != null) {
                FileEntry f = next;
                if (staged != null) {
                    PageStore.Staged s = staged;
                    local(() -> {
                        s.add(f);
                        return null;
                    });
                } else if (files.size() < StreamedFiles.IN_MEMORY_LIMIT) {
                    files.add(f);
                } else {
                    PageStore.Staged s = local(() -> store.stage("page-" + project));
                    staged = s;
                    local(() -> {
                        for (FileEntry kept : files) {
                            s.add(kept);
                        }
                        s.add(f);
                        return null;
                    });
                    files.clear();
                }
            }
            if (staged == null) {
                return inMemory.make(reader.head(), files);
            }
            PageStore.Staged s = staged;
            ProjectPage head = reader.head();
            StoredPage page = local(() -> streamed.make(head, s));
            staged = null; // the page owns it now
            return page;
        } finally {
            if (staged != null) {
                staged.close();
            }
        }
    }

    private static String project(URI url) {
        String path = url.getPath();
        String trimmed = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        return trimmed.substring(trimmed.lastIndexOf('/') + 1);
    }

    /** A write to the mirror's own disk failed while a page was read: not the upstream's fault. */
    static final class LocalStorageException extends IOException {
        LocalStorageException(IOException cause) {
            super(cause.getMessage(), cause);
        }
    }

    private interface LocalIo<T> {
        T run() throws IOException;
    }

    private static <T> T local(LocalIo<T> io) throws LocalStorageException {
        try {
            return io.run();
        } catch (LocalStorageException e) {
            throw e;
        } catch (IOException e) {
            throw new LocalStorageException(e);
        }
    }

    /** Opens a file download; the caller reads and closes the body. Counted against the upstream it belongs to. */
    HttpResponse<InputStream> openFile(URI fileUrl, URI pageSource) throws IOException, InterruptedException {
        UpstreamEndpoint endpoint = endpointFor(pageSource);
        HttpRequest request = (endpoint != null
                        ? endpoint.request(fileUrl, readTimeout)
                        : HttpRequest.newBuilder(fileUrl)
                                .timeout(readTimeout)
                                .header("User-Agent", UpstreamEndpoint.USER_AGENT))
                .GET()
                .build();
        HttpClient client = endpoint != null ? endpoint.client : endpoints.get(0).client;
        if (endpoint != null) {
            endpoint.recordRequest();
        }
        HttpResponse<InputStream> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            recordFileFailure(pageSource, describe(e));
            throw e;
        }
        int status = response.statusCode();
        if (status != 200) {
            response.body().close();
            IOException failure = new HttpStatusException(status, "HTTP " + status + " from " + fileUrl);
            if (status >= 500 || status == 408 || status == 429) {
                // Upstream trouble counts toward its health; a 404 for one file (deleted upstream) does not.
                recordFileFailure(pageSource, describe(failure));
            }
            throw failure;
        }
        return response;
    }

    /** Reads a small upstream resource (a PEP 658 metadata file) whole. */
    byte[] fetchSmall(URI url, URI pageSource, int limit) throws IOException, InterruptedException {
        HttpResponse<InputStream> response = openFile(url, pageSource);
        try (InputStream in = response.body()) {
            return readWithDeadline(in, limit);
        }
    }

    void recordFileFailure(URI pageSource, String description) {
        UpstreamEndpoint endpoint = endpointFor(pageSource);
        if (endpoint != null) {
            endpoint.recordFailure(description);
        }
    }

    /** Marks the upstream that listed a file whose bytes did not match its sha256 (kept apart from errors). */
    void recordSha256Mismatch(URI pageSource, String filename) {
        UpstreamEndpoint endpoint = endpointFor(pageSource);
        if (endpoint != null) {
            endpoint.recordSha256Mismatch(filename);
        }
    }

    /** The upstream a page came from, for logs: its display name, else the file URL's origin. */
    String nameFor(URI pageSource, URI fileUrl) {
        UpstreamEndpoint endpoint = endpointFor(pageSource);
        if (endpoint != null) {
            return endpoint.upstream.displayName();
        }
        return fileUrl.getScheme() + "://" + fileUrl.getRawAuthority() + "/";
    }

    /** An upstream answered a file request with a status other than 200. */
    static final class HttpStatusException extends IOException {
        final int status;

        HttpStatusException(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    private UpstreamEndpoint endpointFor(URI pageSource) {
        if (pageSource == null) {
            return null;
        }
        String s = pageSource.toString();
        for (UpstreamEndpoint e : endpoints) {
            if (s.startsWith(e.upstream.url().toString())) {
                return e;
            }
        }
        return null;
    }

    /**
     * Reads a whole body of at most {@code limit} bytes within the read timeout. The JDK client's timeout ends when
     * the headers arrive, and an interrupt does not end a blocked body read; a body that stalls after its headers
     * would block its reader (and everyone waiting for that page) forever, so an alarm closes the stream.
     */
    private byte[] readWithDeadline(InputStream body, int limit) throws IOException {
        AtomicBoolean fired = new AtomicBoolean();
        ScheduledFuture<?> alarm = DEADLINES.schedule(
                () -> {
                    fired.set(true);
                    try {
                        body.close();
                    } catch (IOException ignored) {
                        // closing is all we wanted
                    }
                },
                readTimeout.toMillis(),
                TimeUnit.MILLISECONDS);
        try {
            byte[] bytes = body.readNBytes(limit + 1);
            if (bytes.length > limit) {
                throw new InvalidPageException("body larger than " + limit + " bytes");
            }
            return bytes;
        } catch (IOException e) {
            if (fired.get()) {
                throw new HttpTimeoutException("the body did not arrive within " + readTimeout.toSeconds() + " s");
            }
            throw e;
        } finally {
            alarm.cancel(false);
        }
    }

    /**
     * Copies a whole body of at most {@code limit} bytes to {@code target} within the read timeout (see {@link
     * #readWithDeadline}); a failed write to {@code target} is a {@link LocalStorageException}.
     */
    private void copyWithDeadline(InputStream body, Path target, int limit) throws IOException {
        AtomicBoolean fired = new AtomicBoolean();
        ScheduledFuture<?> alarm = DEADLINES.schedule(
                () -> {
                    fired.set(true);
                    try {
                        body.close();
                    } catch (IOException ignored) {
                        // closing is all we wanted
                    }
                },
                readTimeout.toMillis(),
                TimeUnit.MILLISECONDS);
        try (OutputStream out = local(() -> Files.newOutputStream(target))) {
            byte[] buffer = new byte[64 * 1024];
            long total = 0;
            int n;
            while ((n = body.read(buffer)) != -1) {
                total += n;
                if (total > limit) {
                    throw new InvalidPageException("body larger than " + limit + " bytes");
                }
                int len = n;
                local(() -> {
                    out.write(buffer, 0, len);
                    return null;
                });
            }
        } catch (LocalStorageException | InvalidPageException e) {
            throw e;
        } catch (IOException e) {
            if (fired.get()) {
                throw new HttpTimeoutException("the body did not arrive within " + readTimeout.toSeconds() + " s");
            }
            throw e;
        } finally {
            alarm.cancel(false);
        }
    }

    private static Optional<Long> parseLong(String s) {
        try {
            return Optional.of(Long.parseLong(s.trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    static String describe(Throwable e) {
        if (e instanceof HttpTimeoutException) {
            return e.getMessage() != null && e.getMessage().startsWith("the body") ? e.getMessage() : "timed out";
        }
        if (e instanceof java.net.ConnectException) {
            return "connection refused";
        }
        if (e instanceof InvalidPageException) {
            return "unparsable page: " + e.getMessage();
        }
        String msg = e.getMessage();
        return msg == null ? e.getClass().getSimpleName() : msg;
    }
}
