package io.jenkins.plugins.pythonmirror.pep;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A PEP 440 version, printed in its normalized form.
 *
 * <p>{@code Version.parse("v1.0-RC1")} prints as {@code 1.0rc1}. Equality and ordering follow PEP 440, so
 * {@code 1.0} equals {@code 1.0.0}. Numbers are held as {@code long}; larger ones are rejected.
 */
public final class Version implements Comparable<Version> {

    // PEP 440 "Normalization": case-insensitive, optional leading v, separators . _ - between segments,
    // alternative spellings of pre/post/dev, implicit numbers, and "1.0-1" meaning a post release.
    private static final Pattern PATTERN = Pattern.compile(
            "v?(?:(?<epoch>[0-9]+)!)?(?<release>[0-9]+(?:\\.[0-9]+)*)"
                    + "(?:[-_.]?(?<preL>alpha|a|beta|b|preview|pre|c|rc)[-_.]?(?<preN>[0-9]+)?)?"
                    + "(?:-(?<postN1>[0-9]+)|[-_.]?(?<postL>post|rev|r)[-_.]?(?<postN2>[0-9]+)?)?"
                    + "(?:[-_.]?(?<devL>dev)[-_.]?(?<devN>[0-9]+)?)?"
                    + "(?:\\+(?<local>[a-z0-9]+(?:[-_.][a-z0-9]+)*))?",
            Pattern.CASE_INSENSITIVE);

    private final long epoch;
    private final List<Long> release;
    private final String preLabel; // "a", "b", "rc" or null
    private final long preNumber;
    private final Long post;
    private final Long dev;
    private final List<Object> local; // Long or String segments, or null

    private Version(
            long epoch, List<Long> release, String preLabel, long preNumber, Long post, Long dev, List<Object> local) {
        this.epoch = epoch;
        this.release = List.copyOf(release);
        this.preLabel = preLabel;
        this.preNumber = preNumber;
        this.post = post;
        this.dev = dev;
        this.local = local == null ? null : List.copyOf(local);
    }

    /** Parses any PEP 440 spelling of a version, e.g. {@code 1.0}, {@code 1!2.0.post1.dev3+ubuntu.1}. */
    public static Version parse(String text) {
        if (text == null) {
            throw new InvalidVersionException("null", "is null");
        }
        Matcher m = PATTERN.matcher(text.strip());
        if (!m.matches()) {
            throw new InvalidVersionException(
                    text, "does not match PEP 440 ([N!]N(.N)*[{a|b|rc}N][.postN][.devN][+local])");
        }
        try {
            long epoch = m.group("epoch") == null ? 0 : Long.parseLong(m.group("epoch"));
            List<Long> release = new ArrayList<>();
            for (String part : m.group("release").split("\\.")) {
                release.add(Long.parseLong(part));
            }
            String preLabel = null;
            long preNumber = 0;
            if (m.group("preL") != null) {
                preLabel = switch (m.group("preL").toLowerCase(Locale.ROOT)) {
                    case "a", "alpha" -> "a";
                    case "b", "beta" -> "b";
                    default -> "rc"; // c, pre, preview, rc
                };
                preNumber = number(m.group("preN"));
            }
            Long post = null;
            if (m.group("postN1") != null) {
                post = Long.parseLong(m.group("postN1"));
            } else if (m.group("postL") != null) {
                post = number(m.group("postN2"));
            }
            Long dev = m.group("devL") == null ? null : number(m.group("devN"));
            List<Object> local = null;
            if (m.group("local") != null) {
                local = new ArrayList<>();
                for (String seg : m.group("local").toLowerCase(Locale.ROOT).split("[-_.]")) {
                    // PEP 440: numeric local segments compare as integers
                    local.add(seg.chars().allMatch(Character::isDigit) ? (Object) Long.parseLong(seg) : seg);
                }
            }
            return new Version(epoch, release, preLabel, preNumber, post, dev, local);
        } catch (NumberFormatException e) {
            throw new InvalidVersionException(text, "has a number larger than " + Long.MAX_VALUE);
        }
    }

    private static long number(String digits) {
        return digits == null ? 0 : Long.parseLong(digits);
    }

    /** Whether {@code text} parses as a PEP 440 version. */
    public static boolean isValid(String text) {
        try {
            parse(text);
            return true;
        } catch (InvalidVersionException e) {
            return false;
        }
    }

    public long epoch() {
        return epoch;
    }

    /** The release segment as written, e.g. {@code [1, 0]} for {@code 1.0}. */
    public List<Long> release() {
        return release;
    }

    /** The normalized local label ({@code ubuntu.1}), or null. */
    public String local() {
        if (local == null) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        for (Object seg : local) {
            sb.append(sb.isEmpty() ? "" : ".").append(seg);
        }
        return sb.toString();
    }

