package io.jenkins.plugins.pythonmirror.http;

import io.jenkins.plugins.pythonmirror.MirrorException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A request path split into decoded segments, with every trick refused up front: encoded slashes, backslashes,
 * control characters, dot segments.
 *
 * @param segments the decoded segments; the last is empty when the path ends with {@code /}
 */
public record RequestPath(List<String> segments) {

    public static RequestPath parse(String raw) {
        String path = raw == null ? "" : raw;
        while (path.startsWith("/")) {
            path = path.substring(1);
        }
        if (path.length() > 2048) {
            throw new MirrorException.BadRequest("Request path too long");
        }
        List<String> segments = new ArrayList<>();
        for (String s : path.split("/", -1)) {
            String decoded = decode(s);
            if (decoded.equals(".") || decoded.equals("..")) {
                throw new MirrorException.BadRequest("Dot segments are not allowed in paths");
            }
            for (int i = 0; i < decoded.length(); i++) {
                char c = decoded.charAt(i);
                if (c < 0x20 || c == 0x7f || c == '/' || c == '\\') {
                    throw new MirrorException.BadRequest("Illegal character in path segment");
                }
            }
            segments.add(decoded);
        }
        return new RequestPath(List.copyOf(segments));
    }

    public int size() {
        return segments.size();
    }

    public String get(int i) {
        return segments.get(i);
    }

    public boolean endsWithSlash() {
        return !segments.isEmpty() && segments.get(segments.size() - 1).isEmpty();
    }

    private static String decode(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length()) {
                    throw new MirrorException.BadRequest("Malformed percent-encoding in path");
                }
                int hi = Character.digit(s.charAt(i + 1), 16);
                int lo = Character.digit(s.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw new MirrorException.BadRequest("Malformed percent-encoding in path");
                }
                out.write(hi * 16 + lo);
                i += 2;
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                out.write(b, 0, b.length);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
