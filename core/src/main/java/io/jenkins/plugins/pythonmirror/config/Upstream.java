package io.jenkins.plugins.pythonmirror.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One upstream index: its simple-API base URL (ending in {@code /}) and optional Basic credentials.
 *
 * <p>Credentials written into the URL ({@code https://user:token@host/simple/}) are taken out of it into
 * {@link #username()} and {@link #password()}: the URL itself is shown on status pages and in logs, so it never
 * carries them.
 *
 * @param url the simple index root, such as {@code https://pypi.org/simple/}, without credentials
 * @param username null for anonymous access
 * @param password null for anonymous access
 */
public record Upstream(URI url, String username, String password) {

    public Upstream {
        Objects.requireNonNull(url, "url");
        String userInfo = url.getRawUserInfo();
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            String user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
            String secret = colon < 0 ? null : decode(userInfo.substring(colon + 1));
            if (username == null) {
                username = user;
                password = secret;
            }
            url = withoutUserInfo(url);
        }
        String s = url.toString();
        if (!s.endsWith("/")) {
            url = URI.create(s + "/");
        }
    }

    public static Upstream of(String url) {
        return new Upstream(URI.create(url.trim()), null, null);
    }

    /** A short name for logs and status pages: the URL, which never holds credentials. */
    public String displayName() {
        return url.toString();
    }

    @Override
    public String toString() {
        return displayName() + (username == null ? "" : " (as " + username + ")");
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static URI withoutUserInfo(URI u) {
        try {
            return new URI(u.getScheme(), null, u.getHost(), u.getPort(), u.getPath(), u.getQuery(), u.getFragment());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("Invalid upstream URL: " + e.getMessage(), e);
        }
    }
}