    /** The pre-release label ({@code a}, {@code b}, {@code rc}) or null. */
    public String preLabel() {
        return preLabel;
    }

    /** The pre-release number; 0 when there is no pre-release label. */
    public long preNumber() {
        return preNumber;
    }

    /** The post-release number, or null. */
    public Long post() {
        return post;
    }

    /** The development-release number, or null. */
    public Long dev() {
        return dev;
    }

    /** PEP 440: alpha, beta, release candidate and developmental releases are pre-releases. */
    public boolean isPrerelease() {
        return preLabel != null || dev != null;
    }

    public boolean isDevRelease() {
        return dev != null;
    }

    public boolean isPostRelease() {
        return post != null;
    }

    /** This version without its local label. */
    public Version publicVersion() {
        return local == null ? this : new Version(epoch, release, preLabel, preNumber, post, dev, null);
    }

    /** Epoch and release only, e.g. {@code 1.0} for {@code 1.0rc1.post2+x}. */
    public Version baseVersion() {
        return new Version(epoch, release, null, 0, null, null, null);
    }

    /** This version with other post and dev parts and no local label: the bounds of PEP 440 comparisons. */
    Version withPostAndDev(Long newPost, Long newDev) {
        return new Version(epoch, release, preLabel, preNumber, newPost, newDev, null);
    }

    /** Whether both have the same pre-release part ({@code a1}, {@code rc2} or none). */
    boolean samePre(Version o) {
        return Objects.equals(preLabel, o.preLabel) && preNumber == o.preNumber;
    }

    /**
     * The normal form without trailing zeros in the release, e.g. {@code 1} for {@code 1.0.0}: how packaging's
     * {@code canonicalize_version} compares specifiers (PEP 625 names the same form).
     */
    public String withoutTrailingZeros() {
        int n = release.size();
        while (n > 1 && release.get(n - 1) == 0) {
            n--;
        }
        return new Version(epoch, release.subList(0, n), preLabel, preNumber, post, dev, local).toString();
    }

    @Override
    public int compareTo(Version o) {
        int c = Long.compare(epoch, o.epoch);
        if (c != 0) {
            return c;
        }
        for (int i = 0; i < Math.max(release.size(), o.release.size()); i++) {
            // PEP 440: missing release segments compare as zero
            c = Long.compare(i < release.size() ? release.get(i) : 0, i < o.release.size() ? o.release.get(i) : 0);
            if (c != 0) {
                return c;
            }
        }
        c = Integer.compare(preRank(), o.preRank());
        if (c == 0 && preLabel != null) {
            c = Long.compare(preNumber, o.preNumber);
        }
        if (c == 0) {
            c = Long.compare(post == null ? -1 : post, o.post == null ? -1 : o.post);
        }
        if (c == 0) {
            c = Long.compare(dev == null ? Long.MAX_VALUE : dev, o.dev == null ? Long.MAX_VALUE : o.dev);
        }
        return c != 0 ? c : compareLocal(local, o.local);
    }

    // Where the pre-release part sorts: a bare X.devN before any X.aN, final releases after rc.
    private int preRank() {
        if (preLabel == null) {
            return post == null && dev != null ? -1 : 3;
        }
        return switch (preLabel) {
            case "a" -> 0;
            case "b" -> 1;
            default -> 2;
        };
    }

    // PEP 440: a local version sorts after its public version; numeric segments sort after alphanumeric ones,
    // strings compare lexicographically, and a shorter label that is a prefix of a longer one sorts first.
    private static int compareLocal(List<Object> a, List<Object> b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : -1) : 1;
        }
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            Object x = a.get(i);
            Object y = b.get(i);
            int c;
            if (x instanceof Long lx && y instanceof Long ly) {
                c = Long.compare(lx, ly);
            } else if (x instanceof String sx && y instanceof String sy) {
                c = sx.compareTo(sy);
            } else {
                c = x instanceof Long ? 1 : -1;
            }
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Version v && compareTo(v) == 0;
    }

    @Override
    public int hashCode() {
        List<Long> trimmed = new ArrayList<>(release);
        while (trimmed.size() > 1 && trimmed.get(trimmed.size() - 1) == 0) {
            trimmed.remove(trimmed.size() - 1);
        }
        return Objects.hash(epoch, trimmed, preLabel, preNumber, post, dev, local);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        if (epoch != 0) {
            sb.append(epoch).append('!');
        }
        for (int i = 0; i < release.size(); i++) {
            sb.append(i == 0 ? "" : ".").append(release.get(i));
        }
        if (preLabel != null) {
            sb.append(preLabel).append(preNumber);
        }
        if (post != null) {
            sb.append(".post").append(post);
        }
        if (dev != null) {
            sb.append(".dev").append(dev);
        }
        if (local != null) {
            sb.append('+').append(local());
        }
        return sb.toString();
    }
}
