package io.jenkins.plugins.pythonmirror.report;

import java.util.Objects;

/**
 * One distribution file a session obtained from the mirror.
 *
 * @param project the normalized project name (PEP 503)
 * @param version the version as the filename gives it
 * @param filename the distribution's filename
 * @param sha256 its SHA-256, lower-case hex
 * @param size its size in bytes, or -1 when unknown
 * @param source where the mirror took it from
 */
public record Obtained(String project, String version, String filename, String sha256, long size, Source source) {

    public Obtained {
        Objects.requireNonNull(project, "project");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(filename, "filename");
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(source, "source");
    }
}
