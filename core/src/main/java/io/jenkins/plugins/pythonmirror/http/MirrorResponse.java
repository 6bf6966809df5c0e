package io.jenkins.plugins.pythonmirror.http;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;

/** The response to a {@link MirrorRequest}; each host adapts its own response object to this. */
public interface MirrorResponse {

    void setStatus(int status);

    /** Sets (replaces) a header. */
    void setHeader(String name, String value);

    /** Adds a header value (for example a second {@code Vary}). */
    void addHeader(String name, String value);

    /**
     * The body stream; headers are committed on first write. Throwing out of the handler after bytes were written
     * makes the adapter abort the connection, so the client never sees a clean end.
     */
    OutputStream body() throws IOException;

    /**
     * Sends {@code length} bytes of {@code file} from {@code offset} as the whole body, by the host's fastest path.
     * Status and headers must already be set.
     */
    void sendFile(Path file, long offset, long length) throws IOException;

    boolean isCommitted();
}
