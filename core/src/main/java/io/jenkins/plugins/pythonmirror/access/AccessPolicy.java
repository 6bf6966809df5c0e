package io.jenkins.plugins.pythonmirror.access;

import io.jenkins.plugins.pythonmirror.pep.ProjectName;

/**
 * Every access decision of the engine, behind one small interface so that each host can map its own notion of
 * users onto it (the standalone server: roles from its users file; Jenkins: permissions via {@link
 * PermissionRoles}). The engine turns a refusal into the right status: 401 for an anonymous caller, 403 for a known
 * one, and 404 for a private project the caller may not read, so that its name does not leak.
 */
public interface AccessPolicy {

    /** May read the public cache: project pages of upstream projects, their files, status and metrics. */
    boolean canReadPublic(Caller caller);

    /** May see the private project {@code project}: its page, its files, its name in listings. */
    boolean canReadPrivate(Caller caller, ProjectName project);

    /** May upload files of {@code project}. */
    boolean canUpload(Caller caller, ProjectName project);

    /** May yank, unyank and delete private files, purge and trigger syncs. */
    boolean canAdminister(Caller caller);

    /**
     * May start a recording session over the API ({@code POST api/sessions}); with {@code publish}, one whose token
     * may upload. A session's token never gets more than its creator may do.
     */
    boolean canStartSession(Caller caller, boolean publish);

    /** May read and end the session {@code creator} started: its report, its SBOM. */
    boolean canReadSession(Caller caller, String creator);
}
