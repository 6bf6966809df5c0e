package io.jenkins.plugins.pythonmirror.policy;

import io.jenkins.plugins.pythonmirror.pep.ProjectName;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the policy withholds right now, per project, for the status page and metrics: updated by every filtering of
 * a page ({@link #record}), recounted over all cached pages when the policy changes. Held files count only until
 * their instant passes, so the figures stay right between filterings. Holds a few numbers per project that has
 * withheld files or files of unknown age, nothing per visible file.
 */
public final class HeldBack {

    /** One project's figures at its last filtering. */
    private record Tally(List<Instant> heldUntil, int unknownAgeHeld, int blocked, int unknownAge) {}

    private final Map<ProjectName, Tally> projects = new ConcurrentHashMap<>();

    /** Replaces the figures of {@code project} with those of its latest filtering. */
    public void record(ProjectName project, PolicyFilter.Filtered filtered) {
        List<Instant> held = new ArrayList<>();
        int unknownHeld = 0;
        int blocked = 0;
        for (Decision d : filtered.withheld().values()) {
            switch (d.kind()) {
                case HELD -> held.add(d.until());
                case UNKNOWN_AGE -> unknownHeld++;
                case BLOCKED -> blocked++;
                default -> {}
            }
        }
        if (held.isEmpty() && unknownHeld == 0 && blocked == 0 && filtered.unknownAge() == 0) {
            projects.remove(project);
        } else {
            projects.put(project, new Tally(List.copyOf(held), unknownHeld, blocked, filtered.unknownAge()));
        }
    }

    /** Forgets a project (its page was purged). */
    public void forget(ProjectName project) {
        projects.remove(project);
    }

    /** Forgets everything (the policy changed; a recount follows). */
    public void clear() {
        projects.clear();
    }

    /**
     * The figures at {@code now}.
     *
     * @param filesHeldBack files withheld now, by age, unknown age or block
     * @param projectsHeldBack projects with at least one such file
     * @param filesBlocked of those, files on the block list
     * @param filesUnknownAge files without a readable upload time, served or not
     * @param nextRelease the earliest instant a held file becomes visible, or null
     */
    public record Counts(
            long filesHeldBack, long projectsHeldBack, long filesBlocked, long filesUnknownAge, Instant nextRelease) {}

    public Counts counts(Instant now) {
        long files = 0;
        long projectCount = 0;
        long blocked = 0;
        long unknown = 0;
        Instant next = null;
        for (Tally t : projects.values()) {
            long heldNow = 0;
            for (Instant until : t.heldUntil()) {
                if (now.isBefore(until)) {
                    heldNow++;
                    next = next == null || until.isBefore(next) ? until : next;
                }
            }
            long withheld = heldNow + t.unknownAgeHeld() + t.blocked();
            files += withheld;
            projectCount += withheld > 0 ? 1 : 0;
            blocked += t.blocked();
            unknown += t.unknownAge();
        }
        return new Counts(files, projectCount, blocked, unknown, next);
    }
}
