package io.jenkins.plugins.pythonmirror.access;

import io.jenkins.plugins.pythonmirror.pep.ProjectName;

/**
 * The default {@link AccessPolicy}, decided by the caller's {@link Role} alone:
 *
 * <ul>
 *   <li>public cache: anyone if {@code anonymousRead}, else {@link Role#READER} and up;
 *   <li>private projects: {@link Role#READER} and up (every private project alike);
 *   <li>upload: {@link Role#UPLOADER} and up;
 *   <li>administration (yank, unyank, delete, purge, sync): {@link Role#ADMIN}.
 * </ul>
 */
public final class RolePolicy implements AccessPolicy {

    private final boolean anonymousRead;

    public RolePolicy(boolean anonymousRead) {
        this.anonymousRead = anonymousRead;
    }

    @Override
    public boolean canReadPublic(Caller caller) {
        return anonymousRead || caller.has(Role.READER);
    }

    @Override
    public boolean canReadPrivate(Caller caller, ProjectName project) {
        return caller.has(Role.READER);
    }

    @Override
    public boolean canUpload(Caller caller, ProjectName project) {
        return caller.has(Role.UPLOADER);
    }

    @Override
    public boolean canAdminister(Caller caller) {
        return caller.has(Role.ADMIN);
    }
}
