package io.jenkins.plugins.pythonmirror.http;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A single satisfiable byte range of a file of known length (RFC 9110 §14). Several ranges in one header are
 * answered with the whole file, which the RFC allows.
 */
public record ByteRange(long first, long last) {

    private static final Pattern SINGLE = Pattern.compile("bytes=\\s*(\\d{0,18})\\s*-\\s*(\\d{0,18})\\s*");

    /** What a Range header asks for. */
    public sealed interface Outcome {
        /** No usable range: send the whole file. */
        record Whole() implements Outcome {}

        /** One range: send 206. */
        record Partial(ByteRange range) implements Outcome {}

        /** The range cannot be satisfied or is malformed: send 416 with this reason. */
        record Unsatisfiable(String reason) implements Outcome {}
    }

    public long length() {
        return last - first + 1;
    }

    public static Outcome parse(String header, long fileLength) {
        if (header == null || header.isBlank()) {
            return new Outcome.Whole();
        }
        String h = header.trim();
        if (!h.regionMatches(true, 0, "bytes=", 0, 6)) {
            return new Outcome.Whole(); // another unit: ignore, as the RFC allows
        }
        if (h.indexOf(',') >= 0) {
            return new Outcome.Whole();
        }
        Matcher m = SINGLE.matcher(h.substring(0, 6).toLowerCase(java.util.Locale.ROOT) + h.substring(6));
        if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
            return new Outcome.Unsatisfiable("malformed Range header: " + abbreviate(h));
        }
        long first;
        long last;
        if (m.group(1).isEmpty()) {
            long suffix = Long.parseLong(m.group(2));
            if (suffix == 0) {
                return new Outcome.Unsatisfiable("empty suffix range");
            }
            first = Math.max(0, fileLength - suffix);
            last = fileLength - 1;
        } else {
            first = Long.parseLong(m.group(1));
            last = m.group(2).isEmpty() ? fileLength - 1 : Math.min(Long.parseLong(m.group(2)), fileLength - 1);
            if (!m.group(2).isEmpty() && Long.parseLong(m.group(2)) < first) {
                return new Outcome.Unsatisfiable("range ends before it starts: " + abbreviate(h));
            }
        }
        if (first >= fileLength || fileLength == 0) {
            return new Outcome.Unsatisfiable("range starts beyond the file's " + fileLength + " bytes");
        }
        return new Outcome.Partial(new ByteRange(first, last));
    }

    private static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "…" : s;
    }
}
