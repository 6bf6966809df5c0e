package io.jenkins.plugins.pythonmirror.access;

import io.jenkins.plugins.pythonmirror.pep.ProjectName;

/**
 * The default {@link AccessPolicy}, decided by the caller's {@link Role} alone:
 *
 * <ul>
 *   <li>public cache: anyone if {@code anonymousRead}, else {@link Role#READER} and up;
 *   <li>private projects: {@link Role#READER} and up (every private project alike);
 *   <li>upload: {@link Role#UPLOADER} and up;
 *   <li>administration (yank, unyank, delete, purge, sync): {@link Role#ADMIN};
 *   <li>starting sessions: {@link Role#ADMIN}, or a caller with {@link Caller#startsSessions()} (a {@code session}
 *       user of the standalone server), whatever its role; a publishing session also needs {@link Role#UPLOADER};
 *   <li>reading and ending a session: its creator and admins (never a token, not even the session's own).
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

    @Override
    public boolean canStartSession(Caller caller, boolean publish) {
        // A token's caller never starts sessions of its own, whatever its flags say.
        boolean starts = caller.session() == null && (caller.has(Role.ADMIN) || caller.startsSessions());
        return starts && (!publish || caller.has(Role.UPLOADER));
    }

    @Override
    public boolean canReadSession(Caller caller, String creator) {
        if (caller.isAnonymous() || caller.session() != null) {
            return false;
        }
        return caller.has(Role.ADMIN) || caller.name().equals(creator);
    }
}
