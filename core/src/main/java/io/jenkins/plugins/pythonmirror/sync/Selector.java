package io.jenkins.plugins.pythonmirror.sync;

import io.jenkins.plugins.pythonmirror.pep.DistributionFilename;
import io.jenkins.plugins.pythonmirror.pep.ProjectName;
import io.jenkins.plugins.pythonmirror.pep.SdistFilename;
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
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The pure selection rule of mirror sync: which files of one project page one requirement needs in one target
 * environment.
 *
 * <ul>
 *   <li>A file is <em>eligible</em> for the environment when it is not yanked (PEP 592: unless the requirement pins
 *       it with {@code ==} without wildcard, or {@code ===}), its {@code requires-python} admits the environment's
 *       Python, and, for a wheel, one of its PEP 425 tags is supported there. An sdist is eligible anywhere.
 *   <li>Candidate versions are those with an eligible file that the specifier admits; pre-releases only when the
 *       spec allows them or the specifier names one, or (PEP 440) when nothing but pre-releases match. The
 *       specifier is applied to each file's version as its filename writes it, so {@code ===1.01} (PEP 440
 *       arbitrary equality) takes {@code foo-1.01.tar.gz} and not {@code foo-1.1.tar.gz}, and {@code ===foobar}
 *       can take the legacy sdist {@code foo-foobar.tar.gz}.
 *   <li>The policy keeps the newest N candidates. Of each, the eligible wheels are kept, and the sdist when
 *       {@code sdists} is on or no wheel fits (then the build would need it).
 *   <li>A file the mirror's release policy withholds ({@code withheld} gives the reason) is never kept: a version
 *       whose files are all withheld is passed over, as pip would pass it over on the filtered page.
 *   <li>Versions newer than the newest kept one that were passed over are reported with the reason (the policy's,
 *       when it withheld any of their files), and so are withheld files of kept versions.
 * </ul>
 */
public final class Selector {

    private Selector() {}

    /** One kept version (normal form, or as written when it is no PEP 440 version) and the files it needs. */
    public record Chosen(String version, List<FileEntry> files) {}

    /**
     * A version (or one file of a kept version) that matched the specifier but was passed over, and why; {@code
     * policy} when the release policy withheld it.
     */
    public record Passed(String version, String reason, boolean policy) {
        public Passed(String version, String reason) {
            this(version, reason, false);
        }
    }

    /** The outcome for one project, requirement and environment. */
    public record Selection(List<Chosen> chosen, List<Passed> passed) {}

    /** A file with its version as the filename writes it. */
    private record Candidate(FileEntry file, String written) {}

    /**
     * A release: a PEP 440 version (files spelling it {@code 1.01} and {@code 1.1} are one release), or, only for
     * {@code ===}, a legacy version compared as text. PEP 440 releases sort newest first, legacy ones after them.
     */
    private record Release(Version version, String legacy) implements Comparable<Release> {
        @Override
        public int compareTo(Release o) {
            if (version != null && o.version != null) {
                return o.version.compareTo(version);
            }
            return version != null ? -1 : o.version != null ? 1 : legacy.compareTo(o.legacy);
        }

        @Override
        public String toString() {
            return version != null ? version.toString() : legacy;
        }
    }

    public static Selection select(
            ProjectName project,
            ProjectPage page,
            SpecifierSet specifier,
            TargetEnvironment env,
            VersionPolicy policy,
            boolean prereleases,
            boolean sdists) {
        return select(project, page, specifier, env, policy, prereleases, sdists, f -> null);
    }

