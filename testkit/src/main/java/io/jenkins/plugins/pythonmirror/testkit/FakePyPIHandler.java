package io.jenkins.plugins.pythonmirror.testkit;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.NetworkChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Blocker;
import org.eclipse.jetty.util.Callback;

/** The routes and faults of {@link FakePyPI}. */
final class FakePyPIHandler extends Handler.Abstract {

    private final FakePyPI fake;
    private final List<Runnable> stalled = new ArrayList<>();

    FakePyPIHandler(FakePyPI fake) {
        this.fake = fake;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String path = Request.getPathInContext(request);
        Map<String, List<String>> headers = new HashMap<>();
        for (HttpField field : request.getHeaders()) {
            headers.computeIfAbsent(field.getName().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(field.getValue());
        }
        fake.traffic().record(new RecordedRequest(request.getMethod(), path, headers));

        FakePyPI.Fault fault = fake.faultFor(path);
        switch (fault) {
            case STALL -> {
                synchronized (stalled) {
                    stalled.add(() -> abort(request, callback));
                }
                return true;
            }
            case RESET -> {
                abort(request, callback);
                return true;
            }
            case HTTP_500, HTTP_503 -> {
                int status = fault == FakePyPI.Fault.HTTP_500 ? 500 : 503;
                if (status == 503) {
                    response.getHeaders().put("Retry-After", "1");
                }
                send(request, response, callback, status, "text/plain", bytes("fault " + fault + "\n"));
                return true;
            }
            default -> {}
        }
        if (!request.getMethod().equals("GET") && !request.getMethod().equals("HEAD")) {
            Response.writeError(request, response, callback, 405);
            return true;
        }
        if (path.equals("/simple") || path.startsWith("/simple/")) {
            servePage(request, response, callback, path, fault);
        } else if (path.startsWith("/packages/")) {
            serveFile(request, response, callback, path, fault);
        } else {
            send(request, response, callback, 404, "text/plain", bytes("not found\n"));
        }
        return true;
    }

    private void servePage(Request request, Response response, Callback callback, String path, FakePyPI.Fault fault) {
        if (path.equals("/simple")) {
            redirect(response, callback, "/simple/");
            return;
        }
        String rest = path.substring("/simple/".length());
        PageRenderer.Page page;
        if (rest.isEmpty()) {
            page = fake.rootPage();
        } else {
            String name = rest.endsWith("/") ? rest.substring(0, rest.length() - 1) : rest;
            String normalized = Hashes.normalize(name);
            if (name.contains("/") || name.isEmpty() || fake.projectPage(normalized) == null) {
                send(request, response, callback, 404, "text/plain", bytes("no such project\n"));
                return;
            }
            if (!rest.equals(normalized + "/")) {
                // PEP 503: URLs end in '/', and PyPI 301-redirects non-normalized names.
                redirect(response, callback, "/simple/" + normalized + "/");
                return;
            }
            page = fake.projectPage(normalized);
        }
        response.getHeaders().put(HttpHeader.ETAG, page.etag());
        response.getHeaders().addDateField(HttpHeader.LAST_MODIFIED.asString(), page.lastModifiedMillis());
        response.getHeaders().put("X-PyPI-Last-Serial", Long.toString(page.serial()));
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "max-age=600, public");
        if (notModified(request, page)) {
            fake.traffic().notModified();
            response.setStatus(304);
            response.write(true, null, callback);
            return;
        }
        byte[] body = page.body();
        if (fault == FakePyPI.Fault.GARBAGE_PAGES) {
            body = bytes("\u0000\u00ff{\"meta\": [<a href=<<garbage>>\u0001 not a simple page {{{");
        }
        send(request, response, callback, 200, page.contentType(), body);
    }

