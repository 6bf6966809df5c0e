package io.jenkins.plugins.pythonmirror.sync;

/**
 * Which versions of a project a sync keeps: {@code latest} (the newest matching one), {@code all}, or the newest
 * {@code N} matching ones.
 *
 * @param newest how many of the newest matching versions to keep; {@link Integer#MAX_VALUE} for all
 */
public record VersionPolicy(int newest) {

    public static final VersionPolicy LATEST = new VersionPolicy(1);
    public static final VersionPolicy ALL = new VersionPolicy(Integer.MAX_VALUE);

    public VersionPolicy {
        if (newest < 1) {
            throw new IllegalArgumentException("versions must be latest, all or a number of at least 1");
        }
    }

    /** Parses {@code latest}, {@code all} or a positive number. */
    public static VersionPolicy parse(String text) {
        String t = text == null ? "" : text.strip();
        if (t.equals("latest")) {
            return LATEST;
        }
        if (t.equals("all")) {
            return ALL;
        }
        try {
            return new VersionPolicy(Integer.parseInt(t));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "versions must be latest, all or a number of at least 1, not '" + t + "'");
        }
    }

    @Override
    public String toString() {
        return newest == 1 ? "latest" : newest == Integer.MAX_VALUE ? "all" : Integer.toString(newest);
    }
}
