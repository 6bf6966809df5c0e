package io.jenkins.plugins.pythonmirror.access;

import java.util.Objects;

/**
 * Who is asking, as the host established it: the standalone server from its users file, Jenkins from its own
 * authentication, permissions and build tokens.
 *
 * <p>Starting sessions is a capability beside the role rather than a rank of it: the {@code session} user of a CI
 * system reads like a reader and may start sessions, while an uploader, who ranks higher, may not. Roles stay a
 * strict order ({@link Role#includes}); {@link AccessPolicy#canStartSession} combines both.
 *
 * @param name the user name, or {@code anonymous}
 * @param role the highest role the caller holds
 * @param session the recording session its requests belong to (a build token's), or null
 * @param startsSessions whether the caller may start recording sessions over the API (standalone {@code session}
 *     users)
 */
public record Caller(String name, Role role, String session, boolean startsSessions) {

    public static final Caller ANONYMOUS = new Caller("anonymous", Role.ANONYMOUS);

    public Caller {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
    }

    /** A caller whose requests belong to no session. */
    public Caller(String name, Role role) {
        this(name, role, null, false);
    }

    /** A caller whose requests belong to {@code session} (a token's), who may not start sessions. */
    public Caller(String name, Role role, String session) {
        this(name, role, session, false);
    }

    public boolean has(Role needed) {
        return role.includes(needed);
    }

    public boolean isAnonymous() {
        return role == Role.ANONYMOUS;
    }
}
