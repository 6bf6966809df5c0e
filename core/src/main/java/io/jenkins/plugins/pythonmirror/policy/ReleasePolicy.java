package io.jenkins.plugins.pythonmirror.policy;

import io.jenkins.plugins.pythonmirror.config.Quantities;
import io.jenkins.plugins.pythonmirror.pep.DistributionFilename;
import io.jenkins.plugins.pythonmirror.pep.ProjectName;
import io.jenkins.plugins.pythonmirror.privateindex.NamePatterns;
import io.jenkins.plugins.pythonmirror.simple.FileEntry;
import io.jenkins.plugins.pythonmirror.simple.Pep700;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The mirror's supply-chain policy for upstream files: a minimum release age (files uploaded less than that long ago
 * are held back), what to do with files whose upload time the upstream does not give, name patterns and per-project
 * ages that override the minimum, and blocked releases with a reason. Immutable, pure: every decision takes the
 * current instant, so tests and callers inject the clock.
 *
 * <p>Rules, in order:
 *
 * <ol>
 *   <li>Private files (uploaded here) are never held back or blocked: withdraw them with yank or delete.
 *   <li>A blocked release is refused whatever its age.
 *   <li>The age that applies to a project is its per-project override if there is one, else zero when its name
 *       matches a never-held pattern, else the minimum release age. With an age of zero nothing is held.
 *   <li>A file is held until its PEP 700 {@code upload-time} plus that age (any ISO 8601 offset is understood);
 *       at that instant it becomes visible. A file without a readable upload time is visible with
 *       {@link UnknownAge#ALLOW} and held with {@link UnknownAge#HOLD}.
 * </ol>
 */
public final class ReleasePolicy {

    /** What happens to files whose upload time is unknown while an age applies. */
    public enum UnknownAge {
        /** Serve them (the default: HTML upstreams give no upload times at all). */
        ALLOW,
        /** Hold them back. */
        HOLD;

        /** {@code allow} or {@code hold}, as written in files and on the command line. */
        public String text() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static UnknownAge parse(String text) {
            String t = text == null ? "" : text.strip();
            if (t.equalsIgnoreCase("allow")) {
                return ALLOW;
            }
            if (t.equalsIgnoreCase("hold")) {
                return HOLD;
            }
            throw new InvalidPolicyException("Unknown age must be 'allow' or 'hold', not '" + text + "'");
        }
    }

    /** No rules: every file is visible. */
    public static final ReleasePolicy NONE =
            new ReleasePolicy(Duration.ZERO, UnknownAge.ALLOW, List.of(), Map.of(), List.of());

    private final Duration minReleaseAge;
    private final UnknownAge unknownAge;
    private final List<String> neverHeld;
    private final NamePatterns neverHeldPatterns;
    private final Map<ProjectName, Duration> ageOverrides;
    private final List<BlockedRelease> blocked;
    private final boolean empty;

    /**
     * @throws InvalidPolicyException for a negative age or a bad name pattern
     */
    public ReleasePolicy(
            Duration minReleaseAge,
            UnknownAge unknownAge,
            List<String> neverHeld,
            Map<ProjectName, Duration> ageOverrides,
            List<BlockedRelease> blocked) {
        this.minReleaseAge =
                checkAge(Objects.requireNonNull(minReleaseAge, "minReleaseAge"), "The minimum release age");
        this.unknownAge = Objects.requireNonNull(unknownAge, "unknownAge");
        List<String> patterns = new ArrayList<>();
        for (String p : neverHeld) {
            if (p != null && !p.isBlank()) {
                patterns.add(p.strip());
            }
        }
        try {
            this.neverHeldPatterns = NamePatterns.of(patterns);
        } catch (IllegalArgumentException e) {
            throw new InvalidPolicyException(e.getMessage());
        }
        this.neverHeld = List.copyOf(patterns);
        TreeMap<ProjectName, Duration> overrides =
                new TreeMap<>(java.util.Comparator.comparing(ProjectName::normalized));
        ageOverrides.forEach((p, d) -> overrides.put(p, checkAge(d, "The release age of " + p)));
        this.ageOverrides = Collections.unmodifiableMap(overrides);
        this.blocked = List.copyOf(blocked);
        // Asked on every page view and download: decided once.
        this.empty = this.blocked.isEmpty()
                && this.minReleaseAge.isZero()
                && this.ageOverrides.values().stream().allMatch(Duration::isZero);
    }

    private static Duration checkAge(Duration age, String what) {
        if (age.isNegative()) {
            throw new InvalidPolicyException(what + " must not be negative");
        }
        return age;
    }

    /** One file to decide on. */
    public record Release(ProjectName project, String filename, String uploadTime, boolean privateFile) {

        /** An upstream file as a page lists it. */
        public static Release upstream(ProjectName project, FileEntry file) {
            return new Release(project, file.filename(), file.uploadTime(), false);
        }

        /** A file uploaded to the private index. */
        public static Release privateFile(ProjectName project, String filename) {
            return new Release(project, filename, null, true);
        }
    }

    /** What the policy says about {@code release} at {@code now}. */
    public Decision decide(Release release, Instant now) {
        if (release.privateFile()) {
            return Decision.visible();
        }
        if (!blocked.isEmpty()) {
            String version = DistributionFilename.versionAsWritten(release.filename(), release.project())
                    .orElse(null);
            for (BlockedRelease b : blocked) {
                if (b.blocks(release.project(), version)) {
                    return Decision.blocked(b);
                }
            }
        }
        Duration age = ageFor(release.project());
        if (age.isZero()) {
            return Decision.visible();
        }
        Instant uploaded = uploadInstant(release.uploadTime());
        if (uploaded == null) {
            return unknownAge == UnknownAge.HOLD ? Decision.unknownAge(format(age)) : Decision.visible();
        }
        Instant until = uploaded.plus(age);
        return now.isBefore(until) ? Decision.held(until, format(age)) : Decision.visible();
    }

    /** The minimum release age that applies to {@code project}: its override, zero if never held, else the minimum. */
    public Duration ageFor(ProjectName project) {
        Duration override = ageOverrides.get(project);
        if (override != null) {
            return override;
        }
        return neverHeldPatterns.matches(project) ? Duration.ZERO : minReleaseAge;
    }

    /** The PEP 700 upload time as an instant (any ISO 8601 offset), or null when absent or unreadable. */
    public static Instant uploadInstant(String uploadTime) {
        String normalized = Pep700.uploadTime(uploadTime);
        if (normalized == null) {
            return null;
        }
        try {
            return Instant.parse(normalized);
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** Whether no rule can withhold anything: no age anywhere and nothing blocked. */
    public boolean isEmpty() {
        return empty;
    }

    public Duration minReleaseAge() {
        return minReleaseAge;
    }

    public UnknownAge unknownAge() {
        return unknownAge;
    }

    /** Name globs never held back by age (blocked releases still apply). */
    public List<String> neverHeld() {
        return neverHeld;
    }

    /** Per-project ages, by normalized name. */
    public Map<ProjectName, Duration> ageOverrides() {
        return ageOverrides;
    }

    public List<BlockedRelease> blocked() {
        return blocked;
    }

    /** One line for logs and the start banner. */
    public String summary() {
        if (isEmpty()) {
            return "none (every upstream file is served)";
        }
        List<String> parts = new ArrayList<>();
        parts.add(
                minReleaseAge.isZero()
                        ? "no minimum release age"
                        : "minimum release age " + format(minReleaseAge) + ", unknown age: " + unknownAge.text());
        if (!neverHeld.isEmpty()) {
            parts.add("never held: " + String.join(", ", neverHeld));
        }
        if (!ageOverrides.isEmpty()) {
            List<String> o = new ArrayList<>();
            ageOverrides.forEach((p, d) -> o.add(p + " " + format(d)));
            parts.add("per project: " + String.join(", ", o));
        }
        if (!blocked.isEmpty()) {
            parts.add(blocked.size() + " blocked release(s)");
        }
        return String.join("; ", parts);
    }

    static String format(Duration d) {
        return Quantities.formatDuration(d);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ReleasePolicy p
                && minReleaseAge.equals(p.minReleaseAge)
                && unknownAge == p.unknownAge
                && neverHeld.equals(p.neverHeld)
                && ageOverrides.equals(p.ageOverrides)
                && blocked.equals(p.blocked);
    }

    @Override
    public int hashCode() {
        return Objects.hash(minReleaseAge, unknownAge, neverHeld, ageOverrides, blocked);
    }

    @Override
    public String toString() {
        return "ReleasePolicy[" + summary() + "]";
    }
}
