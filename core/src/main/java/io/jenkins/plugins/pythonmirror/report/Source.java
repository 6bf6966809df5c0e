package io.jenkins.plugins.pythonmirror.report;

import java.util.Locale;

/** Where the mirror took a file it served to a session from. */
public enum Source {
    /** Already on the mirror (or the client's cached copy revalidated against it). */
    CACHE,
    /** Downloaded from an upstream for this request. */
    UPSTREAM,
    /** A private package uploaded to the mirror. */
    PRIVATE;

    /** The lower-case word used in JSON, pages and SBOM properties. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
