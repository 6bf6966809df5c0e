package io.jenkins.plugins.pythonmirror.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.jenkins.plugins.pythonmirror.MirrorException;
import io.jenkins.plugins.pythonmirror.access.Caller;
import io.jenkins.plugins.pythonmirror.config.MirrorSettings;
import io.jenkins.plugins.pythonmirror.pep.ProjectName;
import io.jenkins.plugins.pythonmirror.policy.Decision;
import io.jenkins.plugins.pythonmirror.policy.InvalidPolicyException;
import io.jenkins.plugins.pythonmirror.policy.PolicyDocument;
import io.jenkins.plugins.pythonmirror.policy.PolicyLog;
import io.jenkins.plugins.pythonmirror.policy.ReleasePolicy;
import io.jenkins.plugins.pythonmirror.privateindex.PrivateIndex;
import io.jenkins.plugins.pythonmirror.privateindex.PrivatePackages;
import io.jenkins.plugins.pythonmirror.proxy.Downloads;
import io.jenkins.plugins.pythonmirror.proxy.FileService;
import io.jenkins.plugins.pythonmirror.proxy.PageCache;
import io.jenkins.plugins.pythonmirror.proxy.PageViews;
import io.jenkins.plugins.pythonmirror.proxy.RenderedPage;
import io.jenkins.plugins.pythonmirror.report.CiSessions;
import io.jenkins.plugins.pythonmirror.report.Sessions;
import io.jenkins.plugins.pythonmirror.report.Source;
import io.jenkins.plugins.pythonmirror.simple.ContentNegotiation;
import io.jenkins.plugins.pythonmirror.simple.PageFormat;
import io.jenkins.plugins.pythonmirror.simple.PageRenderer;
import io.jenkins.plugins.pythonmirror.status.Counters;
import io.jenkins.plugins.pythonmirror.status.Metrics;
import io.jenkins.plugins.pythonmirror.status.MirrorStatus;
import io.jenkins.plugins.pythonmirror.store.DiskSpace;
import io.jenkins.plugins.pythonmirror.store.FileKey;
import io.jenkins.plugins.pythonmirror.store.InUse;
import io.jenkins.plugins.pythonmirror.store.PageStore;
import io.jenkins.plugins.pythonmirror.upload.Uploads;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/** Answers every URL of the mirror; hosts only translate requests to and from it. */
public class MirrorHandler {

