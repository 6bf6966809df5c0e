package io.jenkins.plugins.pythonmirror.pep;

import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A PEP 508 dependency specifier such as {@code requests[socks]>=2.8; python_version >= "3.8"}.
 *
 * <p>Comments ({@code # ...}) are not part of PEP 508: callers strip them, or use {@link #parseRequirementsLine}
 * for requirements-file lines. Extras are held PEP 685-normalized; {@code toString()} is the normal form.
 */
public record Requirement(ProjectName name, Set<String> extras, SpecifierSet specifier, String url, Marker marker) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?");
    private static final Pattern URL = Pattern.compile("\\S+");
    private static final Pattern SPEC_IN_PARENS = Pattern.compile("[^)#\r\n]*");
    private static final Pattern SPEC = Pattern.compile("[^;#\r\n]*");
    private static final Pattern COMMENT = Pattern.compile("(^|\\s)#.*$");

    public Requirement {
        extras = Set.copyOf(new TreeSet<>(extras));
    }

    /** Parses a PEP 508 requirement; errors quote the input and put a caret under the position. */
    public static Requirement parse(String text) {
        Tokenizer t = new Tokenizer(text == null ? "" : text);
        try {
            return parse(t);
        } catch (Tokenizer.SyntaxError e) {
            throw new InvalidRequirementException("Invalid requirement '" + text + "': " + e.describe(t.source));
        }
    }

    private static Requirement parse(Tokenizer t) {
        t.skipWhitespace();
        String rawName = t.accept(NAME);
        if (rawName == null) {
            throw t.error("Expected a project name");
        }
        t.skipWhitespace();
        Set<String> extras = new TreeSet<>();
        if (t.accept("[")) {
            t.skipWhitespace();
            // PEP 508: extras = '[' wsp* (identifier (wsp* ',' wsp* identifier)*)? wsp* ']', so no trailing comma
            boolean empty = t.accept("]");
            while (!empty) {
                String extra = t.accept(NAME);
                if (extra == null) {
                    throw t.error(
                            extras.isEmpty() ? "Expected an extra name or ']'" : "Expected an extra name after ','");
                }
                extras.add(ProjectName.normalize(extra)); // PEP 685
                t.skipWhitespace();
                if (t.accept("]")) {
                    break;
                }
                t.expect(",", "Expected ',' or ']' after an extra name");
                t.skipWhitespace();
            }
            t.skipWhitespace();
        }
        String url = null;
        SpecifierSet spec = SpecifierSet.parse("");
        if (t.accept("@")) {
            t.skipWhitespace();
            url = t.accept(URL);
            if (url == null) {
                throw t.error("Expected a URL after '@'");
            }
            // PEP 508: a ';' right after the URL would be part of it, so the marker needs whitespace first
            if (!t.atEnd() && !t.atWhitespace()) {
                throw t.error("Expected whitespace after the URL");
            }
        } else {
            boolean parens = t.accept("(");
            int start = t.pos;
            String text = t.accept(parens ? SPEC_IN_PARENS : SPEC).strip();
            try {
                spec = SpecifierSet.parse(text);
            } catch (InvalidSpecifierException e) {
                throw t.error("Expected a version specifier, '@ url' or ';' (" + e.reason() + ")", start);
            }
            if (parens) {
                t.expect(")", "Expected ')' to close the version specifier");
            }
        }
        t.skipWhitespace();
        Marker marker = null;
        if (t.accept(";")) {
            marker = Marker.parse(t);
            t.skipWhitespace();
        }
        if (t.accept("#")) {
            t.pos--;
            throw t.error("Comments are not part of PEP 508; strip them first (see parseRequirementsLine)");
        }
        if (!t.atEnd()) {
            throw t.error(marker == null ? "Expected ';' or end of requirement" : "Expected end of requirement");
        }
        try {
            return new Requirement(ProjectName.parse(rawName), extras, spec, url, marker);
        } catch (InvalidProjectNameException e) {
            throw t.error(e.getMessage(), 0);
        }
    }

    /**
     * Parses one line of a requirements file: blank lines and comments give empty, {@code " #"} comments are
     * stripped, and pip options ({@code -r}, {@code -e}, {@code --index-url}, ...) are rejected.
     */
    public static Optional<Requirement> parseRequirementsLine(String line) {
        String stripped =
                COMMENT.matcher(line == null ? "" : line).replaceFirst("").strip();
        if (stripped.isEmpty()) {
            return Optional.empty();
        }
        if (stripped.startsWith("-")) {
            throw new InvalidRequirementException("Invalid requirement line '" + line
                    + "': pip options such as -r, -e and --index-url are not supported, only PEP 508 requirements");
        }
        if (stripped.endsWith("\\")) {
            throw new InvalidRequirementException(
                    "Invalid requirement line '" + line + "': line continuations are not supported");
        }
        return Optional.of(parse(stripped));
    }

    /** Whether this requirement applies in {@code environment} (no marker: always). */
    public boolean appliesTo(java.util.Map<String, String> environment) {
        return marker == null || marker.evaluate(environment);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(name.toString());
        if (!extras.isEmpty()) {
            sb.append('[').append(String.join(",", new TreeSet<>(extras))).append(']');
        }
        if (url != null) {
            sb.append(" @ ").append(url);
        } else {
            sb.append(specifier);
        }
        if (marker != null) {
            sb.append(url != null ? " ; " : "; ").append(marker);
        }
        return sb.toString();
    }
}
