package io.jenkins.plugins.pythonmirror.sync;

import io.jenkins.plugins.pythonmirror.pep.DistributionFilename;
import io.jenkins.plugins.pythonmirror.pep.ProjectName;
import io.jenkins.plugins.pythonmirror.pep.Specifier;
import io.jenkins.plugins.pythonmirror.pep.SpecifierSet;
import io.jenkins.plugins.pythonmirror.pep.TargetEnvironment;
import io.jenkins.plugins.pythonmirror.pep.Version;
import io.jenkins.plugins.pythonmirror.pep.WheelFilename;
import io.jenkins.plugins.pythonmirror.simple.FileEntry;
import io.jenkins.plugins.pythonmirror.simple.ProjectPage;
import io.jenkins.plugins.pythonmirror.store.FileKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The pure selection rule of mirror sync: which files of one project page one requirement needs in one target
 * environment.
 *
 * <ul>
 *   <li>A file is <em>eligible</em> for the environment when it is not yanked (PEP 592: unless the requirement pins
 *       it with {@code ==} without wildcard, or {@code ===}), its {@code requires-python} admits the environment's
 *       Python, and, for a wheel, one of its PEP 425 tags is supported there. An sdist is eligible anywhere.
 *   <li>Candidate versions are those with an eligible file that the specifier admits; pre-releases only when the
 *       spec allows them or the specifier names one, or (PEP 440) when nothing but pre-releases match.
 *   <li>The policy keeps the newest N candidates. Of each, the eligible wheels are kept, and the sdist when
 *       {@code sdists} is on or no wheel fits (then the build would need it).
 *   <li>Versions newer than the newest kept one that were passed over are reported with the reason.
 * </ul>
 */
public final class Selector {

    private Selector() {}

    /** One kept version and the files of it this environment needs. */
    public record Chosen(Version version, List<FileEntry> files) {}

    /** A version that matched the specifier but was passed over, and why. */
    public record Passed(Version version, String reason) {}

    /** The outcome for one project, requirement and environment. */
    public record Selection(List<Chosen> chosen, List<Passed> passed) {}

    public static Selection select(
            ProjectName project,
            ProjectPage page,
            SpecifierSet specifier,
            TargetEnvironment env,
            VersionPolicy policy,
            boolean prereleases,
            boolean sdists) {
        boolean pinned = isPin(specifier);
        // Newest first.
        TreeMap<Version, List<FileEntry>> byVersion = new TreeMap<>(java.util.Comparator.reverseOrder());
        for (FileEntry f : page.files()) {
            DistributionFilename name;
            try {
                name = DistributionFilename.parse(f.filename());
            } catch (IllegalArgumentException e) {
                continue; // legacy formats (.egg, .exe) are never installed by today's tools
            }
            // Only files with a usable sha256 can be verified, stored and pinned.
            if (!name.name().equals(project) || !FileKey.isSha256(f.sha256())) {
                continue;
            }
            byVersion.computeIfAbsent(name.version(), v -> new ArrayList<>()).add(f);
        }
        boolean allowPre = prereleases || specifier.mentionsPrerelease();
        Selection s = choose(byVersion, specifier, env, policy, allowPre, pinned, sdists);
        if (s.chosen().isEmpty() && !allowPre) {
            // PEP 440: when only pre-releases satisfy the specifier, installers accept them.
            s = choose(byVersion, specifier, env, policy, true, pinned, sdists);
        }
        return s;
    }

    private static Selection choose(
            TreeMap<Version, List<FileEntry>> byVersion,
            SpecifierSet specifier,
            TargetEnvironment env,
            VersionPolicy policy,
            boolean allowPre,
            boolean pinned,
            boolean sdists) {
        List<Chosen> chosen = new ArrayList<>();
        List<Passed> passed = new ArrayList<>();
        for (Map.Entry<Version, List<FileEntry>> e : byVersion.entrySet()) {
            if (chosen.size() >= policy.newest()) {
                break;
            }
            Version v = e.getKey();
            if (!specifier.contains(v, allowPre)) {
                continue;
            }
            List<FileEntry> wheels = new ArrayList<>();
            List<FileEntry> sdistFiles = new ArrayList<>();
            String why = null;
            for (FileEntry f : e.getValue()) {
                String reason = ineligible(f, env, pinned);
                if (reason != null) {
                    why = why == null ? reason : why;
                } else if (f.filename().endsWith(".whl")) {
                    wheels.add(f);
                } else {
                    sdistFiles.add(f);
                }
            }
            if (wheels.isEmpty() && sdistFiles.isEmpty()) {
                if (chosen.isEmpty()) {
                    passed.add(new Passed(v, why == null ? "no file for " + describe(env) : why));
                }
                continue;
            }
            List<FileEntry> files = new ArrayList<>(wheels);
            if (sdists || wheels.isEmpty()) {
                files.addAll(sdistFiles);
            }
            chosen.add(new Chosen(v, files));
        }
        return new Selection(chosen, passed);
    }

    /** Why {@code f} cannot serve {@code env}, or null when it can. */
    static String ineligible(FileEntry f, TargetEnvironment env, boolean pinned) {
        if (f.yanked() && !pinned) {
            return "yanked" + (f.yankedReason().isEmpty() ? "" : " (" + f.yankedReason() + ")");
        }
        if (!env.satisfiesRequiresPython(f.requiresPython())) {
            return "requires-python " + f.requiresPython() + " excludes Python " + env.pythonVersion();
        }
        if (f.filename().endsWith(".whl") && !env.isCompatible(WheelFilename.parse(f.filename()))) {
            return "no wheel for " + describe(env);
        }
        return null;
    }

    /** PEP 592: a requirement pins a version when its only clause is {@code ==} (no wildcard) or {@code ===}. */
    static boolean isPin(SpecifierSet specifier) {
        List<Specifier> clauses = specifier.specifiers();
        if (clauses.size() != 1) {
            return false;
        }
        Specifier s = clauses.get(0);
        return s.operator().equals("===") || (s.operator().equals("==") && !s.isWildcard());
    }

    static String describe(TargetEnvironment env) {
        return "Python " + env.pythonVersion() + " on " + String.join("/", env.platforms());
    }
}
