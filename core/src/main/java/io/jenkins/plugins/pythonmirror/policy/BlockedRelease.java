package io.jenkins.plugins.pythonmirror.policy;

import io.jenkins.plugins.pythonmirror.pep.InvalidSpecifierException;
import io.jenkins.plugins.pythonmirror.pep.ProjectName;
import io.jenkins.plugins.pythonmirror.pep.SpecifierSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One entry of the admin's block list: a project and a PEP 440 specifier ({@code demo==1.0}, {@code demo>=2.0,<2.1},
 * or just {@code demo} for every release), with the reason clients and the log are given.
 *
 * <p>The specifier is applied to each file's version as its filename writes it ({@link SpecifierSet#contains(String,
 * boolean)}), pre-releases included: {@code demo>=2.0} also blocks {@code 2.1rc1}, and {@code demo===1.01} blocks
 * {@code demo-1.01.tar.gz} only.
 *
 * @param project the project
 * @param specifier the versions blocked; empty blocks every release
 * @param reason one line, never blank
 */
public record BlockedRelease(ProjectName project, SpecifierSet specifier, String reason) {

    /** Longest reason accepted: it travels in a header and a one-line body. */
    public static final int MAX_REASON = 300;

    private static final Pattern RELEASE = Pattern.compile("\\s*([A-Za-z0-9][A-Za-z0-9._-]*)\\s*(.*?)\\s*");

    public BlockedRelease {
        reason = checkReason(reason, project + specifier.toString());
    }

    /** Parses {@code release} ({@code name} plus an optional specifier) and checks {@code reason}. */
    public static BlockedRelease parse(String release, String reason) {
        Matcher m = RELEASE.matcher(release == null ? "" : release);
        if (!m.matches() || !ProjectName.isValid(m.group(1))) {
            throw new InvalidPolicyException("Blocked release '" + release
                    + "' must be a project name with an optional PEP 440 specifier, such as demo==1.0");
        }
        SpecifierSet specifier;
        try {
            specifier = SpecifierSet.parse(m.group(2));
        } catch (InvalidSpecifierException e) {
            throw new InvalidPolicyException("Blocked release '" + release.strip() + "': " + e.reason());
        }
        return new BlockedRelease(ProjectName.parse(m.group(1)), specifier, reason);
    }

    /** Whether a file of {@code name} whose filename writes {@code version} (null: unreadable) is blocked. */
    public boolean blocks(ProjectName name, String version) {
        if (!project.equals(name)) {
            return false;
        }
        return specifier.isEmpty() || (version != null && specifier.contains(version, true));
    }

    /** The entry as an admin writes it: {@code demo==1.0}. */
    public String release() {
        return project.normalized() + specifier;
    }

    private static String checkReason(String reason, String release) {
        String r = reason == null ? "" : reason.strip();
        if (r.isEmpty()) {
            throw new InvalidPolicyException(
                    "Blocked release '" + release + "' needs a reason (the one line builds are shown)");
        }
        if (r.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new InvalidPolicyException("The reason for blocking '" + release + "' must be one line");
        }
        if (r.length() > MAX_REASON) {
            throw new InvalidPolicyException(
                    "The reason for blocking '" + release + "' is longer than " + MAX_REASON + " characters");
        }
        return r;
    }
}
