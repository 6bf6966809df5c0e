package io.jenkins.plugins.pythonmirror.pep;

import java.util.Locale;
import java.util.Optional;

/**
 * The name of a distribution file: a wheel (PEP 427) or a source distribution (PEP 625 and legacy forms).
 *
 * <p>{@code DistributionFilename.parse("requests-2.31.0-py3-none-any.whl")} is a {@link WheelFilename}; anything
 * else must be an sdist. Filenames that could escape a directory or hold control characters are rejected.
 */
public sealed interface DistributionFilename permits WheelFilename, SdistFilename {

    ProjectName name();

    Version version();

    /** The filename as given. */
    String filename();

    /** Parses a wheel ({@code .whl}) or sdist filename. */
    static DistributionFilename parse(String filename) {
        checkSafe(filename);
        if (filename.toLowerCase(Locale.ROOT).endsWith(".whl")) {
            return WheelFilename.parse(filename);
        }
        return SdistFilename.parse(filename);
    }

    /**
     * The version part of a file of {@code project} exactly as the filename writes it, e.g. {@code 1.01} for
     * {@code foo-1.01.tar.gz} or {@code foobar} for {@code foo-foobar.zip}: what PEP 440 arbitrary equality
     * ({@code ===}) compares, and how a file is tied to a release (PEP 700 {@code versions}). Wheels must parse
     * (PEP 427); sdists, eggs and Windows installers are split after the part that names {@code project}. Empty when
     * the file is not one of the project's or names no version.
     */
    static Optional<String> versionAsWritten(String filename, ProjectName project) {
        return FilenameVersions.asWritten(filename, project);
    }

    /**
     * Rejects names that are empty, hidden, or contain path separators or control characters. Letters beyond
     * ASCII pass here (packaging accepts them in wheel names); the file store takes ASCII names only.
     */
    static void checkSafe(String filename) {
        if (filename == null || filename.isEmpty()) {
            throw new InvalidFilenameException(String.valueOf(filename), "is empty");
        }
        if (filename.length() > 255) {
            throw new InvalidFilenameException(filename.substring(0, 40) + "…", "is longer than 255 characters");
        }
        for (int i = 0; i < filename.length(); i++) {
            char c = filename.charAt(i);
            if (Character.isISOControl(c)) {
                throw new InvalidFilenameException(
                        printable(filename), "contains a control character at position " + i);
            }
            if (c == '/' || c == '\\') {
                throw new InvalidFilenameException(filename, "contains a path separator");
            }
        }
        if (filename.startsWith(".")) {
            throw new InvalidFilenameException(filename, "starts with '.'");
        }
    }

    private static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        s.codePoints().forEach(cp -> {
            if (Character.isISOControl(cp)) {
                sb.append(String.format("\\x%02x", cp));
            } else {
                sb.appendCodePoint(cp);
            }
        });
        return sb.toString();
    }
}
