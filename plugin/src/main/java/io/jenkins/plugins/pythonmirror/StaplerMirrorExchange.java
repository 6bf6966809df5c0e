package io.jenkins.plugins.pythonmirror;

import io.jenkins.plugins.pythonmirror.http.MirrorRequest;
import io.jenkins.plugins.pythonmirror.http.MirrorResponse;
import io.jenkins.plugins.pythonmirror.http.MountedPath;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.StaplerResponse2;

/** Adapts Stapler's request and response to core's host-neutral ones; translation only. */
final class StaplerMirrorExchange {

    private StaplerMirrorExchange() {}

    static MirrorRequest request(StaplerRequest2 req) {
        return new MirrorRequest() {
            @Override
            public String method() {
                return req.getMethod();
            }

            @Override
            public String path() {
                // Undecoded, and with the trailing slash Stapler's rest of path drops (core decides how).
                return MountedPath.fromStaplerRest(req.getOriginalRestOfPath(), req.getRequestURI());
            }

            @Override
            public String query() {
                return req.getQueryString();
            }

            @Override
            public String header(String name) {
                return req.getHeader(name);
            }

            @Override
            public InputStream body() throws IOException {
                return req.getInputStream();
            }

            @Override
            public String remoteAddress() {
                return req.getRemoteAddr();
            }
        };
    }

    static MirrorResponse response(StaplerResponse2 rsp) {
        return new MirrorResponse() {
            @Override
            public void setStatus(int status) {
                rsp.setStatus(status);
            }

            @Override
            public void setHeader(String name, String value) {
                rsp.setHeader(name, value);
            }

            @Override
            public void addHeader(String name, String value) {
                rsp.addHeader(name, value);
            }

            @Override
            public OutputStream body() throws IOException {
                return rsp.getOutputStream();
            }

            @Override
            public void sendFile(Path file, long offset, long length) throws IOException {
                rsp.setContentLengthLong(length);
                try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                    channel.position(offset);
                    InputStream in = Channels.newInputStream(channel);
                    OutputStream out = rsp.getOutputStream();
                    byte[] buffer = new byte[64 * 1024];
                    long left = length;
                    while (left > 0) {
                        int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                        if (n < 0) {
                            throw new IOException(file + " ended " + left + " bytes early");
                        }
                        out.write(buffer, 0, n);
                        left -= n;
                    }
                }
            }

            @Override
            public boolean isCommitted() {
                return rsp.isCommitted();
            }
        };
    }
}
