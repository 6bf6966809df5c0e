package io.jenkins.plugins.pythonmirror.server;

import io.jenkins.plugins.pythonmirror.access.Caller;
import io.jenkins.plugins.pythonmirror.http.MirrorHandler;
import io.jenkins.plugins.pythonmirror.http.MirrorRequest;
import io.jenkins.plugins.pythonmirror.http.MirrorResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Blocker;
import org.eclipse.jetty.util.Callback;

/** Adapts Jetty's core request/response to the engine's {@link MirrorHandler}; it only translates. */
public final class JettyMirrorHandler extends Handler.Abstract {

    private static final Logger LOG = Logger.getLogger(JettyMirrorHandler.class.getName());

    /** At most this much of the stored files is memory-mapped at once (address space; the pages are page cache). */
    static final long MAX_MAPPED_BYTES = 256L * 1024 * 1024;

    private final MirrorHandler handler;
    private final Function<Request, Caller> authenticator;
    private final MappedFiles mappedFiles = new MappedFiles(MAX_MAPPED_BYTES);

    public JettyMirrorHandler(MirrorHandler handler, Function<Request, Caller> authenticator) {
        super(InvocationType.BLOCKING);
        this.handler = handler;
        this.authenticator = authenticator;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        JettyResponse rsp = new JettyResponse(request, response, mappedFiles);
        try {
            handler.handle(new JettyRequest(request), rsp, authenticator.apply(request));
            rsp.finish();
            callback.succeeded();
        } catch (Throwable t) {
            if (!response.isCommitted()) {
                LOG.log(Level.WARNING, "Unexpected failure answering " + request.getHttpURI(), t);
                response.reset(); // drop whatever headers the failed answer had set (caching, length, ETag)
                response.setStatus(500);
                response.getHeaders().put("Content-Type", "text/plain; charset=utf-8");
                String reason = "Internal error: " + t.getClass().getSimpleName() + "\n";
                response.write(true, java.nio.ByteBuffer.wrap(reason.getBytes(StandardCharsets.UTF_8)), callback);
            } else {
                // Bytes already went out: abort, so the client never mistakes this for a complete response.
                callback.failed(t);
            }
        }
        return true;
    }

    private record JettyRequest(Request request) implements MirrorRequest {
        @Override
        public String method() {
            return request.getMethod();
        }

        @Override
        public String path() {
            String contextPath = Request.getContextPath(request);
            String path = request.getHttpURI().getPath();
            if (contextPath != null && !contextPath.isEmpty() && path.startsWith(contextPath)) {
                path = path.substring(contextPath.length());
            }
            return path.startsWith("/") ? path.substring(1) : path;
        }

        @Override
        public String query() {
            return request.getHttpURI().getQuery();
        }

        @Override
        public String header(String name) {
            return request.getHeaders().get(name);
        }

        @Override
        public InputStream body() {
            return Content.Source.asInputStream(request);
        }

        @Override
        public String remoteAddress() {
            return Request.getRemoteAddr(request);
        }

        @Override
        public String scheme() {
            return request.getHttpURI().getScheme();
        }
    }

    private static final class JettyResponse implements MirrorResponse {
        private final Request request;
        private final Response response;
        private final MappedFiles mappedFiles;
        private OutputStream body;

        JettyResponse(Request request, Response response, MappedFiles mappedFiles) {
            this.request = request;
            this.response = response;
            this.mappedFiles = mappedFiles;
        }

        @Override
        public void setStatus(int status) {
            response.setStatus(status);
        }

        @Override
        public void setHeader(String name, String value) {
            response.getHeaders().put(name, value);
        }

        @Override
        public void addHeader(String name, String value) {
            response.getHeaders().add(name, value);
        }

        @Override
        public OutputStream body() {
            if (body == null) {
                body = Content.Sink.asOutputStream(response);
            }
            return body;
        }

        @Override
        public void sendFile(Path file, long offset, long length) throws IOException {
            ByteBuffer mapped = mappedFiles.slice(file, offset, length);
            if (mapped != null) {
                // One write of the mapped bytes: the kernel copies them from its page cache to the socket.
                try (Blocker.Callback done = Blocker.callback()) {
                    response.write(true, mapped, done);
                    done.block();
                }
                return;
            }
            ByteBufferPool.Sized pool =
                    new ByteBufferPool.Sized(request.getComponents().getByteBufferPool(), true, 64 * 1024);
            try (Blocker.Callback done = Blocker.callback()) {
                Content.copy(Content.Source.from(pool, file, offset, length), response, done);
                done.block();
            }
        }

        @Override
        public boolean isCommitted() {
            return response.isCommitted();
        }

        void finish() throws IOException {
            if (body != null) {
                body.close();
            }
        }
    }
}
