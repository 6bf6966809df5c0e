package io.jenkins.plugins.pythonmirror.pep;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One PEP 440 version specifier clause such as {@code >=1.0}, {@code ~=2.2}, {@code ==1.1.*} or {@code ===foo}.
 *
 * <p>{@code Specifier.parse(">= 1.0").contains(Version.parse("1.1"))} is true. Pre-release filtering is the job
 * of {@link SpecifierSet}; this class only answers the comparison.
 */
public record Specifier(String operator, String version) {

    private static final Pattern CLAUSE = Pattern.compile("\\s*(~=|===|==|!=|<=|>=|<|>)\\s*(\\S+?)\\s*");

    public Specifier {
        if (!List.of("~=", "===", "==", "!=", "<=", ">=", "<", ">").contains(operator)) {
            throw new InvalidSpecifierException(operator + version, "unknown operator '" + operator + "'");
        }
    }

    /** Parses one clause; the version is stored in normal form (wildcards and {@code ===} strings kept). */
    public static Specifier parse(String text) {
        Matcher m = CLAUSE.matcher(text == null ? "" : text);
        if (!m.matches()) {
            throw new InvalidSpecifierException(
                    String.valueOf(text), "expected an operator (~=, ==, !=, <=, >=, <, >, ===) and a version");
        }
        String op = m.group(1);
        String raw = m.group(2);
        if (op.equals("===")) {
            return new Specifier(op, raw); // PEP 440 arbitrary equality: any string, compared case-insensitively
        }
        boolean wildcard = raw.endsWith(".*");
        Version v;
        try {
            v = Version.parse(wildcard ? raw.substring(0, raw.length() - 2) : raw);
        } catch (InvalidVersionException e) {
            throw new InvalidSpecifierException(text, "'" + raw + "' is not a PEP 440 version");
        }
        if (wildcard) {
            // PEP 440: prefix matching is only allowed with == and !=, after the release segment
            if (!op.equals("==") && !op.equals("!=")) {
                throw new InvalidSpecifierException(text, "'.*' is only allowed with == and !=");
            }
            if (v.preLabel() != null || v.post() != null || v.dev() != null || v.local() != null) {
                throw new InvalidSpecifierException(text, "'.*' may only follow the release segment");
            }
            return new Specifier(op, v + ".*");
        }
        if (v.local() != null && !op.equals("==") && !op.equals("!=")) {
            throw new InvalidSpecifierException(text, "a local version label is only allowed with == and !=");
        }
        if (op.equals("~=") && v.release().size() < 2) {
            throw new InvalidSpecifierException(text, "~= needs at least two release segments");
        }
        return new Specifier(op, v.toString());
    }

    /** Whether {@code text} parses as one specifier clause. */
    public static boolean isValidClause(String text) {
        try {
            parse(text);
            return true;
        } catch (InvalidSpecifierException e) {
            return false;
        }
    }

    /** Whether the version is a prefix match ({@code ==1.1.*}). */
    public boolean isWildcard() {
        return version.endsWith(".*");
    }

    /** PEP 440: a specifier that names a pre-release opts in to pre-releases; {@code !=} never does. */
    public boolean mentionsPrerelease() {
        if (operator.equals("!=") || operator.equals("===")) {
            return operator.equals("===")
                    && Version.isValid(version)
                    && Version.parse(version).isPrerelease();
        }
        return !isWildcard() && Version.parse(version).isPrerelease();
    }

    /**
     * Whether {@code candidate} satisfies this clause, ignoring pre-release policy. With {@code ===} the candidate's
     * normal form is compared; use {@link #contains(String)} for a version as written.
     */
    public boolean contains(Version candidate) {
        if (operator.equals("===")) {
            return candidate.toString().equalsIgnoreCase(version);
        }
        return matches(candidate);
    }

    /**
     * Whether a version as written (in a filename, a page) satisfies this clause, ignoring pre-release policy. PEP
     * 440 arbitrary equality compares the text itself, case-insensitively ({@code ===1.01} takes {@code 1.01}, not
     * {@code 1.1}; {@code ===foobar} takes {@code foobar}); every other operator parses it, and text that is not a
     * PEP 440 version never matches.
     */
    public boolean contains(String versionAsWritten) {
        if (versionAsWritten == null) {
            return false;
        }
        if (operator.equals("===")) {
            return versionAsWritten.equalsIgnoreCase(version);
        }
        return Version.isValid(versionAsWritten) && matches(Version.parse(versionAsWritten));
    }

