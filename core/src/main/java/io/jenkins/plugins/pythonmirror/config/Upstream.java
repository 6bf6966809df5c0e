package io.jenkins.plugins.pythonmirror.config;

import java.net.URI;
import java.util.Objects;

/**
 * One upstream index: its simple-API base URL (ending in {@code /}) and optional Basic credentials.
 *
 * @param url the simple index root, such as {@code https://pypi.org/simple/}
 * @param username null for anonymous access
 * @param password null for anonymous access
 */
public record Upstream(URI url, String username, String password) {

    public Upstream {
        Objects.requireNonNull(url, "url");
        String s = url.toString();
        if (!s.endsWith("/")) {
            url = URI.create(s + "/");
        }
    }

    public static Upstream of(String url) {
        return new Upstream(URI.create(url.trim()), null, null);
    }

    /** A short name for logs and status pages: the URL without credentials. */
    public String displayName() {
        return url.toString();
    }

    @Override
    public String toString() {
        return displayName() + (username == null ? "" : " (as " + username + ")");
    }
}