    private static final Logger LOG = Logger.getLogger(MirrorHandler.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final String IMMUTABLE = "public, max-age=31536000, immutable";
    /**
     * For a session's requests (a build's): the client must ask again every time, so a file in pip's or uv's own
     * HTTP cache still reaches the session's report (as a 304, which costs no body).
     */
    private static final String REVALIDATE = "private, max-age=0, must-revalidate";
    /** The header that carries the release policy's one-line reason on a refused file (also on HEAD). */
    public static final String POLICY_HEADER = "X-Python-Mirror-Policy";
    /** The largest policy document {@code PUT api/policy} reads. */
    static final int MAX_POLICY_BYTES = 1024 * 1024;

    private final MirrorSettings settings;
    private final PageCache pages;
    private final PageViews views;
    private final FileService files;
    private final PageStore pageStore;
    private final Counters counters;
    private final Supplier<MirrorStatus> status;
    private final PrivatePackages privates;
    private final PrivateRoutes privateRoutes;
    private final SessionRoutes sessionRoutes;
    private final Sessions sessions;
    private volatile AdminApi admin;
    private volatile InUse inUse = new InUse();
    private volatile PolicyLog policyLog = new PolicyLog();

    public MirrorHandler(
            MirrorSettings settings,
            PageCache pages,
            PageViews views,
            FileService files,
            PageStore pageStore,
            Counters counters,
            Supplier<MirrorStatus> status,
            PrivatePackages privates,
            Uploads uploads,
            Sessions sessions,
            CiSessions ciSessions) {
        this.settings = settings;
        this.sessions = sessions;
        this.pages = pages;
        this.views = views;
        this.files = files;
        this.pageStore = pageStore;
        this.counters = counters;
        this.status = status;
        this.privates = privates;
        this.privateRoutes = new PrivateRoutes(privates, uploads, counters);
        this.sessionRoutes =
                ciSessions == null ? null : new SessionRoutes(ciSessions, privates.access(), settings.publicUrl());
    }

    /** Connects the admin API ({@code POST api/sync}, {@code POST api/purge}) and the eviction's in-use counts. */
    public void connect(AdminApi adminApi, InUse filesInUse) {
        this.admin = adminApi;
        this.inUse = filesInUse;
    }

    /** Where refused downloads are logged (once per file and reason). */
    public void policyLog(PolicyLog log) {
        this.policyLog = log;
    }

    /** Handles one request from {@code caller}, whom the host has already authenticated. */
    public void handle(MirrorRequest request, MirrorResponse response, Caller caller) throws IOException {
        try {
            route(request, response, caller);
        } catch (MirrorException e) {
            if (e.status() == 404 && caller.session() != null) {
                recordMissing(request, caller);
            }
            if (response.isCommitted()) {
                throw new IOException(e.getMessage(), e);
            }
            if (e.status() >= 500 && e.status() != 507) { // a full disk was logged where it was found
                LOG.log(Level.INFO, request.method() + " " + request.path() + ": " + e.getMessage());
            }
            if (e instanceof Withheld w) {
                response.setHeader(POLICY_HEADER, w.header);
            }
            sendError(response, e.status(), e.getMessage());
        } catch (IOException e) {
            if (!DiskSpace.isFull(e) || response.isCommitted()) {
                throw e;
            }
            // 507 Insufficient Storage: say what is wrong instead of an internal error with a stack trace.
            counters.dataDiskFull();
            LOG.warning(request.method() + " " + request.path() + " from " + request.remoteAddress() + ": "
                    + DiskSpace.FULL_MESSAGE + " (" + e.getMessage() + ")");
            sendError(response, 507, DiskSpace.FULL_MESSAGE);
        }
    }

    private void route(MirrorRequest request, MirrorResponse response, Caller caller) throws IOException {
        RequestPath path = RequestPath.parse(request.path());
        String method = request.method();
        boolean read = method.equals("GET") || method.equals("HEAD");
        String first = path.get(0);
        if (SessionRoutes.isSessionApi(path)) {
            if (sessionRoutes == null) {
                // Only the standalone server turns the sessions API on; Jenkins builds get build tokens.
                throw new MirrorException.NotFound("No such API: /" + String.join("/", path.segments()));
            }
            sessionRoutes.handle(path, request, response, caller);
            return;
        }
        if (!read) {
            if (PrivateRoutes.isWrite(path)) {
                privateRoutes.write(path, request, response, caller);
                return;
            }
            if ((method.equals("POST") || method.equals("PUT")) && first.equals("api")) {
                adminApi(path, request, response, caller);
                return;
            }
            throw new MirrorException(405, "Method " + method + " is not allowed here");
        }
        if (!privates.access().canReadPublic(caller)) {
            throw caller.isAnonymous()
                    ? new MirrorException.Denied(401, "Authentication required")
                    : new MirrorException.Denied(403, "User '" + caller.name() + "' may not read this mirror");
        }
        switch (first) {
            case "" -> landing(response);
            case "simple" -> simple(path, request, response, caller);
            case "files" -> file(path, request, response, caller);
            case "links" -> {
                if (path.size() == 1) {
                    redirect(response, "links/"); // its links are relative to links/
                } else {
                    AdminApi engine = admin;
                    Set<FileKey> pinned = engine == null ? Set.of() : engine.pinnedFiles();
                    if (views.policyActive()) {
                        // A pinned file the release policy withholds now (blocked since the sync) is not offered.
                        pinned = pinned.stream().filter(k -> !isWithheld(k)).collect(Collectors.toSet());
                    }
                    privateRoutes.links(request, response, caller, pinned);
                }
            }
            case "api" -> api(path, response, caller);
            case "metrics" -> text(response, 200, Metrics.render(status.get()), "text/plain; version=0.0.4");
            default -> throw new MirrorException.NotFound("Not found: /" + request.path());
        }
    }

    private void simple(RequestPath path, MirrorRequest request, MirrorResponse response, Caller caller)
            throws IOException {
        if (path.size() == 1) {
            redirect(response, "simple/");
            return;
        }
        String name = path.get(1);
        if (path.size() == 2 && name.isEmpty()) {
            index(request, response, caller);
            return;
        }
        if (path.size() > 3 || (path.size() == 3 && !path.get(2).isEmpty())) {
            throw new MirrorException.NotFound("Not found: /" + request.path());
        }
        if (!ProjectName.isValid(name)) {
            throw new MirrorException.NotFound("Not a valid project name: " + name);
        }
        ProjectName project = ProjectName.parse(name);
        String query = request.query() == null ? "" : "?" + request.query();
        if (!project.normalized().equals(name)) {
            // PEP 503: clients must use the normalized name; redirect like PyPI does.
            redirect(response, (path.size() == 3 ? "../" : "") + project.normalized() + "/" + query);
            return;
        }
        if (path.size() == 2) {
            redirect(response, name + "/" + query);
            return;
        }
        PageFormat format = negotiate(request);
        // Private names never reach the upstream cache (unless allowlisted: then merged below the private files).
        Optional<RenderedPage> own = privates.page(project, caller, () -> views.view(
                        project, pages.get(project).page().page())
                .page());
        if (own.isPresent()) {
            boolean gzip = acceptsGzip(request);
            RenderedPage.Body body = own.get().body(format, gzip);
            response.setHeader("Vary", "Accept, Accept-Encoding");
            // Private, and yanks must show at once: revalidate every time (the ETag makes that cheap).
            response.setHeader("Cache-Control", "private, no-cache");
            sendBody(request, response, format.contentTypeHeader(), body, gzip);
            return;
        }
        PageCache.Lookup lookup = pages.get(project);
        if (lookup.fromCache()) {
            counters.hits.increment();
        } else {
            counters.misses.increment();
        }
        RenderedPage view = views.view(project, lookup.page().page());
        boolean gzip = acceptsGzip(request);
        RenderedPage.Body body = view.body(format, gzip);
        response.setHeader("Vary", "Accept, Accept-Encoding");
        response.setHeader(
                "Cache-Control",
                caller.session() != null
                        ? REVALIDATE
                        : "max-age=" + settings.pageTtl().toSeconds() + ", public");
        if (lookup.page().serial() != null) {
            response.setHeader("X-PyPI-Last-Serial", lookup.page().serial().toString());
        }
        if (lookup.stale()) {
            response.setHeader("X-Python-Mirror-Stale", "true");
        }
        String withheld = views.withheldNote(project, lookup.page().page());
        if (withheld != null) {
            response.setHeader(POLICY_HEADER, ascii(withheld));
        }
        sendBody(request, response, format.contentTypeHeader(), body, gzip);
    }

    private void index(MirrorRequest request, MirrorResponse response, Caller caller) throws IOException {
        PageFormat format = negotiate(request);
        List<String> names = privates.indexNames(pageStore.projectNames(), caller);
        byte[] bytes = format == PageFormat.JSON_V1 ? PageRenderer.indexJson(names) : PageRenderer.indexHtml(names);
        response.setHeader("Vary", "Accept");
        response.setHeader("Cache-Control", "private, no-cache");
        sendBytes(request, response, format.contentTypeHeader(), bytes, null, false);
    }

    private PageFormat negotiate(MirrorRequest request) {
        String format = queryParameter(request.query(), "format");
        Optional<PageFormat> chosen = ContentNegotiation.select(request.header("Accept"), format);
        if (chosen.isEmpty()) {
            throw new MirrorException(
                    406,
                    "None of the offered types is acceptable: application/vnd.pypi.simple.v1+json, "
                            + "application/vnd.pypi.simple.v1+html, text/html");
        }
        return chosen.get();
    }

    private void file(RequestPath path, MirrorRequest request, MirrorResponse response, Caller caller)
            throws IOException {
        if (path.size() != 3 || !FileKey.isSha256(path.get(1))) {
            throw new MirrorException.NotFound("Not found: /" + request.path());
        }
        String filename = path.get(2);
        boolean metadata = filename.endsWith(".metadata");
        String distName = metadata ? filename.substring(0, filename.length() - ".metadata".length()) : filename;
        if (!FileKey.isSafeFilename(distName)) {
            throw new MirrorException.BadRequest("Not an acceptable file name: " + filename);
        }
        FileKey key = new FileKey(path.get(1), distName);
        // Eviction never removes a file while it is being served.
        try (InUse.Lease lease = inUse.acquire(key)) {
            file(key, metadata, distName, request, response, caller);
        }
    }

    private void file(
            FileKey key,
            boolean metadata,
            String distName,
            MirrorRequest request,
            MirrorResponse response,
            Caller caller)
            throws IOException {
        String etag = "\"" + key.sha256() + (metadata ? "-metadata" : "") + "\"";
        // The private index first; a file of a private (not allowlisted) project is never looked for upstream.
        Optional<PrivateIndex.Located> own = privates.file(key, caller);
        boolean record =
                caller.session() != null && !metadata && request.method().equals("GET");
        if (own.isPresent()) {
            response.setHeader(
                    "Cache-Control", caller.session() != null ? REVALIDATE : "private, max-age=31536000, immutable");
            response.setHeader("ETag", etag);
            if (etag.equals(request.header("If-None-Match"))) {
                response.setStatus(304);
                if (record) {
                    recordFile(caller, key, sizeOf(own.get().path()), Source.PRIVATE);
                }
                return;
            }
            counters.hits.increment();
            if (metadata) {
                serveFile(request, response, privates.metadataOf(own.get()), "text/plain; charset=utf-8", etag);
            } else {
                long size = serveFile(request, response, own.get().path(), contentTypeOf(distName), etag);
                if (record) {
                    recordFile(caller, key, size, Source.PRIVATE);
                }
            }
            return;
        }
        refuseWithheld(key);
        if (etag.equals(request.header("If-None-Match"))) {
            response.setStatus(304);
            response.setHeader("ETag", etag);
            if (caller.session() != null) {
                response.setHeader("Cache-Control", REVALIDATE);
            }
            if (record) {
                // The client's cached copy, which the mirror served before: it counts as coming from the cache.
                recordFile(
                        caller,
                        key,
                        files.stored(key).map(MirrorHandler::sizeOf).orElse(-1L),
                        Source.CACHE);
            }
            return;
        }
        if (metadata) {
            Path meta = files.metadata(key);
            setFileHeaders(response, etag, caller);
            counters.hits.increment();
            serveFile(request, response, meta, "text/plain; charset=utf-8", etag);
            return;
        }
        // Caching headers go out only with an answer that has the file: an error must never be marked immutable.
        if (request.method().equals("HEAD")) {
            Optional<Path> stored = files.stored(key);
            if (stored.isPresent()) {
                setFileHeaders(response, etag, caller);
                serveFile(request, response, stored.get(), contentTypeOf(distName), etag);
                return;
            }
            // Answer from the index without starting a download.
            Long size = files.announcedSize(key);
            setFileHeaders(response, etag, caller);
            response.setStatus(200);
            response.setHeader("Content-Type", contentTypeOf(distName));
            if (size != null) {
                response.setHeader("Content-Length", size.toString());
            }
            return;
        }
        Downloads.Fetch fetch = files.fetch(key);
        if (fetch instanceof Downloads.Fetch.Ready ready) {
            counters.hits.increment();
            inUse.accessed(key, ready.path());
            setFileHeaders(response, etag, caller);
            long size = serveFile(request, response, ready.path(), contentTypeOf(distName), etag);
            if (record) {
                recordFile(caller, key, size, Source.CACHE);
            }
            return;
        }
        counters.misses.increment();
        long size =
                streamDownload(request, response, ((Downloads.Fetch.Running) fetch).download(), distName, etag, caller);
        if (record) {
            recordFile(caller, key, size, Source.UPSTREAM);
        }
    }

    /**
     * Refuses an upstream file the release policy withholds now (held back, unknown age held, blocked) with a 404
     * whose body and {@link #POLICY_HEADER} give the reason: the same answer as for a file no page lists, so clients
     * fall back as they would, and a person (or {@code pip -v}) sees why.
     */
    private void refuseWithheld(FileKey key) {
        if (!views.policyActive()) {
            return;
        }
        Optional<ProjectName> project = FileService.projectOf(key.filename());
        if (project.isEmpty()) {
            return;
        }
        Decision d = views.decision(project.get(), files.listingPage(key).orElse(null), key.filename());
        if (!d.isVisible()) {
            counters.policyRefusals.increment();
            policyLog.once(key.filename(), d, true);
            throw new Withheld(d.explain(key.filename()), d.reason());
        }
    }

    private boolean isWithheld(FileKey key) {
        Optional<ProjectName> project = FileService.projectOf(key.filename());
        return project.isPresent()
                && !views.decision(project.get(), files.listingPage(key).orElse(null), key.filename())
                        .isVisible();
    }

    /** A 404 for a file the release policy withholds; the reason also goes into {@link #POLICY_HEADER}. */
    static final class Withheld extends MirrorException.NotFound {
        final String header;

        Withheld(String message, String reason) {
            super(message);
            this.header = ascii(reason);
        }
    }

    /** Header values are ASCII: anything else (in an admin's reason) becomes '?'. */
    static String ascii(String value) {
        return value.replaceAll("[^\\x20-\\x7e]", "?");
    }

    private static void setFileHeaders(MirrorResponse response, String etag, Caller caller) {
        response.setHeader("Cache-Control", caller.session() != null ? REVALIDATE : IMMUTABLE);
        response.setHeader("ETag", etag);
    }

    private void recordFile(Caller caller, FileKey key, long size, Source source) {
        sessions.fileServed(caller.session(), key.filename(), key.sha256(), size, source);
    }

    private void recordMissing(MirrorRequest request, Caller caller) {
        try {
            RequestPath path = RequestPath.parse(request.path());
            if (path.size() >= 2 && path.get(0).equals("simple") && !path.get(1).isEmpty()) {
                sessions.notFound(caller.session(), path.get(1));
            }
        } catch (MirrorException e) {
            // not a project page
        }
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }

    /** Streams a download in progress to the client; returns the bytes sent. */
    private long streamDownload(
            MirrorRequest request,
            MirrorResponse response,
            io.jenkins.plugins.pythonmirror.proxy.Download download,
            String filename,
            String etag,
            Caller caller)
            throws IOException {
        byte[] buffer = new byte[64 * 1024];
        InputStream in = null;
        long length;
        int first;
        try {
            if (request.header("Range") != null) {
                // A range of a file still downloading: wait for the verified file, then answer from it.
                Path done = download.awaitCommitted();
                setFileHeaders(response, etag, caller);
                return serveFile(request, response, done, contentTypeOf(filename), etag);
            }
            length = download.awaitStart();
            in = download.newReader();
            // Wait for the first bytes before answering: a download that fails before any byte gets a clean 502.
            first = in.read(buffer);
        } catch (IOException e) {
            if (in != null) {
                in.close();
            }
            if (response.isCommitted()) {
                throw e;
            }
            if (DiskSpace.isFull(e)) {
                // The download could not be stored (already logged and counted): our disk, not the upstream.
                throw new MirrorException(507, DiskSpace.FULL_MESSAGE, e);
            }
            throw new MirrorException.Upstream(e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MirrorException.Upstream("interrupted", e);
        }
        setFileHeaders(response, etag, caller);
        response.setStatus(200);
        response.setHeader("Content-Type", contentTypeOf(filename));
        response.setHeader("Accept-Ranges", "bytes");
        if (length >= 0) {
            response.setHeader("Content-Length", Long.toString(length));
        }
        // From here on a failure must abort the response: the exception propagates to the host.
        long sent = 0;
        try (InputStream stream = in) {
            OutputStream out = response.body();
            int n = first;
            while (n != -1) {
                out.write(buffer, 0, n);
                sent += n;
                n = stream.read(buffer);
            }
        } finally {
            counters.bytesServed.add(sent);
        }
        return sent;
    }

    /** Answers with {@code file} (or the requested range of it); returns the file's size. */
    private long serveFile(MirrorRequest request, MirrorResponse response, Path file, String contentType, String etag)
            throws IOException {
        long length = Files.size(file);
        response.setHeader("Content-Type", contentType);
        response.setHeader("Accept-Ranges", "bytes");
        String ifRange = request.header("If-Range");
        // If-Range: a range only while the client's copy is ours (always, for immutable files; checked anyway).
        ByteRange.Outcome outcome = ifRange == null || ifRange.equals(etag)
                ? ByteRange.parse(request.header("Range"), length)
                : new ByteRange.Outcome.Whole();
        long offset = 0;
        long count = length;
        if (outcome instanceof ByteRange.Outcome.Unsatisfiable u) {
            response.setHeader("Content-Range", "bytes */" + length);
            sendError(response, 416, u.reason());
            return length;
        }
        if (outcome instanceof ByteRange.Outcome.Partial p) {
            offset = p.range().first();
            count = p.range().length();
            response.setStatus(206);
            response.setHeader(
                    "Content-Range",
                    "bytes " + p.range().first() + "-" + p.range().last() + "/" + length);
        } else {
            response.setStatus(200);
        }
        response.setHeader("Content-Length", Long.toString(count));
        if (request.method().equals("HEAD")) {
            return length;
        }
        response.sendFile(file, offset, count);
        if (!file.getFileName().toString().endsWith(".metadata")) {
            counters.bytesServed.add(count);
        }
        return length;
    }

    private void api(RequestPath path, MirrorResponse response, Caller caller) throws IOException {
        if (PrivateRoutes.isPrivateApi(path)) {
            privateRoutes.read(path, response, caller);
            return;
        }
        if (path.size() == 2 && path.get(1).equals("policy")) {
            requireAdmin(caller);
            AdminApi api = admin;
            if (api == null) {
                throw new MirrorException.NotFound("No such API: /api/policy");
            }
            json(response, 200, PolicyDocument.toJson(api.policy()).getBytes(StandardCharsets.UTF_8));
            return;
        }
        if (path.size() == 2 && path.get(1).equals("status")) {
            MirrorStatus s = status.get();
            byte[] bytes = JSON.writeValueAsBytes(new StatusDocument(s, s.hitRate()));
            response.setStatus(200);
            response.setHeader("Content-Type", "application/json");
            response.setHeader("Cache-Control", "no-store");
            response.setHeader("Content-Length", Integer.toString(bytes.length));
            response.body().write(bytes);
            return;
        }
        throw new MirrorException.NotFound("No such API: /" + String.join("/", path.segments()));
    }

    private void requireAdmin(Caller caller) {
        if (!privates.access().canAdminister(caller)) {
            throw new MirrorException.Denied(
                    caller.isAnonymous() ? 401 : 403,
                    "Mirror sync, purge and the release policy need an administrator");
        }
    }

    private void adminApi(RequestPath path, MirrorRequest request, MirrorResponse response, Caller caller)
            throws IOException {
        requireAdmin(caller);
        AdminApi api = admin;
        String action = path.size() >= 2 ? path.get(1) : "";
        if (api != null && action.equals("policy") && path.size() == 2) {
            if (!request.method().equals("PUT")) {
                throw new MirrorException(405, "Method " + request.method() + " is not allowed here: GET or PUT");
            }
            putPolicy(api, request, response);
            return;
        }
        if (request.method().equals("PUT")) {
            throw new MirrorException(405, "Method PUT is not allowed here");
        }
        if (api == null || !(action.equals("sync") || action.equals("purge"))) {
            throw new MirrorException.NotFound("No such API: /" + String.join("/", path.segments()));
        }
        byte[] bytes;
        if (action.equals("sync") && path.size() == 2) {
            api.startSync();
            bytes = JSON.writeValueAsBytes(java.util.Map.of("started", true));
            response.setStatus(202);
        } else if (action.equals("purge") && (path.size() == 2 || path.size() == 3)) {
            String name = path.size() == 3 ? path.get(2) : "";
            if (!name.isEmpty() && !ProjectName.isValid(name)) {
                throw new MirrorException.BadRequest("Not a valid project name: " + name);
            }
            bytes = JSON.writeValueAsBytes(api.purge(name.isEmpty() ? null : ProjectName.parse(name)));
            response.setStatus(200);
        } else {
            throw new MirrorException.NotFound("No such API: /" + String.join("/", path.segments()));
        }
        response.setHeader("Content-Type", "application/json");
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("Content-Length", Integer.toString(bytes.length));
        response.body().write(bytes);
    }

    /** {@code PUT api/policy}: a whole new policy as JSON; a bad one is a 400 with the reason and changes nothing. */
    private void putPolicy(AdminApi api, MirrorRequest request, MirrorResponse response) throws IOException {
        byte[] body;
        try (InputStream in = request.body()) {
            body = in.readNBytes(MAX_POLICY_BYTES + 1);
        }
        if (body.length > MAX_POLICY_BYTES) {
            throw new MirrorException(413, "A policy document may not exceed " + MAX_POLICY_BYTES + " bytes");
        }
        ReleasePolicy policy;
        try {
            policy = PolicyDocument.parseJson(new String(body, StandardCharsets.UTF_8));
        } catch (InvalidPolicyException e) {
            throw new MirrorException.BadRequest(e.getMessage());
        }
        ReleasePolicy applied;
        try {
            applied = api.replacePolicy(policy);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "Could not keep the new release policy", e);
            throw new MirrorException(500, "The policy could not be kept, nothing changed: " + e.getMessage());
        }
        json(response, 200, PolicyDocument.toJson(applied).getBytes(StandardCharsets.UTF_8));
    }

    private static void json(MirrorResponse response, int status, byte[] bytes) throws IOException {
        response.setStatus(status);
        response.setHeader("Content-Type", "application/json");
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("Content-Length", Integer.toString(bytes.length));
        response.body().write(bytes);
    }

    /** The status JSON: the snapshot plus derived figures. */
    record StatusDocument(MirrorStatus status, double hitRate) {}

    private void landing(MirrorResponse response) throws IOException {
        String html = "<!DOCTYPE html>\n<html><head><title>python-mirror</title></head><body>\n"
                + "<h1>python-mirror</h1>\n<p>A caching mirror of the Python Package Index.</p>\n"
                + "<ul><li><a href=\"simple/\">simple/</a> — the package index (PEP 503 / PEP 691)</li>\n"
                + "<li><a href=\"links/\">links/</a> — private packages as a find-links page</li>\n"
                + "<li><a href=\"api/status\">api/status</a> — counters and upstream health</li>\n"
                + "<li><a href=\"metrics\">metrics</a> — Prometheus metrics</li></ul>\n"
                + "<p>Use it with <code>pip install --index-url &lt;this URL&gt;simple/ …</code></p>\n"
                + "</body></html>\n";
        text(response, 200, html, "text/html; charset=utf-8");
    }

    /** A rendered page: from memory, or from its file like a stored file (a huge page is never read into memory). */
    private static void sendBody(
            MirrorRequest request, MirrorResponse response, String contentType, RenderedPage.Body body, boolean gzip)
            throws IOException {
        if (body.bytes() != null) {
            sendBytes(request, response, contentType, body.bytes(), body.etag(), gzip);
            return;
        }
        response.setHeader("ETag", body.etag());
        String inm = request.header("If-None-Match");
        if (inm != null && (inm.equals(body.etag()) || inm.equals("W/" + body.etag()))) {
            response.setStatus(304);
            return;
        }
        response.setStatus(200);
        response.setHeader("Content-Type", contentType);
        if (gzip) {
            response.setHeader("Content-Encoding", "gzip");
        }
        response.setHeader("Content-Length", Long.toString(body.length()));
        if (!request.method().equals("HEAD")) {
            response.sendFile(body.file(), 0, body.length());
        }
    }

    private static void sendBytes(
            MirrorRequest request, MirrorResponse response, String contentType, byte[] bytes, String etag, boolean gzip)
            throws IOException {
        if (etag != null) {
            response.setHeader("ETag", etag);
            String inm = request.header("If-None-Match");
            if (inm != null && (inm.equals(etag) || inm.equals("W/" + etag))) {
                response.setStatus(304);
                return;
            }
        }
        response.setStatus(200);
        response.setHeader("Content-Type", contentType);
        if (gzip) {
            response.setHeader("Content-Encoding", "gzip");
        }
        response.setHeader("Content-Length", Integer.toString(bytes.length));
        if (!request.method().equals("HEAD")) {
            response.body().write(bytes);
        }
    }

    static void text(MirrorResponse response, int status, String text, String contentType) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setHeader("Content-Type", contentType);
        response.setHeader("Content-Length", Integer.toString(bytes.length));
        response.body().write(bytes);
    }