    private boolean matches(Version candidate) {
        if (isWildcard()) {
            boolean match = prefixMatch(candidate, Version.parse(version.substring(0, version.length() - 2)));
            return operator.equals("==") == match;
        }
        Version spec = Version.parse(version);
        // PEP 440: without a local label in the specifier, the candidate's local label is ignored
        Version cand = spec.local() == null ? candidate.publicVersion() : candidate;
        return switch (operator) {
            case "==" -> cand.equals(spec);
            case "!=" -> !cand.equals(spec);
            case "<=" -> cand.compareTo(spec) <= 0;
            case ">=" -> cand.compareTo(spec) >= 0;
            case "<" -> candidate.compareTo(lessThanBound(spec)) < 0;
            case ">" -> greaterThan(candidate, spec);
            case "~=" -> compatible(cand, spec);
            default -> throw new IllegalStateException(operator);
        };
    }

    // PEP 440 "Exclusive ordered comparison": <V MUST NOT allow a pre-release of the specified version unless V
    // is itself a pre-release. The earliest pre-release of V is V.dev0, so <V means below V.dev0; <1.0.post1
    // still admits 1.0rc1 (a pre-release of 1.0, not of 1.0.post1).
    private static Version lessThanBound(Version spec) {
        return spec.isPrerelease() ? spec : spec.withPostAndDev(spec.post(), 0L);
    }

    // PEP 440 "Exclusive ordered comparison": >V MUST NOT allow a post-release of the given version unless V is
    // one, nor a local version of the specified version. "Of the given version" is meant exactly: >1.0a1 admits
    // 1.0.post0 (a post-release of 1.0), >1.0.post1 admits 1.0.post2+local, >1.0.dev1 admits 1.0+local.
    private static boolean greaterThan(Version candidate, Version spec) {
        if (spec.dev() != null) {
            // the next version after V.devN that is not V.devN+local
            return candidate.compareTo(spec.withPostAndDev(spec.post(), spec.dev() + 1)) >= 0;
        }
        if (spec.post() != null) {
            // the next version after V.postN and its local versions
            return candidate.compareTo(spec.withPostAndDev(spec.post() + 1, 0L)) >= 0;
        }
        // above V, and not V+local, V.postN, V.postN.devM or V.postN+local (same epoch, release and pre-release)
        return candidate.compareTo(spec) > 0
                && !(candidate.baseVersion().equals(spec.baseVersion()) && candidate.samePre(spec));
    }

    // PEP 440: ~=V.N is >=V.N together with ==V.*, dropping pre/post/dev from the prefix.
    private static boolean compatible(Version cand, Version spec) {
        List<Long> rel = spec.release();
        Version prefix =
                Version.parse((spec.epoch() == 0 ? "" : spec.epoch() + "!") + join(rel.subList(0, rel.size() - 1)));
        return cand.compareTo(spec) >= 0 && prefixMatch(cand, prefix);
    }

    // PEP 440 prefix matching: same epoch, and the candidate's release (zero-padded) starts with the prefix.
    private static boolean prefixMatch(Version candidate, Version prefix) {
        if (candidate.epoch() != prefix.epoch()) {
            return false;
        }
        List<Long> want = prefix.release();
        List<Long> have = candidate.release();
        for (int i = 0; i < want.size(); i++) {
            long h = i < have.size() ? have.get(i) : 0;
            if (h != want.get(i)) {
                return false;
            }
        }
        return true;
    }

    private static String join(List<Long> parts) {
        StringBuilder sb = new StringBuilder();
        for (Long p : parts) {
            sb.append(sb.isEmpty() ? "" : ".").append(p);
        }
        return sb.toString();
    }

    /**
     * Equal when the operator is the same and the versions are the same without trailing zeros, as packaging
     * compares specifiers: {@code ==2.8.0} equals {@code ==2.8}, {@code >=1.0} equals {@code >=1.0.0}. Not for
     * {@code ~=} (where {@code ~=1.0} and {@code ~=1.0.0} differ), wildcards and {@code ===}, whose text counts.
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof Specifier s
                && operator.equals(s.operator)
                && comparable().equals(s.comparable());
    }

    @Override
    public int hashCode() {
        return operator.hashCode() * 31 + comparable().hashCode();
    }

    private String comparable() {
        if (operator.equals("===") || operator.equals("~=") || isWildcard()) {
            return version;
        }
        return Version.parse(version).withoutTrailingZeros();
    }

    @Override
    public String toString() {
        return operator + version;
    }
}
