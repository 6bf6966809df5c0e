package io.jenkins.plugins.pythonmirror.pep;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A PEP 508 environment marker such as {@code python_version < "3.12" and extra == "socks"}.
 *
 * <p>{@code Marker.parse("os_name == 'nt'").evaluate(Map.of("os_name", "posix"))} is false. Evaluation follows the
 * dependency specifiers specification's marker field types, as packaging (22 and later; 26 for string fields) does:
 * the version fields ({@code python_version}, {@code python_full_version}, {@code implementation_version},
 * {@code platform_release}) compare as PEP 440 specifiers whenever operator and constant form one, and a value that
 * is no version is then not contained; everything else compares as a string, where {@code <=}/{@code >=} mean
 * {@code ==}, {@code <}/{@code >} are false, and {@code ~=}/{@code ===} throw {@link UndefinedComparisonException}.
 * An absent {@code extra} compares as {@code ""} and extras compare by their PEP 685 normalized names. Quoted
 * strings are read as Python literals: valid backslash escapes are decoded, malformed ones rejected.
 */
public final class Marker {

    private static final Map<String, String> VARIABLES = Map.ofEntries(
            Map.entry("python_version", "python_version"),
            Map.entry("python_full_version", "python_full_version"),
            Map.entry("os_name", "os_name"),
            Map.entry("sys_platform", "sys_platform"),
            Map.entry("platform_release", "platform_release"),
            Map.entry("platform_system", "platform_system"),
            Map.entry("platform_version", "platform_version"),
            Map.entry("platform_machine", "platform_machine"),
            Map.entry("platform_python_implementation", "platform_python_implementation"),
            Map.entry("implementation_name", "implementation_name"),
            Map.entry("implementation_version", "implementation_version"),
            Map.entry("extra", "extra"),
            // legacy dotted spellings that PEP 508 tools still accept
            Map.entry("os.name", "os_name"),
            Map.entry("sys.platform", "sys_platform"),
            Map.entry("platform.version", "platform_version"),
            Map.entry("platform.machine", "platform_machine"),
            Map.entry("platform.python_implementation", "platform_python_implementation"),
            Map.entry("python_implementation", "platform_python_implementation"));
    // Dependency specifiers, "Marker field types": the fields of type Version (or Version | String).
    private static final Set<String> VERSION_FIELDS =
            Set.of("python_version", "python_full_version", "implementation_version", "platform_release");
    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_.]*");
    private static final Pattern OPERATOR = Pattern.compile("===|==|!=|<=|>=|~=|<|>|in\\b|not[ \\t]+in\\b");
    private static final Pattern AND = Pattern.compile("and\\b");
    private static final Pattern OR = Pattern.compile("or\\b");

    private sealed interface Node permits Compare, And, Or {}

    /** One side of a comparison: a variable ({@code name}) or a string literal ({@code value}). */
    private record Operand(String variable, String value) {
        @Override
        public String toString() {
            return variable != null ? variable : MarkerString.quote(value);
        }
    }

    private record Compare(Operand left, String op, Operand right) implements Node {}

    private record And(List<Node> items) implements Node {}

    private record Or(List<Node> items) implements Node {}

    private final Node root;

    private Marker(Node root) {
        this.root = root;
    }

    /** Parses a marker; errors name the position and show a caret under it. */
    public static Marker parse(String text) {
        Tokenizer t = new Tokenizer(text == null ? "" : text);
        try {
            Marker m = parse(t);
            t.skipWhitespace();
            if (!t.atEnd()) {
                throw t.error("Expected 'and', 'or' or end of marker");
            }
            return m;
        } catch (Tokenizer.SyntaxError e) {
            throw new InvalidMarkerException("Invalid marker '" + text + "': " + e.describe(t.source));
        }
    }

    /** Parses a marker at the cursor, leaving it after the marker (used by {@link Requirement}). */
    static Marker parse(Tokenizer t) {
        return new Marker(or(t));
    }

    private static Node or(Tokenizer t) {
        List<Node> items = new ArrayList<>(List.of(and(t)));
        while (true) {
            t.skipWhitespace();
            if (t.accept(OR) == null) {
                return items.size() == 1 ? items.get(0) : new Or(items);
            }
            items.add(and(t));
        }
    }

    private static Node and(Tokenizer t) {
        List<Node> items = new ArrayList<>(List.of(atom(t)));
        while (true) {
            t.skipWhitespace();
            if (t.accept(AND) == null) {
                return items.size() == 1 ? items.get(0) : new And(items);
            }
            items.add(atom(t));
        }
    }

    private static Node atom(Tokenizer t) {
        t.skipWhitespace();
        if (t.accept("(")) {
            Node inner = or(t);
            t.skipWhitespace();
            t.expect(")", "Expected ')' to close the group");
            return inner;
        }
        Operand left = operand(t);
        t.skipWhitespace();
        String op = t.accept(OPERATOR);
        if (op == null) {
            throw t.error("Expected a marker operator (<, <=, ==, !=, >=, >, ~=, ===, in, not in)");
        }
        t.skipWhitespace();
        Operand right = operand(t);
        // PEP 685: extra names compare normalized, so the literal is held normalized (and prints so).
        if ("extra".equals(left.variable()) && right.value() != null) {
            right = new Operand(null, ProjectName.normalize(right.value()));
        } else if ("extra".equals(right.variable()) && left.value() != null) {
            left = new Operand(null, ProjectName.normalize(left.value()));
        }
        return new Compare(left, op.startsWith("not") ? "not in" : op, right);
    }

    private static Operand operand(Tokenizer t) {
        int start = t.pos;
        if (t.accept("'") || t.accept("\"")) {
            char quote = t.source.charAt(start);
            int end = t.source.indexOf(quote, t.pos);
            if (end < 0) {
                throw t.error("Unterminated string", start);
            }
            String value;
            try {
                value = MarkerString.decode(t.source.substring(t.pos, end));
            } catch (MarkerString.Malformed e) {
                throw t.error(e.getMessage(), start + e.offset);
            }
            t.pos = end + 1;
            return new Operand(null, value);
        }
        String name = t.accept(IDENTIFIER);
        if (name == null || !VARIABLES.containsKey(name)) {
            throw t.error("Expected a marker variable or quoted string", start);
        }
        return new Operand(VARIABLES.get(name), null);
    }

    /**
     * Evaluates against marker variables (see {@link TargetEnvironment#markerEnvironment()}); a missing
     * {@code extra} is {@code ""}, any other missing variable is an error.
     */
    public boolean evaluate(Map<String, String> environment) {
        return evaluate(root, environment);
    }

    private static boolean evaluate(Node node, Map<String, String> env) {
        if (node instanceof And and) {
            return and.items().stream().allMatch(n -> evaluate(n, env));
        }
        if (node instanceof Or or) {
            return or.items().stream().anyMatch(n -> evaluate(n, env));
        }
        Compare c = (Compare) node;
        String l = value(c.left(), env);
        String r = value(c.right(), env);
        String field =
                c.left().variable() != null ? c.left().variable() : c.right().variable();
        if ("extra".equals(field)) {
            // PEP 685: extras compare by normalized name
            l = ProjectName.normalize(l);
            r = ProjectName.normalize(r);
        }
        switch (c.op()) {
            case "in":
                return r.contains(l);
            case "not in":
                return !r.contains(l);
            default:
        }
        // Dependency specifiers, "Marker comparisons": Version fields compare by the version specifier rules when
        // the operator and the constant form a valid specifier; a field value that is no version is then simply
        // not contained (=== compares the text). Anything else compares as a String field.
        if (VERSION_FIELDS.contains(field) && Specifier.isValidClause(c.op() + r)) {
            return Specifier.parse(c.op() + r).contains(l);
        }
        return switch (c.op()) {
            case "==" -> l.equals(r);
            case "!=" -> !l.equals(r);
                // ordered comparisons make no sense on strings: >= and <= act as ==, > and < are always false
            case "<=", ">=" -> l.equals(r);
            case "<", ">" -> false;
            default -> throw new UndefinedComparisonException("Undefined comparison '" + l + "' " + c.op() + " '" + r
                    + "'" + (field == null ? "" : ": " + field + " is not compared as a version"));
        };
    }

    private static String value(Operand o, Map<String, String> env) {
        if (o.variable() == null) {
            return o.value();
        }
        String v = env.get(o.variable());
        if (v == null && !o.variable().equals("extra")) {
            throw new IllegalArgumentException("Marker variable '" + o.variable() + "' is not in the environment");
        }
        return v == null ? "" : v;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Marker m && m.toString().equals(toString());
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }

    /** Normal form: canonical variable names, double-quoted strings, single spaces, parentheses only where needed. */
    @Override
    public String toString() {
        return format(root, false);
    }

    private static String format(Node node, boolean insideAnd) {
        if (node instanceof Or or) {
            String s = or.items().stream().map(n -> format(n, false)).collect(Collectors.joining(" or "));
            return insideAnd ? "(" + s + ")" : s;
        }
        if (node instanceof And and) {
            return and.items().stream().map(n -> format(n, true)).collect(Collectors.joining(" and "));
        }
        Compare c = (Compare) node;
        return c.left() + " " + c.op() + " " + c.right();
    }
}
