package io.jenkins.plugins.pythonmirror.sync;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Locale;

/**
 * What one mirror sync did: kept in memory, written to {@code state/last-sync.json}, shown on the status page.
 *
 * @param startedAt ISO-8601 instant the sync began
 * @param finishedAt ISO-8601 instant it ended
 * @param projects project pages read (each revalidated once)
 * @param pagesNotModified pages the upstream confirmed unchanged (304)
 * @param filesSelected files the spec selects, all pinned
 * @param filesAdded files downloaded by this sync
 * @param bytesAdded bytes downloaded by this sync
 * @param bytesSelected bytes of all selected files
 * @param skipped versions, files or requirements passed over, with the reason (at most {@link #MAX_LISTED})
 * @param skippedTotal how many were passed over in all
 * @param skippedByPolicy of those, how many the mirror's release policy withheld (held back, blocked)
 * @param errors what failed (at most {@link #MAX_LISTED}); empty when the sync succeeded
 */
public record SyncReport(
        String startedAt,
        String finishedAt,
        int projects,
        int pagesNotModified,
        int filesSelected,
        int filesAdded,
        long bytesAdded,
        long bytesSelected,
        List<Skip> skipped,
        int skippedTotal,
        int skippedByPolicy,
        List<Problem> errors) {

    /** Lists in the report are cut here, so a huge spec cannot make the status page huge. */
    public static final int MAX_LISTED = 500;

    public SyncReport {
        skipped = List.copyOf(skipped);
        errors = List.copyOf(errors);
    }

    /**
     * A version, file or requirement passed over, and why; {@code policy} when the mirror's release policy withheld
     * it.
     */
    public record Skip(String project, String version, String reason, boolean policy) {
        public Skip(String project, String version, String reason) {
            this(project, version, reason, false);
        }
    }

    /** A failure: the project (or file) and what went wrong. */
    public record Problem(String project, String message) {}

    /** Whether nothing failed (also in the JSON, for status pages). */
    @JsonProperty("ok")
    public boolean ok() {
        return errors.isEmpty();
    }

    /** A few lines for a log or a terminal. */
    public String summary() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(
                Locale.ROOT,
                "Sync %s: %d project(s), %d file(s) selected (%s), %d added (%s), %d page(s) unchanged, "
                        + "%d skipped (%d by the release policy), %d error(s)%n",
                ok() ? "finished" : "FAILED",
                projects,
                filesSelected,
                humanBytes(bytesSelected),
                filesAdded,
                humanBytes(bytesAdded),
                pagesNotModified,
                skippedTotal,
                skippedByPolicy,
                errors.size()));
        for (Skip s : skipped) {
            sb.append("  skipped ")
                    .append(s.project())
                    .append(s.version() == null ? "" : " " + s.version())
                    .append(": ")
                    .append(s.reason())
                    .append(System.lineSeparator());
        }
        for (Problem p : errors) {
            sb.append("  ERROR ")
                    .append(p.project())
                    .append(": ")
                    .append(p.message())
                    .append(System.lineSeparator());
        }
        return sb.toString();
    }

    static String humanBytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
