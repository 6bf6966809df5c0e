package io.jenkins.plugins.pythonmirror.http;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A single satisfiable byte range of a file of known length (RFC 9110 §14). Several ranges in one header are
 * answered with the whole file, which the RFC allows. Positions of any number of digits are read: an end beyond the
 * file (even one past {@code Long.MAX_VALUE}) is clamped to the last byte, a suffix longer than the file means the
 * whole file (RFC 9110 §14.1.2), and only a start beyond the file is unsatisfiable.
 */
public record ByteRange(long first, long last) {

    private static final Pattern SINGLE = Pattern.compile("bytes=\\s*(\\d*)\\s*-\\s*(\\d*)\\s*");

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
            long suffix = position(m.group(2));
            if (suffix == 0) {
                return new Outcome.Unsatisfiable("empty suffix range");
            }
            first = Math.max(0, fileLength - suffix);
            last = fileLength - 1;
        } else {
            first = position(m.group(1));
            long end = m.group(2).isEmpty() ? Long.MAX_VALUE : position(m.group(2));
            if (end < first) {
                return new Outcome.Unsatisfiable("range ends before it starts: " + abbreviate(h));
            }
            last = Math.min(end, fileLength - 1);
        }
        if (first >= fileLength || fileLength == 0) {
            return new Outcome.Unsatisfiable("range starts beyond the file's " + fileLength + " bytes");
        }
        return new Outcome.Partial(new ByteRange(first, last));
    }

    /** A byte position; one too large for a long is {@code Long.MAX_VALUE}, beyond any file (RFC 9110 allows any). */
    private static long position(String digits) {
        String d = digits.replaceFirst("^0+(?=\\d)", "");
        if (d.length() > 18) {
            return d.length() == 19 && d.compareTo(Long.toString(Long.MAX_VALUE)) <= 0
                    ? Long.parseLong(d)
                    : Long.MAX_VALUE;
        }
        return Long.parseLong(d);
    }

    private static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "…" : s;
    }
}
