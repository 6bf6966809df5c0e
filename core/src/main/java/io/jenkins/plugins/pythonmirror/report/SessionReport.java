package io.jenkins.plugins.pythonmirror.report;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * What one session (a Jenkins build's {@code withPythonMirror} block, or a CI job's session on the standalone
 * server) obtained from the mirror.
 *
 * @param id the session's id
 * @param username the token's user name, such as {@code build-12}
 * @param label what the host calls the session (a stage name), or null
 * @param startedAt when it began
 * @param endedAt when it ended, or null while it runs
 * @param files the distribution files served, each once, sorted by project, version and filename
 * @param missing projects asked for that the mirror answered 404 (missing, or hidden), sorted
 * @param truncated whether the session asked for more files than one report keeps ({@link Sessions})
 */
public record SessionReport(
        String id,
        String username,
        String label,
        Instant startedAt,
        Instant endedAt,
        List<Obtained> files,
        List<String> missing,
        boolean truncated) {

    static final Comparator<Obtained> ORDER = Comparator.comparing(Obtained::project)
            .thenComparing(Obtained::version)
            .thenComparing(Obtained::filename);

    public SessionReport {
        files = files.stream().sorted(ORDER).toList();
        missing = missing.stream().sorted().toList();
    }

    /** One line, such as "41 files, 38 from cache, 3 fetched (12.1 MB), 2 private". */
    public String summary() {
        return summary(files);
    }

    /** The summary line of any list of files. */
    public static String summary(List<Obtained> files) {
        long cache = files.stream().filter(f -> f.source() == Source.CACHE).count();
        List<Obtained> fetched =
                files.stream().filter(f -> f.source() == Source.UPSTREAM).toList();
        long fetchedBytes =
                fetched.stream().mapToLong(f -> Math.max(0, f.size())).sum();
        long own = files.stream().filter(f -> f.source() == Source.PRIVATE).count();
        return String.format(
                Locale.ROOT,
                "%d file%s, %d from cache, %d fetched (%s), %d private",
                files.size(),
                files.size() == 1 ? "" : "s",
                cache,
                fetched.size(),
                megabytes(fetchedBytes),
                own);
    }

    /** Decimal megabytes with one decimal, as pip prints sizes. */
    static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1_000_000.0);
    }
}