    /** As above, with the release policy: {@code withheld} gives why a file is withheld now, or null. */
    public static Selection select(
            ProjectName project,
            ProjectPage page,
            SpecifierSet specifier,
            TargetEnvironment env,
            VersionPolicy policy,
            boolean prereleases,
            boolean sdists,
            Function<FileEntry, String> withheld) {
        boolean pinned = isPin(specifier);
        // Versions that are not PEP 440 can only be asked for with === (PEP 440 arbitrary equality).
        boolean legacyToo = specifier.hasArbitraryEquality();
        TreeMap<Release, List<Candidate>> byRelease = new TreeMap<>();
        for (FileEntry f : page.files()) {
            // Only files with a usable sha256 can be verified, stored and pinned.
            if (!FileKey.isSha256(f.sha256())) {
                continue;
            }
            String written =
                    DistributionFilename.versionAsWritten(f.filename(), project).orElse(null);
            if (written == null || !isWheelOrSdist(f.filename())) {
                continue; // not this project's; or a legacy format (.egg, .exe) today's tools never install
            }
            Release release;
            if (Version.isValid(written)) {
                release = new Release(Version.parse(written), null);
            } else if (legacyToo) {
                release = new Release(null, written.toLowerCase(Locale.ROOT));
            } else {
                continue;
            }
            byRelease.computeIfAbsent(release, v -> new ArrayList<>()).add(new Candidate(f, written));
        }
        boolean allowPre = prereleases || specifier.mentionsPrerelease();
        Selection s = choose(byRelease, specifier, env, policy, allowPre, pinned, sdists, withheld);
        if (s.chosen().isEmpty() && !allowPre) {
            // PEP 440: when only pre-releases satisfy the specifier, installers accept them.
            s = choose(byRelease, specifier, env, policy, true, pinned, sdists, withheld);
        }
        return s;
    }

    private static boolean isWheelOrSdist(String filename) {
        String lower = filename.toLowerCase(Locale.ROOT);
        return lower.endsWith(".whl") || SdistFilename.EXTENSIONS.stream().anyMatch(lower::endsWith);
    }

    private static Selection choose(
            TreeMap<Release, List<Candidate>> byRelease,
            SpecifierSet specifier,
            TargetEnvironment env,
            VersionPolicy policy,
            boolean allowPre,
            boolean pinned,
            boolean sdists,
            Function<FileEntry, String> withheld) {
        List<Chosen> chosen = new ArrayList<>();
        List<Passed> passed = new ArrayList<>();
        for (Map.Entry<Release, List<Candidate>> e : byRelease.entrySet()) {
            if (chosen.size() >= policy.newest()) {
                break;
            }
            List<FileEntry> wheels = new ArrayList<>();
            List<FileEntry> sdistFiles = new ArrayList<>();
            String why = null;
            List<Passed> held = new ArrayList<>();
            boolean matched = false;
            for (Candidate c : e.getValue()) {
                // Per file: === compares each file's version as written, so 1.01 and 1.1 may differ here.
                if (!specifier.contains(c.written(), allowPre)) {
                    continue;
                }
                matched = true;
                FileEntry f = c.file();
                String policyReason = withheld.apply(f);
                if (policyReason != null) {
                    held.add(new Passed(e.getKey().toString(), f.filename() + " " + policyReason, true));
                    continue;
                }
                String reason = ineligible(f, env, pinned);
                if (reason != null) {
                    why = why == null ? reason : why;
                } else if (f.filename().endsWith(".whl")) {
                    wheels.add(f);
                } else {
                    sdistFiles.add(f);
                }
            }
            if (!matched) {
                continue;
            }
            String version = e.getKey().toString();
            if (wheels.isEmpty() && sdistFiles.isEmpty()) {
                if (chosen.isEmpty()) {
                    // A version withheld by the policy says so (what an admin looks for), else the first reason.
                    passed.add(
                            !held.isEmpty()
                                    ? new Passed(version, held.get(0).reason(), true)
                                    : new Passed(version, why == null ? "no file for " + describe(env) : why));
                }
                continue;
            }
            passed.addAll(held); // withheld files of a kept version
            List<FileEntry> files = new ArrayList<>(wheels);
            if (sdists || wheels.isEmpty()) {
                files.addAll(sdistFiles);
            }
            chosen.add(new Chosen(version, files));
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
        return env.label() + " on " + String.join("/", env.platforms());
    }
}
