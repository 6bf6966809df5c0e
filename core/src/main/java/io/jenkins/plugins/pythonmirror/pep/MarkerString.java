package io.jenkins.plugins.pythonmirror.pep;

/**
 * Marker string literals. PEP 508 leaves backslash escapes unspecified ("tools MAY support them"); packaging reads
 * a quoted string as a Python literal, so a valid escape means what it means in Python and a malformed one (an
 * escaped closing quote, {@code \x4}, an unknown {@code \N{...}} name) is an error. This class does the same.
 */
final class MarkerString {

    private MarkerString() {}

    /** Thrown for a literal Python would not accept; {@code offset} is relative to the opening quote. */
    static final class Malformed extends RuntimeException {
        final int offset;

        Malformed(String message, int offset) {
            super(message, null, false, false);
            this.offset = offset;
        }
    }

    /** The value of {@code body}, the text between a pair of quotes (it never holds that quote unescaped). */
    static String decode(String body) {
        if (body.indexOf('\\') < 0 && body.indexOf('\n') < 0 && body.indexOf('\r') < 0) {
            return body;
        }
        StringBuilder out = new StringBuilder(body.length());
        int i = 0;
        while (i < body.length()) {
            char c = body.charAt(i);
            if (c == '\n' || c == '\r') {
                throw new Malformed("Line break in a quoted string", i + 1);
            }
            if (c != '\\') {
                out.append(c);
                i++;
                continue;
            }
            if (i + 1 >= body.length()) {
                // The backslash escapes the closing quote: the string never ends.
                throw new Malformed("Backslash escapes the closing quote", i + 1);
            }
            i = escape(body, i, out);
        }
        return out.toString();
    }

    /** Appends the escape starting at {@code body[at] == '\\'}; returns the index after it. */
    private static int escape(String body, int at, StringBuilder out) {
        char e = body.charAt(at + 1);
        int next = at + 2;
        switch (e) {
            case '\n' -> {} // line continuation
            case '\\', '\'', '"' -> out.append(e);
            case 'a' -> out.append('\u0007');
            case 'b' -> out.append('\b');
            case 'f' -> out.append('\f');
            case 'n' -> out.append('\n');
            case 'r' -> out.append('\r');
            case 't' -> out.append('\t');
            case 'v' -> out.append('\u000b');
            case 'x' -> out.appendCodePoint(hex(body, next, 2, at));
            case 'u' -> out.appendCodePoint(hex(body, next, 4, at));
            case 'U' -> out.appendCodePoint(hex(body, next, 8, at));
            case 'N' -> {
                int close = body.indexOf('}', next);
                if (next >= body.length() || body.charAt(next) != '{' || close < 0) {
                    throw new Malformed("Malformed \\N{...} escape", at + 1);
                }
                try {
                    out.appendCodePoint(Character.codePointOf(body.substring(next + 1, close)));
                } catch (IllegalArgumentException ex) {
                    throw new Malformed("Unknown Unicode character name in \\N{...}", at + 1);
                }
                return close + 1;
            }
            default -> {
                if (e >= '0' && e <= '7') {
                    int end = at + 1;
                    while (end < body.length() && end < at + 4 && body.charAt(end) >= '0' && body.charAt(end) <= '7') {
                        end++;
                    }
                    out.appendCodePoint(Integer.parseInt(body.substring(at + 1, end), 8));
                    return end;
                }
                out.append('\\').append(e); // Python keeps an unknown escape as written (with a warning)
            }
        }
        return switch (e) {
            case 'x' -> next + 2;
            case 'u' -> next + 4;
            case 'U' -> next + 8;
            default -> next;
        };
    }

    private static int hex(String body, int from, int digits, int at) {
        if (from + digits > body.length()) {
            throw new Malformed("Truncated \\" + body.charAt(at + 1) + " escape", at + 1);
        }
        String h = body.substring(from, from + digits);
        if (!h.chars().allMatch(ch -> "0123456789abcdefABCDEF".indexOf(ch) >= 0)) {
            throw new Malformed("Truncated \\" + body.charAt(at + 1) + " escape", at + 1);
        }
        long value = Long.parseLong(h, 16);
        if (value > Character.MAX_CODE_POINT) {
            throw new Malformed("Escape beyond the Unicode range", at + 1);
        }
        return (int) value;
    }

    /** A quoted literal that {@link #decode} reads back as {@code value}: double quotes unless it holds one. */
    static String quote(String value) {
        char q = value.indexOf('"') >= 0 && value.indexOf('\'') < 0 ? '\'' : '"';
        StringBuilder out = new StringBuilder(value.length() + 2).append(q);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> {
                    if (c == q) {
                        // A quoted string cannot hold its own quote, even escaped (the token ends there).
                        out.append(c == '"' ? "\\x22" : "\\x27");
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append(q).toString();
    }
}
