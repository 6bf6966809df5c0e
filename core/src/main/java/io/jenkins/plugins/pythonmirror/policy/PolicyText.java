package io.jenkins.plugins.pythonmirror.policy;

import io.jenkins.plugins.pythonmirror.config.Quantities;
import io.jenkins.plugins.pythonmirror.pep.ProjectName;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The release policy as plain form fields (the Jenkins global configuration and JCasC): one text per rule, one entry
 * per line, {@code #} starting a comment line. Converts both ways and checks each field on its own for the form's
 * as-you-type validation.
 *
 * <pre>
 * minReleaseAge:    7d                       (blank or 0: none)
 * holdUnknownAge:   false                    (true: hold files without upload-time)
 * neverHeld:        acme-*                   (globs, one per line or comma-separated)
 * ageOverrides:     numpy: 14d               (name: age, one per line)
 * blockedReleases:  demo==1.0: broken wheel  (release: reason, one per line; the reason is everything after the
 *                                             first colon)
 * </pre>
 */
public final class PolicyText {

    private PolicyText() {}

    /** The form's values. */
    public record Values(
            String minReleaseAge,
            boolean holdUnknownAge,
            String neverHeld,
            String ageOverrides,
            String blockedReleases) {}

    /** {@code policy} is present exactly when {@code problems} is empty. */
    public record Result(Optional<ReleasePolicy> policy, List<String> problems) {
        public Result {
            problems = List.copyOf(problems);
        }
    }

    public static Result convert(Values v) {
        List<String> problems = new ArrayList<>();
        Duration minAge = Duration.ZERO;
        try {
            minAge = age(v.minReleaseAge(), "The minimum release age");
        } catch (InvalidPolicyException e) {
            problems.add(e.getMessage());
        }
        List<String> never = items(v.neverHeld());
        Map<ProjectName, Duration> overrides = new LinkedHashMap<>();
        for (String line : lines(v.ageOverrides())) {
            try {
                Map.Entry<ProjectName, Duration> e = override(line);
                overrides.put(e.getKey(), e.getValue());
            } catch (InvalidPolicyException e) {
                problems.add(e.getMessage());
            }
        }
        List<BlockedRelease> blocked = new ArrayList<>();
        for (String line : lines(v.blockedReleases())) {
            try {
                blocked.add(blockedLine(line));
            } catch (InvalidPolicyException e) {
                problems.add(e.getMessage());
            }
        }
        ReleasePolicy policy = null;
        if (problems.isEmpty()) {
            try {
                policy = new ReleasePolicy(
                        minAge,
                        v.holdUnknownAge() ? ReleasePolicy.UnknownAge.HOLD : ReleasePolicy.UnknownAge.ALLOW,
                        never,
                        overrides,
                        blocked);
            } catch (InvalidPolicyException e) {
                problems.add(e.getMessage());
            }
        }
        return new Result(Optional.ofNullable(policy), problems);
    }

    /** The form's values for {@code policy} (what {@code PUT api/policy} writes back into Jenkins). */
    public static Values toValues(ReleasePolicy policy) {
        List<String> overrides = new ArrayList<>();
        policy.ageOverrides().forEach((p, d) -> overrides.add(p.normalized() + ": " + Quantities.formatDuration(d)));
        List<String> blocked = new ArrayList<>();
        policy.blocked().forEach(b -> blocked.add(b.release() + ": " + b.reason()));
        return new Values(
                policy.minReleaseAge().isZero() ? "" : Quantities.formatDuration(policy.minReleaseAge()),
                policy.unknownAge() == ReleasePolicy.UnknownAge.HOLD,
                String.join("\n", policy.neverHeld()),
                String.join("\n", overrides),
                String.join("\n", blocked));
    }

    public static Optional<String> checkMinReleaseAge(String value) {
        return problem(() -> age(value, "The minimum release age"));
    }

    public static Optional<String> checkNeverHeld(String value) {
        return problem(() ->
                new ReleasePolicy(Duration.ZERO, ReleasePolicy.UnknownAge.ALLOW, items(value), Map.of(), List.of()));
    }

    public static Optional<String> checkAgeOverrides(String value) {
        return problem(() -> lines(value).forEach(PolicyText::override));
    }

    public static Optional<String> checkBlockedReleases(String value) {
        return problem(() -> lines(value).forEach(PolicyText::blockedLine));
    }

    private static Optional<String> problem(Runnable check) {
        try {
            check.run();
            return Optional.empty();
        } catch (InvalidPolicyException e) {
            return Optional.of(e.getMessage());
        }
    }

    private static Duration age(String value, String what) {
        if (value == null || value.isBlank()) {
            return Duration.ZERO;
        }
        try {
            return Quantities.parseDuration(value);
        } catch (IllegalArgumentException e) {
            throw new InvalidPolicyException(what + ": " + e.getMessage());
        }
    }

    private static Map.Entry<ProjectName, Duration> override(String line) {
        int colon = line.indexOf(':');
        String name = colon < 0 ? "" : line.substring(0, colon).strip();
        if (colon < 0 || !ProjectName.isValid(name)) {
            throw new InvalidPolicyException(
                    "Age override '" + line + "' must be a project name, a colon and an age, such as numpy: 14d");
        }
        return Map.entry(ProjectName.parse(name), age(line.substring(colon + 1).strip(), "The release age of " + name));
    }

    private static BlockedRelease blockedLine(String line) {
        int colon = line.indexOf(':');
        if (colon < 0) {
            throw new InvalidPolicyException(
                    "Blocked release '" + line + "' needs a reason after a colon, such as demo==1.0: broken wheel");
        }
        return BlockedRelease.parse(line.substring(0, colon), line.substring(colon + 1));
    }

    /** Non-blank lines that are not {@code #} comments, stripped. */
    static List<String> lines(String text) {
        List<String> out = new ArrayList<>();
        if (text == null) {
            return out;
        }
        for (String line : text.split("\\R")) {
            String l = line.strip();
            if (!l.isEmpty() && !l.startsWith("#")) {
                out.add(l);
            }
        }
        return out;
    }

    /** Entries one per line or comma-separated. */
    static List<String> items(String text) {
        List<String> out = new ArrayList<>();
        for (String line : lines(text)) {
            for (String part : line.split(",")) {
                if (!part.isBlank()) {
                    out.add(part.strip());
                }
            }
        }
        return out;
    }
}