    static void sendError(MirrorResponse response, int status, String reason) throws IOException {
        response.setHeader("Cache-Control", "no-store");
        if (status == 401) {
            response.setHeader("WWW-Authenticate", "Basic realm=\"python-mirror\"");
        }
        text(response, status, reason + "\n", "text/plain; charset=utf-8");
    }

    private static void redirect(MirrorResponse response, String location) throws IOException {
        response.setStatus(301);
        response.setHeader("Location", location);
        response.setHeader("Content-Length", "0");
    }

    private static boolean acceptsGzip(MirrorRequest request) {
        String ae = request.header("Accept-Encoding");
        if (ae == null) {
            return false;
        }
        for (String part : ae.toLowerCase(Locale.ROOT).split(",")) {
            String[] p = part.trim().split(";");
            if (p[0].trim().equals("gzip")) {
                return !(p.length > 1 && p[1].replace(" ", "").matches("q=0(\\.0*)?"));
            }
        }
        return false;
    }

    static String queryParameter(String query, String name) {
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            if (key.equals(name)) {
                try {
                    // Percent-decoding only: '+' stays literal, as in ?format=application/vnd.pypi.simple.v1+json.
                    String value = eq < 0 ? "" : pair.substring(eq + 1).replace("+", "%2B");
                    return java.net.URLDecoder.decode(value, StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    throw new MirrorException.BadRequest("Malformed query parameter " + name);
                }
            }
        }
        return null;
    }

    private static String contentTypeOf(String filename) {
        return filename.endsWith(".whl") || filename.endsWith(".zip") ? "application/zip" : "application/octet-stream";
    }
}
