package io.jenkins.plugins.pythonmirror.http;

import java.io.IOException;
import java.io.InputStream;

/**
 * One HTTP request as the engine sees it, whatever the host (Jetty standalone, or Jenkins' servlet container).
 *
 * <p>Adapters only translate; all decisions are made by {@link MirrorHandler}.
 */
public interface MirrorRequest {

    /** The HTTP method, upper case. */
    String method();

    /**
     * The path below the mirror's base URL, still percent-encoded as it arrived, without a leading slash: for
     * {@code http://host/python-mirror/simple/six/} it is {@code simple/six/}.
     */
    String path();

    /** The raw query string without {@code ?}, or null. */
    String query();

    /** The first value of a header, or null. Names are case-insensitive. */
    String header(String name);

    /** The request body. */
    InputStream body() throws IOException;

    /** The address of the client, for logs. */
    String remoteAddress();

    /** The scheme the client used ({@code http} or {@code https}), for URLs the engine hands out. */
    default String scheme() {
        return "http";
    }
}
