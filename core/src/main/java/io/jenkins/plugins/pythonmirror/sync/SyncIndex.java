package io.jenkins.plugins.pythonmirror.sync;

import io.jenkins.plugins.pythonmirror.pep.CoreMetadata;
import io.jenkins.plugins.pythonmirror.pep.ProjectName;
import io.jenkins.plugins.pythonmirror.simple.FileEntry;
import io.jenkins.plugins.pythonmirror.simple.ProjectPage;
import java.io.IOException;

/** What the {@link ClosureWalker} needs from the engine (an in-memory one in unit tests). */
public interface SyncIndex {

    /**
     * A page as the sync got it.
     *
     * @param page the page
     * @param unchanged whether the upstream confirmed the cached copy (304)
     * @param problem why the upstream could not be asked and the cached copy was used, or null
     */
    record PageAnswer(ProjectPage page, boolean unchanged, String problem) {}

    /**
     * Whether the upstream may be asked about {@code project} at all. A private project (uploaded here or matching a
     * private pattern) that the admin has not allowlisted is never looked up upstream: the walker skips it, with
     * {@link #PRIVATE_SKIP} as the reason, and never asks {@link #page}, {@link #selected} or {@link #metadata} about
     * it. The default allows every name.
     */
    default boolean upstreamAllowed(ProjectName project) {
        return true;
    }

    /** Why the walker passed over a private, non-allowlisted project. */
    String PRIVATE_SKIP = "private project: served from the private index, never looked up upstream";

    /**
     * Why the mirror's release policy withholds {@code file} now (held back by age, unknown age, blocked), or null
     * when it may be selected. A withheld file is never passed to {@link #selected}. The default withholds nothing.
     */
    default String withheld(ProjectName project, FileEntry file) {
        return null;
    }

    /** The project's page, revalidated with the upstream now, whatever its age. */
    PageAnswer page(ProjectName project);

    /**
     * The page {@link #page} answered earlier in this sync, without asking the upstream again. The walker keeps only
     * a few pages in memory and comes back here for the rest.
     */
    ProjectPage pageAgain(ProjectName project);

    /**
     * A hint that {@link #page} will be asked for {@code project} soon: an index may start revalidating it in the
     * background so that page requests overlap. The default does nothing.
     */
    default void prefetch(ProjectName project) {}

    /**
     * A hint that {@link #metadata} will be asked for {@code file} soon: an index may start fetching it in the
     * background. The default does nothing.
     */
    default void prefetchMetadata(ProjectName project, FileEntry file) {}

    /** File bytes this sync has downloaded so far (for progress). */
    default long bytesAdded() {
        return 0;
    }

    /** Starts bringing {@code file} into the cache (it is selected); returns at once. */
    void selected(ProjectName project, FileEntry file);

    /**
     * The core metadata of one file: the PEP 658 file when offered, else read from the (downloaded) wheel or sdist.
     */
    CoreMetadata metadata(ProjectName project, FileEntry file) throws IOException;
}
