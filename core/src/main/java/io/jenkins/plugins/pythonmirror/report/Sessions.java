package io.jenkins.plugins.pythonmirror.report;

import io.jenkins.plugins.pythonmirror.pep.DistributionFilename;
import io.jenkins.plugins.pythonmirror.pep.ProjectName;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Records, per session, the distribution files the mirror served and the projects it answered 404 for. A request
 * belongs to a session when its caller carries the session's id (a build token does); requests of no session cost
 * one map lookup and nothing else.
 *
 * <p>Memory is bounded: a session keeps at most {@code maxFiles} files (then it is marked truncated) and
 * {@link #MAX_MISSING} missing names, and a session nobody ended is dropped after {@code maxAge}.
 */
public final class Sessions {

    /** Files one session keeps; a build that installs more is reported as truncated. */
    public static final int DEFAULT_MAX_FILES = 20_000;
    /** Missing project names one session keeps. */
    public static final int MAX_MISSING = 1_000;
    /** A session not ended within this time (its host crashed) is dropped. */
    public static final Duration DEFAULT_MAX_AGE = Duration.ofDays(2);

    private final Clock clock;
    private final int maxFiles;
    private final Duration maxAge;
    private final Map<String, Recording> live = new ConcurrentHashMap<>();

    public Sessions(Clock clock, int maxFiles, Duration maxAge) {
        this.clock = clock;
        this.maxFiles = maxFiles;
        this.maxAge = maxAge;
    }

    public Sessions() {
        this(Clock.systemUTC(), DEFAULT_MAX_FILES, DEFAULT_MAX_AGE);
    }

    /**
     * Starts recording for {@code id}; starting a session that is already recording keeps what it has (a Pipeline
     * that resumes after a restart begins again).
     */
    public void begin(String id, String username, String label) {
        Instant now = clock.instant();
        live.values().removeIf(r -> r.startedAt.plus(maxAge).isBefore(now));
        live.computeIfAbsent(id, k -> new Recording(id, username, label, now));
    }

    /** Whether {@code id} is recording. */
    public boolean isLive(String id) {
        return id != null && live.containsKey(id);
    }

    /** Records that {@code session} got {@code filename}; nothing happens for an unknown or null session. */
    public void fileServed(String session, String filename, String sha256, long size, Source source) {
        Recording r = session == null ? null : live.get(session);
        if (r != null) {
            r.add(obtained(filename, sha256, size, source), maxFiles);
        }
    }

    /** Records that {@code session} asked for a project the mirror does not have (or hides). */
    public void notFound(String session, String project) {
        Recording r = session == null ? null : live.get(session);
        if (r != null) {
            r.missing(ProjectName.isValid(project) ? ProjectName.parse(project).normalized() : project);
        }
    }

    /** What the session has obtained so far. */
    public Optional<SessionReport> snapshot(String id) {
        Recording r = id == null ? null : live.get(id);
        return r == null ? Optional.empty() : Optional.of(r.report(null));
    }

    /** Ends the session and returns its report; empty when it is unknown (never begun, or ended already). */
    public Optional<SessionReport> end(String id) {
        Recording r = id == null ? null : live.remove(id);
        return r == null ? Optional.empty() : Optional.of(r.report(clock.instant()));
    }

    /** How many sessions are recording. */
    public int liveCount() {
        return live.size();
    }

    static Obtained obtained(String filename, String sha256, long size, Source source) {
        String project;
        String version;
        try {
            DistributionFilename parsed = DistributionFilename.parse(filename);
            project = parsed.name().normalized();
            version = parsed.version().toString();
        } catch (IllegalArgumentException e) {
            // Legacy forms (.egg, odd sdists): the name up to the first '-', the version up to the next.
            String[] parts = filename.split("-", 3);
            project =
                    ProjectName.isValid(parts[0]) ? ProjectName.parse(parts[0]).normalized() : parts[0];
            version = parts.length > 1 ? parts[1].replaceFirst("\\.(tar\\.gz|zip|egg|exe)$", "") : "";
        }
        return new Obtained(project, version, filename, sha256, size, source);
    }

    private static final class Recording {
        final String id;
        final String username;
        final String label;
        final Instant startedAt;
        /** By sha256: a file served twice (a retry, a revalidation) is listed once, with its first source. */
        final Map<String, Obtained> files = new LinkedHashMap<>();

        final TreeSet<String> missing = new TreeSet<>();
        boolean truncated;

        Recording(String id, String username, String label, Instant startedAt) {
            this.id = id;
            this.username = username;
            this.label = label;
            this.startedAt = startedAt;
        }

        synchronized void add(Obtained o, int maxFiles) {
            if (files.containsKey(o.sha256())) {
                return;
            }
            if (files.size() >= maxFiles) {
                truncated = true;
                return;
            }
            files.put(o.sha256(), o);
            missing.remove(o.project());
        }

        synchronized void missing(String project) {
            if (missing.size() < MAX_MISSING) {
                missing.add(project);
            }
        }

        synchronized SessionReport report(Instant endedAt) {
            return new SessionReport(
                    id,
                    username,
                    label,
                    startedAt,
                    endedAt,
                    new ArrayList<>(files.values()),
                    new ArrayList<>(missing),
                    truncated);
        }
    }
}
