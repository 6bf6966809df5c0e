package io.jenkins.plugins.pythonmirror.pep;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the version out of a distribution filename as written; see {@link DistributionFilename#versionAsWritten}. */
final class FilenameVersions {

    /** Old binary formats still listed on some pages: eggs and Windows installers. */
    private static final Set<String> LEGACY_EXTENSIONS = Set.of(".egg", ".exe", ".msi");
    /** bdist_egg: {@code version-pyX.Y[-platform]}; bdist_wininst/msi: {@code version.platform[-pyX.Y]}. */
    private static final Pattern LEGACY_VERSION =
            Pattern.compile("(.+?)(?:-py\\d.*|\\.(?:win|linux|macosx|cygwin).*|-.*)?");

    private FilenameVersions() {}

    static Optional<String> asWritten(String filename, ProjectName project) {
        if (filename == null || project == null) {
            return Optional.empty();
        }
        String lower = filename.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".whl")) {
            try {
                WheelFilename wheel = WheelFilename.parse(filename);
                return wheel.name().equals(project) ? Optional.of(filename.split("-", -1)[1]) : Optional.empty();
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
        String stem = null;
        for (String ext : SdistFilename.EXTENSIONS) {
            if (lower.endsWith(ext)) {
                stem = filename.substring(0, filename.length() - ext.length());
                break;
            }
        }
        boolean legacy = stem == null;
        if (legacy) {
            int dot = filename.lastIndexOf('.');
            if (dot < 0 || !LEGACY_EXTENSIONS.contains(lower.substring(dot))) {
                return Optional.empty();
            }
            stem = filename.substring(0, dot);
        }
        // The name part may itself contain '-': split at the dash after which the rest names the project.
        for (int dash = stem.indexOf('-'); dash > 0; dash = stem.indexOf('-', dash + 1)) {
            if (ProjectName.normalize(stem.substring(0, dash)).equals(project.normalized())) {
                String rest = stem.substring(dash + 1);
                if (legacy) {
                    Matcher m = LEGACY_VERSION.matcher(rest);
                    rest = m.matches() ? m.group(1) : "";
                }
                return rest.isEmpty() ? Optional.empty() : Optional.of(rest);
            }
        }
        return Optional.empty();
    }
}
