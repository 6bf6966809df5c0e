package io.jenkins.plugins.pythonmirror.pep;

import java.util.List;
import java.util.Locale;

/**
 * A source distribution filename: PEP 625 {@code pkg_name-1.0.tar.gz} or a legacy form such as
 * {@code pkg-name-1.0.zip}.
 *
 * <p>Without knowing the project, the name/version split is ambiguous when both parts contain hyphens; we split at
 * the right-most hyphen that leaves a valid version, so {@code foo-1.0-1.tar.gz} reads as {@code foo-1.0} version
 * {@code 1}. Use {@link #parse(String, ProjectName)} when the project is known.
 */
public record SdistFilename(ProjectName name, Version version, String extension, String filename)
        implements DistributionFilename {

    /** Recognised archive extensions; {@code .tar.gz} is the only one PEP 625 allows for new uploads. */
    public static final List<String> EXTENSIONS = List.of(".tar.gz", ".zip", ".tar.bz2", ".tgz", ".tar.xz", ".tar");

    /** Parses an sdist filename, quoting it and the reason on failure. */
    public static SdistFilename parse(String filename) {
        return parse(filename, null);
    }

    /** Parses an sdist filename of a known project, splitting after the part that names it. */
    public static SdistFilename parse(String filename, ProjectName project) {
        DistributionFilename.checkSafe(filename);
        String lower = filename.toLowerCase(Locale.ROOT);
        String extension = EXTENSIONS.stream()
                .filter(lower::endsWith)
                .findFirst()
                .orElseThrow(() -> new InvalidFilenameException(
                        filename, "does not end in one of " + String.join(", ", EXTENSIONS)));
        String stem = filename.substring(0, filename.length() - extension.length());
        for (int dash = stem.lastIndexOf('-'); dash > 0; dash = stem.lastIndexOf('-', dash - 1)) {
            String name = stem.substring(0, dash);
            String version = stem.substring(dash + 1);
            if (ProjectName.isValid(name)
                    && Version.isValid(version)
                    && version.strip().equals(version)
                    && (project == null || project.equals(ProjectName.parse(name)))) {
                return new SdistFilename(ProjectName.parse(name), Version.parse(version), extension, filename);
            }
        }
        throw new InvalidFilenameException(
                filename,
                project == null
                        ? "expected {name}-{version}" + extension + " with a PEP 440 version"
                        : "expected {name}-{version}" + extension + " with name '" + project + "'");
    }

    /** The PEP 625 spelling: normalized name with '_', normal-form version, the same extension. */
    public String canonicalFilename() {
        return name.filenameForm() + "-" + version + extension;
    }

    /** The filename as given. */
    @Override
    public String toString() {
        return filename;
    }
}
