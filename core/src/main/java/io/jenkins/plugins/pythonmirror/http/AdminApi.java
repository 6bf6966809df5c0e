package io.jenkins.plugins.pythonmirror.http;

import io.jenkins.plugins.pythonmirror.pep.ProjectName;
import io.jenkins.plugins.pythonmirror.policy.ReleasePolicy;
import io.jenkins.plugins.pythonmirror.store.FileKey;
import java.io.IOException;
import java.util.Map;
import java.util.Set;

/**
 * The admin actions behind {@code POST api/sync}, {@code POST api/purge} and {@code GET/PUT api/policy}; the engine
 * implements them.
 */
public interface AdminApi {

    /**
     * Starts a mirror sync with the configured spec in the background.
     *
     * @throws io.jenkins.plugins.pythonmirror.MirrorException 409 when one is running or no spec is configured
     */
    void startSync();

    /** Drops unpinned cached files and pages, of one project or (null) of all; returns what was removed. */
    Map<String, Object> purge(ProjectName project) throws IOException;

    /** The files mirror sync pinned; {@code links/} lists them beside the private files. */
    default Set<FileKey> pinnedFiles() {
        return Set.of();
    }

    /** The release policy in force. */
    ReleasePolicy policy();

    /**
     * Replaces the release policy: the host keeps it first (the policy file, the Jenkins configuration), then it
     * applies at once; if keeping it fails, nothing changed.
     *
     * @return the policy now in force
     */
    ReleasePolicy replacePolicy(ReleasePolicy policy) throws IOException;
}
