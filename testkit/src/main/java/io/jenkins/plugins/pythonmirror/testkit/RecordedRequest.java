package io.jenkins.plugins.pythonmirror.testkit;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** One request as {@link FakePyPI} received it; header names are lower-case. */
public record RecordedRequest(String method, String path, Map<String, List<String>> headers) {

    public RecordedRequest {
        headers = Map.copyOf(headers);
    }

    /** The first value of a header, or {@code null}. */
    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** Whether the request was a conditional GET (If-None-Match or If-Modified-Since). */
    public boolean conditional() {
        return header("if-none-match") != null || header("if-modified-since") != null;
    }
}
