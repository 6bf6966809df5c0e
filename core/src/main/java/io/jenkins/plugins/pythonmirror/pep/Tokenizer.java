package io.jenkins.plugins.pythonmirror.pep;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Cursor over PEP 508 text shared by {@link Marker} and {@link Requirement}; errors carry their position. */
final class Tokenizer {

    /** A syntax error at {@link #position}; callers wrap it in their own exception with {@link #describe}. */
    static final class SyntaxError extends RuntimeException {
        final int position;

        SyntaxError(String message, int position) {
            super(message, null, false, false);
            this.position = position;
        }

        /** {@code message at position N}, then the source and a caret under the bad spot. */
        String describe(String source) {
            return getMessage() + " at position " + position + "\n    " + source + "\n    " + " ".repeat(position)
                    + "^";
        }
    }

    final String source;
    int pos;

    Tokenizer(String source) {
        this.source = source;
    }

    /**
     * PEP 508 {@code wsp*}: spaces and tabs only. A line break is not whitespace, so a requirement or marker with a
     * trailing line break is rejected, as packaging does.
     */
    void skipWhitespace() {
        while (pos < source.length() && (source.charAt(pos) == ' ' || source.charAt(pos) == '\t')) {
            pos++;
        }
    }

    boolean atEnd() {
        return pos >= source.length();
    }

    boolean atWhitespace() {
        return !atEnd() && Character.isWhitespace(source.charAt(pos));
    }

    /** Consumes {@code literal} if it is next. */
    boolean accept(String literal) {
        if (source.startsWith(literal, pos)) {
            pos += literal.length();
            return true;
        }
        return false;
    }

    /** Consumes and returns the text matching {@code pattern} at the cursor, or null. */
    String accept(Pattern pattern) {
        Matcher m = pattern.matcher(source).region(pos, source.length());
        if (m.lookingAt()) {
            pos = m.end();
            return m.group();
        }
        return null;
    }

    void expect(String literal, String message) {
        if (!accept(literal)) {
            throw error(message);
        }
    }

    SyntaxError error(String message) {
        return new SyntaxError(message, pos);
    }

    SyntaxError error(String message, int position) {
        return new SyntaxError(message, position);
    }
}