    private static boolean notModified(Request request, PageRenderer.Page page) {
        String inm = request.getHeaders().get(HttpHeader.IF_NONE_MATCH);
        if (inm != null) {
            // RFC 9110 13.1.2: If-None-Match wins over If-Modified-Since; weak comparison.
            for (String tag : inm.split(",")) {
                String t = tag.trim();
                if (t.equals("*") || t.replaceFirst("^W/", "").equals(page.etag())) {
                    return true;
                }
            }
            return false;
        }
        long ims = request.getHeaders().getDateField(HttpHeader.IF_MODIFIED_SINCE.asString());
        return ims >= 0 && page.lastModifiedMillis() <= ims;
    }

    private void serveFile(Request request, Response response, Callback callback, String path, FakePyPI.Fault fault)
            throws IOException {
        boolean metadata = path.endsWith(".metadata");
        FileHandle file = fake.fileAt(metadata ? path.substring(0, path.length() - ".metadata".length()) : path);
        byte[] body = file == null ? null : metadata ? file.metadataValue() : file.content();
        if (body == null) {
            send(request, response, callback, 404, "text/plain", bytes("no such file\n"));
            return;
        }
        String type = metadata ? "application/octet-stream" : contentTypeOf(file.filename());
        if (fault == FakePyPI.Fault.CORRUPT_FILES) {
            body = body.clone();
            for (int i = 0; i < body.length; i += Math.max(1, body.length / 16)) {
                body[i] ^= (byte) 0x5a;
            }
        }
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.getHeaders().put(HttpHeader.ETAG, "\"" + Hashes.sha256Hex(body) + "\"");
        if (request.getMethod().equals("HEAD")) {
            response.write(true, null, callback);
            return;
        }
        int end = fault == FakePyPI.Fault.TRUNCATE_FILES ? body.length / 2 : body.length;
        try {
            int chunk = fake.chunkSize();
            for (int pos = 0; pos < end; pos += chunk) {
                int len = Math.min(chunk, end - pos);
                boolean last = pos + len == body.length;
                try (Blocker.Callback blocker = Blocker.callback()) {
                    response.write(last, ByteBuffer.wrap(body, pos, len), blocker);
                    blocker.block();
                }
                long delay = fake.chunkDelayNanos();
                if (delay > 0 && !last) {
                    TimeUnit.NANOSECONDS.sleep(delay);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            callback.failed(e);
            return;
        } catch (IOException | RuntimeException e) {
            callback.failed(e);
            return;
        }
        if (end < body.length) {
            abort(request, callback);
        } else if (end == 0) {
            response.write(true, null, callback);
        } else {
            callback.succeeded();
        }
    }

    /** Closes the connection with a TCP reset and no (further) response bytes. */
    private static void abort(Request request, Callback callback) {
        EndPoint endPoint = request.getConnectionMetaData().getConnection().getEndPoint();
        if (endPoint.getTransport() instanceof NetworkChannel channel) {
            try {
                channel.setOption(StandardSocketOptions.SO_LINGER, 0);
            } catch (IOException | RuntimeException ignored) {
                // a plain close is still a failure the client sees
            }
        }
        endPoint.close();
        callback.failed(new IOException("FakePyPI fault: connection aborted"));
    }

    /** Answers every stalled request by aborting its connection. */
    void releaseStalled() {
        List<Runnable> toRelease;
        synchronized (stalled) {
            toRelease = new ArrayList<>(stalled);
            stalled.clear();
        }
        toRelease.forEach(Runnable::run);
    }

    private static void redirect(Response response, Callback callback, String location) {
        response.setStatus(301);
        response.getHeaders().put(HttpHeader.LOCATION, location);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, 0);
        response.write(true, null, callback);
    }

    private static void send(
            Request request, Response response, Callback callback, int status, String type, byte[] body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        boolean head = request.getMethod().equals("HEAD");
        response.write(true, head ? null : ByteBuffer.wrap(body), callback);
    }

    private static String contentTypeOf(String filename) {
        if (filename.endsWith(".whl") || filename.endsWith(".zip")) {
            return "application/zip";
        }
        return filename.endsWith(".tar.gz") ? "application/x-tar" : "application/octet-stream";
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
